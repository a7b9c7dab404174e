"""The bank engine's refusals, in English and Indonesian."""

from __future__ import annotations

from backoffice.catalogue import Localized, MessageDef
from backoffice.errors import ActionRefused


def refuse(en: str, id_: str, fix_en: str, fix_id: str) -> ActionRefused:
    """An :class:`ActionRefused` with its reason and its fix in both languages."""
    return ActionRefused(detail=Localized(en, id_), fix=Localized(fix_en, fix_id))


def unreadable(name: str, en: str, id_: str) -> ActionRefused:
    """A statement file that cannot be read as it claims to be."""
    return refuse(f"{name}: {en}", f"{name}: {id_}",
                  "Download the statement again from the bank, or import it as a generic CSV "
                  "with --columns.",
                  "Unduh lagi mutasinya dari bank, atau impor sebagai CSV umum dengan "
                  "--columns.")


MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "bank-account-not-cash", "error", "cell",
        "Account {value} of this bank statement line is not a cash or bank account in "
        "Accounts: the line belongs to no bank account's reconciliation.",
        "Akun {value} di baris mutasi bank ini bukan akun kas atau bank di Akun: barisnya "
        "tidak masuk rekonsiliasi rekening bank mana pun.",
        "Write the code of the cash or bank account the statement is for (Cash flow: Cash "
        "in Accounts).",
        "Tulis kode akun kas atau bank pemilik mutasi ini (Arus kas: Kas di Akun).",
    ),
    MessageDef(
        "bank-lines-unreconciled", "warning", "row",
        "{count} lines of account {account} on the bank statement are not reconciled "
        "(the first on {date}).",
        "{count} baris rekening {account} di mutasi bank belum direkonsiliasi "
        "(yang pertama tanggal {date}).",
        "Run 'backoffice bank reconcile' for the month and confirm (or reject) its proposals "
        "in the Status column.",
        "Jalankan 'backoffice bank reconcile' untuk bulannya lalu konfirmasi (atau tolak) "
        "usulannya di kolom Status.",
    ),
    MessageDef(
        "bank-balance-break", "warning", "row",
        "The running balance of account {account} breaks here: the line before ends at "
        "{before}, this line's {amount} should give {expected}, the bank says {balance} "
        "(difference {difference}): lines are missing, perhaps a statement not imported.",
        "Saldo berjalan rekening {account} putus di sini: baris sebelumnya berakhir "
        "{before}, {amount} di baris ini semestinya menjadi {expected}, bank menyebut "
        "{balance} (selisih {difference}): ada baris yang hilang, mungkin mutasi yang belum "
        "diimpor.",
        "Import the missing statement ('backoffice bank import').",
        "Impor mutasi yang belum ada ('backoffice bank import').",
    ),
)
