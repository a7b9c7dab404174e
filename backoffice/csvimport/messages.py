"""The CSV import's problem codes, in English and Indonesian.

Registered in :data:`backoffice.catalogue._CAPABILITY_MODULES`; raised by
:mod:`backoffice.importing`.
"""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "csv-code-page", "warning", "book",
        "{file} is not UTF-8 text: it was read as Windows code page 1252, as Excel's "
        "\"CSV (Comma delimited)\" saves it.",
        "{file} bukan teks UTF-8: dibaca sebagai Windows code page 1252, seperti Excel "
        "menyimpan \"CSV (Comma delimited)\".",
        "Check letters beyond A–Z in the imported rows; next time save as \"CSV UTF-8\".",
        "Periksa huruf di luar A–Z pada baris yang diimpor; lain kali simpan sebagai "
        "\"CSV UTF-8\".",
    ),
    MessageDef(
        "import-number-exists", "error", "cell",
        "{header} {value} is already in the book ({in_sheet}, row {in_row}).",
        "{header} {value} sudah ada di buku ({in_sheet}, baris {in_row}).",
        "Importing the same file twice would add its lines twice: leave out the lines "
        "already imported, or give them new numbers.",
        "Mengimpor berkas yang sama dua kali akan menambah barisnya dua kali: buang baris "
        "yang sudah diimpor, atau beri nomor baru.",
    ),
)
