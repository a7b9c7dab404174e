"""Issue codes of the compliance calendar (the Filings / Pelaporan sheet), in English and
Indonesian."""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "filing-unknown-obligation", "error", "cell",
        "{header}: '{value}' is not an obligation backoffice knows.",
        "{header}: '{value}' bukan kewajiban yang dikenal backoffice.",
        "Type one of: {known}.",
        "Ketik salah satu dari: {known}.",
    ),
    MessageDef(
        "filing-bad-period", "error", "cell",
        "{header}: '{value}' is not a period of {obligation} ({expected}).",
        "{header}: '{value}' bukan masa untuk {obligation} ({expected}).",
        "Type the period as {expected}.",
        "Ketik masanya sebagai {expected}.",
    ),
    MessageDef(
        "compliance-late", "warning", "row",
        "{obligation} for {period} was due on {due} and is not recorded as paid or filed "
        "({days} days late). Penalty: {penalty} ({source}).",
        "{obligation} masa {period} jatuh tempo {due} dan belum tercatat disetor atau "
        "dilaporkan (terlambat {days} hari). Sanksi: {penalty} ({source}).",
        "Pay or file it, then record the date and the NTPN or receipt number on {filings}.",
        "Setor atau laporkan, lalu catat tanggal dan NTPN atau nomor bukti di {filings}.",
    ),
    MessageDef(
        "compliance-done-late", "warning", "row",
        "{obligation} for {period} was due on {due} and was done on {date}, {days} days late. "
        "Penalty: {penalty} ({source}).",
        "{obligation} masa {period} jatuh tempo {due} dan baru diselesaikan {date}, terlambat "
        "{days} hari. Sanksi: {penalty} ({source}).",
        "Expect the penalty notice (STP), or pay the penalty with the next deposit.",
        "Perhitungkan Surat Tagihan Pajak (STP), atau bayar dendanya bersama setoran berikutnya.",
    ),
    MessageDef(
        "compliance-underpaid", "warning", "cell",
        "{obligation} for {period}: {paid} paid, the books say {owed} ({short} short).",
        "{obligation} masa {period}: disetor {paid}, menurut pembukuan {owed} (kurang {short}).",
        "Pay the difference, or correct the amount if the books are wrong.",
        "Setor kekurangannya, atau betulkan jumlahnya bila pembukuan yang keliru.",
    ),
    MessageDef(
        "employee-no-religion", "warning", "cell",
        "{employee}: no religion, so the calendar cannot tell which holiday their THR is due "
        "before (Permenaker 6/2016).",
        "{employee}: agama kosong, sehingga kalender tidak dapat menentukan hari raya batas "
        "THR-nya (Permenaker 6/2016).",
        "Choose the employee's religion in {header} (Upgrade adds the column to an older book).",
        "Pilih agama karyawan di {header} (Perbarui menambahkan kolomnya ke buku lama).",
    ),
)
