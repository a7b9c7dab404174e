"""Google Sheets failures a person understands, in English and Bahasa Indonesia.

Google's answers are read by status and reason: a 403 because the sheet is not shared
with the service account says which e-mail to share it with; a Workspace domain that
forbids outside sharing says that; a 404 means the id is wrong; quota that stays
exhausted after the retries says so and when to try again.
"""

from __future__ import annotations

from typing import Any

from backoffice.errors import EXIT_RETRY, EXIT_UNUSABLE, BackofficeError

#: code -> (en, id); {placeholders} from the error's parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    "gsheet-not-shared": (
        "The Google Sheet {sheet} is not shared with backoffice's service account. Share it with "
        "{email} as Editor (Share button, top right).",
        "Google Sheet {sheet} belum dibagikan ke akun layanan backoffice. Bagikan ke {email} "
        "sebagai Editor (tombol Bagikan, kanan atas)."),
    "gsheet-domain-forbids": (
        "The Google Sheet {sheet} belongs to the Workspace domain {domain}, which forbids sharing "
        "outside it, so {email} cannot be given access. Ask the domain's administrator to allow it, "
        "or use a service account of that domain.",
        "Google Sheet {sheet} milik domain Workspace {domain} yang melarang berbagi ke luar, jadi "
        "{email} tidak bisa diberi akses. Minta administrator domain mengizinkannya, atau pakai akun "
        "layanan dari domain itu."),
    "gsheet-read-only": (
        "backoffice can read the Google Sheet {sheet} but not write it: share it with {email} as "
        "Editor, not Viewer.",
        "backoffice bisa membaca Google Sheet {sheet} tetapi tidak bisa menulis: bagikan ke {email} "
        "sebagai Editor, bukan Pelihat."),
    "gsheet-not-found": (
        "No Google Sheet has the id {sheet}: check the address (the part between /d/ and /edit).",
        "Tidak ada Google Sheet dengan id {sheet}: periksa alamatnya (bagian antara /d/ dan /edit)."),
    "gsheet-no-storage": (
        "Google refused to create a file: service accounts have no Drive storage of their own. "
        "Create an empty spreadsheet yourself, share it with {email} as Editor, and pass its id.",
        "Google menolak membuat berkas: akun layanan tidak punya ruang Drive sendiri. Buat "
        "spreadsheet kosong sendiri, bagikan ke {email} sebagai Editor, lalu berikan id-nya."),
    "gsheet-quota": (
        "Google's quota for backoffice's service account stayed exhausted after {tries} tries "
        "({detail}); nothing more was written.",
        "Kuota Google untuk akun layanan backoffice tetap habis setelah {tries} kali mencoba "
        "({detail}); tidak ada lagi yang ditulis."),
    "gsheet-quota-busy": (
        "Google's quota for backoffice's service account ({reads} reads and {writes} writes a "
        "minute, shared by every book this server or computer works on) is used up by other "
        "actions for the next {seconds} s, longer than an action waits; nothing more was written.",
        "Kuota Google untuk akun layanan backoffice ({reads} baca dan {writes} tulis per menit, "
        "dipakai bersama oleh semua buku yang dikerjakan server atau komputer ini) terpakai habis "
        "oleh tindakan lain selama {seconds} detik ke depan, lebih lama dari waktu tunggu sebuah "
        "tindakan; tidak ada lagi yang ditulis."),
    "gsheet-unavailable": (
        "Google Sheets did not answer properly after {tries} tries ({detail}); nothing more was "
        "written.",
        "Google Sheets tidak menjawab dengan benar setelah {tries} kali mencoba ({detail}); tidak "
        "ada lagi yang ditulis."),
    "gsheet-no-key": (
        "No service-account key: set GOOGLE_APPLICATION_CREDENTIALS to the key's .json file "
        "(README, Google Sheets set-up).",
        "Belum ada kunci akun layanan: isi GOOGLE_APPLICATION_CREDENTIALS dengan berkas .json "
        "kuncinya (README, pengaturan Google Sheets)."),
    "gsheet-bad-address": (
        "{text} is not a Google Sheet address: write gsheet:<id> or gsheet:<the sheet's URL>.",
        "{text} bukan alamat Google Sheet: tulis gsheet:<id> atau gsheet:<URL sheet>."),
    "gsheet-not-empty": (
        "The Google Sheet {sheet} already has data in {detail}; a template goes only into an empty "
        "spreadsheet.",
        "Google Sheet {sheet} sudah berisi data di {detail}; template hanya dipasang di spreadsheet "
        "kosong."),
    "gsheet-post-to": (
        "--post-to {text}: the ledger a payroll or stock run posts to must be a file for now, not "
        "a Google Sheet. Post to the ledger's .xlsx, or leave --post-to out.",
        "--post-to {text}: buku besar tujuan posting penggajian atau stok untuk sementara harus "
        "berupa berkas, bukan Google Sheet. Posting ke .xlsx buku besar itu, atau hapus --post-to."),
    "gsheet-api": (
        "Google Sheets refused the request for {sheet}: {detail}",
        "Google Sheets menolak permintaan untuk {sheet}: {detail}"),
}

AFTER = {"gsheet-quota": ("Try again in a minute.", "Coba lagi semenit lagi."),
         "gsheet-quota-busy": ("Try again in a minute.", "Coba lagi semenit lagi."),
         "gsheet-unavailable": ("Try again later.", "Coba lagi nanti.")}


class GsheetsError(BackofficeError):
    """A Google Sheets failure; its text comes from :data:`MESSAGES`."""

    code = "gsheet-api"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        if self.code in ("gsheet-quota", "gsheet-quota-busy", "gsheet-unavailable"):
            self.exit_code = EXIT_RETRY
        else:
            self.exit_code = EXIT_UNUSABLE

    def render(self, lang: str = "en") -> str:
        en, id_ = MESSAGES[self.code]
        text = (id_ if lang == "id" else en).format_map(_Defaulting(self.params))
        after = AFTER.get(self.code)
        return f"{text} {after[1] if lang == 'id' else after[0]}" if after else text


class _Defaulting(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
