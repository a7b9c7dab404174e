"""The message catalogue: every issue and failure code, in English and Indonesian.

A code is stable (scripts and the Issues sheet key on it) and kebab-case. Each
entry says what is wrong and how to fix it, with ``{placeholders}`` filled from
the issue's parameters. Wording follows hledger's balance assertion: say what
was calculated, what was expected, and the difference.

``docs/issue-codes.md`` is generated from this module
(``backoffice codes --markdown``); a test fails when it is out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Localized:
    """A parameter that reads differently in each language (a list of labels, a reason)."""

    en: str
    id: str

    def __str__(self) -> str:
        return self.en

    def pick(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


@dataclass(frozen=True, slots=True)
class MessageDef:
    """One catalogue entry.

    Attributes:
        code: stable kebab-case identifier.
        severity: "error" (blocks the action, exit 1) or "warning" (reported only).
        category: "cell" (one cell), "row", "sheet", "book" or "failure" (stops the action).
        en, id: what is wrong, as a template.
        fix_en, fix_id: how to fix it, as a template.
    """

    code: str
    severity: Severity
    category: str
    en: str
    id: str
    fix_en: str
    fix_id: str


_ENTRIES = (
    # -- cells -----------------------------------------------------------------
    MessageDef(
        "required-missing", "error", "cell",
        "{header} is empty.",
        "{header} kosong.",
        "Fill in {header}.",
        "Isi {header}.",
    ),
    MessageDef(
        "formula-not-calculated", "error", "cell",
        "The formula {formula} has no calculated value.",
        "Rumus {formula} belum punya nilai hasil hitung.",
        "Open the workbook in Excel or LibreOffice and save it, or recalculate (Ctrl+Alt+F9).",
        "Buka buku kerja di Excel atau LibreOffice lalu simpan, atau hitung ulang (Ctrl+Alt+F9).",
    ),
    MessageDef(
        "cell-error", "error", "cell",
        "The cell shows the error {value}.",
        "Sel menampilkan galat {value}.",
        "Correct the formula or the cells it refers to so that it gives a value.",
        "Perbaiki rumusnya atau sel yang dirujuknya agar menghasilkan nilai.",
    ),
    MessageDef(
        "text-formula-like", "error", "cell",
        "{header}: '{value}' {where}, which a spreadsheet reads as the start of a formula; "
        "this text goes into the tax office's import files as it is.",
        "{header}: '{value}' {where}, yang dibaca spreadsheet sebagai awal rumus; teks ini "
        "masuk apa adanya ke berkas impor kantor pajak.",
        "Begin the text, and any part of it after a comma, semicolon or line break, with a "
        "letter or digit.",
        "Awali teksnya, dan setiap bagiannya sesudah koma, titik koma atau baris baru, dengan "
        "huruf atau angka.",
    ),
    MessageDef(
        "not-a-date", "error", "cell",
        "{header}: '{value}' is not a date.",
        "{header}: '{value}' bukan tanggal.",
        "Type a date such as {example}, or a date Excel recognises.",
        "Ketik tanggal seperti {example}, atau tanggal yang dikenali Excel.",
    ),
    MessageDef(
        "not-an-amount", "error", "cell",
        "{header}: '{value}' is not an amount.",
        "{header}: '{value}' bukan jumlah uang.",
        "Type the amount as a number, e.g. 1500000 or 1500000.50.",
        "Ketik jumlahnya sebagai angka, mis. 1500000 atau 1500000,50.",
    ),
    MessageDef(
        "amount-text-ambiguous", "warning", "cell",
        "{header}: the text '{value}' could mean {first} or {second}; it was read as {chosen} "
        "(locale {locale}).",
        "{header}: teks '{value}' bisa berarti {first} atau {second}; dibaca sebagai {chosen} "
        "(lokal {locale}).",
        "Type the amount as a number rather than as text, so there is no doubt.",
        "Ketik jumlahnya sebagai angka, bukan teks, agar tidak meragukan.",
    ),
    MessageDef(
        "amount-currency-mismatch", "error", "cell",
        "{header}: '{value}' is marked as {found}, but this amount is in {currency}; it was "
        "not read.",
        "{header}: '{value}' bertanda {found}, padahal jumlah ini dalam {currency}; tidak "
        "dibaca.",
        "Type the amount in {currency} (with no mark, or {currency}'s own); an amount in {found} "
        "belongs in a row whose currency is {found}.",
        "Ketik jumlahnya dalam {currency} (tanpa tanda, atau tanda {currency}); jumlah dalam "
        "{found} masuk ke baris yang mata uangnya {found}.",
    ),
    MessageDef(
        "amount-too-precise", "error", "cell",
        "{header}: {value} has more decimals than {currency} allows ({exponent}).",
        "{header}: {value} punya desimal lebih banyak dari yang diizinkan {currency} ({exponent}).",
        "Round the amount to {exponent} decimals.",
        "Bulatkan jumlahnya menjadi {exponent} desimal.",
    ),
    MessageDef(
        "amount-negative", "error", "cell",
        "{header}: {value} is negative.",
        "{header}: {value} bernilai negatif.",
        "Type the amount as a positive number in the other column (Debit or Credit).",
        "Ketik jumlahnya sebagai angka positif di kolom lawannya (Debit atau Kredit).",
    ),
    MessageDef(
        "amount-too-large", "error", "cell",
        "{header}: {value} is larger than backoffice can keep exactly.",
        "{header}: {value} terlalu besar untuk disimpan dengan tepat.",
        "Check the amount; split it over several lines if it is right.",
        "Periksa jumlahnya; pecah menjadi beberapa baris jika memang benar.",
    ),
    MessageDef(
        "not-a-number", "error", "cell",
        "{header}: '{value}' is not a number.",
        "{header}: '{value}' bukan angka.",
        "Type a number.",
        "Ketik sebuah angka.",
    ),
    MessageDef(
        "not-a-whole-number", "error", "cell",
        "{header}: '{value}' is not a whole number.",
        "{header}: '{value}' bukan bilangan bulat.",
        "Type a whole number without decimals.",
        "Ketik bilangan bulat tanpa desimal.",
    ),
    MessageDef(
        "out-of-range", "error", "cell",
        "{header}: {value} is outside {low}–{high}.",
        "{header}: {value} di luar {low}–{high}.",
        "Type a value from {low} to {high}.",
        "Ketik nilai dari {low} sampai {high}.",
    ),
    MessageDef(
        "not-in-list", "error", "cell",
        "{header}: '{value}' is not one of {choices}.",
        "{header}: '{value}' bukan salah satu dari {choices}.",
        "Pick a value from the list.",
        "Pilih nilai dari daftar.",
    ),
    MessageDef(
        "unknown-currency", "error", "cell",
        "{header}: '{value}' is not an ISO 4217 currency code.",
        "{header}: '{value}' bukan kode mata uang ISO 4217.",
        "Use a three-letter code such as IDR, USD or SGD, or leave it blank for {base}.",
        "Gunakan kode tiga huruf seperti IDR, USD atau SGD, atau kosongkan untuk {base}.",
    ),
    MessageDef(
        "identity-is-number", "error", "cell",
        "{header}: {value} was typed as a number; Excel keeps only 15 digits, so digits may "
        "already be lost.",
        "{header}: {value} diketik sebagai angka; Excel hanya menyimpan 15 digit, jadi digit bisa "
        "sudah hilang.",
        "Format the column as Text and type the number again (or start it with an apostrophe: '…).",
        "Format kolom sebagai Teks lalu ketik ulang nomornya (atau awali dengan apostrof: '…).",
    ),
    MessageDef(
        "duplicate-key", "error", "cell",
        "{header} '{value}' appears more than once (also row {other_row}).",
        "{header} '{value}' muncul lebih dari sekali (juga di baris {other_row}).",
        "Give each row its own {header}, or delete the duplicate row.",
        "Beri setiap baris {header} sendiri, atau hapus baris duplikatnya.",
    ),
    # -- settings ----------------------------------------------------------------
    MessageDef(
        "setting-unknown", "warning", "cell",
        "'{value}' is not a setting backoffice knows; it is ignored.",
        "'{value}' bukan pengaturan yang dikenal backoffice; diabaikan.",
        "Check the spelling; known settings: {known}.",
        "Periksa ejaannya; pengaturan yang dikenal: {known}.",
    ),
    MessageDef(
        "setting-missing", "error", "sheet",
        "The setting {setting} is missing.",
        "Pengaturan {setting} tidak ada.",
        "Add a row '{setting}' with its value to the {sheet} sheet.",
        "Tambahkan baris '{setting}' beserta nilainya di sheet {sheet}.",
    ),
    MessageDef(
        "sheet-missing-default", "warning", "book",
        "There is no {sheet} sheet; {what}.",
        "Tidak ada sheet {sheet}; {what}.",
        "Add the {sheet} sheet (backoffice new makes a complete book).",
        "Tambahkan sheet {sheet} (backoffice new membuat buku yang lengkap).",
    ),
    # -- accounts ----------------------------------------------------------------
    MessageDef(
        "parent-unknown", "error", "cell",
        "Parent account {value} is not in {accounts}.",
        "Akun induk {value} tidak ada di {accounts}.",
        "Add account {value} to {accounts}, or correct the parent code.",
        "Tambahkan akun {value} ke {accounts}, atau perbaiki kode induknya.",
    ),
    MessageDef(
        "parent-cycle", "error", "cell",
        "Account {value} is its own ancestor ({path}).",
        "Akun {value} menjadi leluhurnya sendiri ({path}).",
        "Correct the Parent column so the hierarchy has no loop.",
        "Perbaiki kolom Induk agar hierarki tidak berputar.",
    ),
    MessageDef(
        "parent-type-differs", "warning", "cell",
        "Account {value} is {type} but its parent {parent} is {parent_type}.",
        "Akun {value} bertipe {type} tetapi induknya {parent} bertipe {parent_type}.",
        "Give the account the same type as its parent, or choose another parent.",
        "Samakan tipe akun dengan induknya, atau pilih induk lain.",
    ),
    # -- journal -----------------------------------------------------------------
    MessageDef(
        "account-unknown", "error", "cell",
        "Account {value} is not in {accounts}.",
        "Akun {value} tidak ada di {accounts}.",
        "Use an account code from {accounts}, or add the account there first.",
        "Gunakan kode akun dari {accounts}, atau tambahkan akunnya di sana lebih dulu.",
    ),
    MessageDef(
        "account-is-parent", "error", "cell",
        "Account {value} has sub-accounts ({children}); post to one of those instead.",
        "Akun {value} punya sub-akun ({children}); posting ke salah satunya.",
        "Use a sub-account that has no children of its own.",
        "Gunakan sub-akun yang tidak punya turunan.",
    ),
    MessageDef(
        "debit-and-credit", "error", "row",
        "Row {row} has both a debit ({debit}) and a credit ({credit}).",
        "Baris {row} berisi debit ({debit}) dan kredit ({credit}) sekaligus.",
        "Keep one of them; put the other on a line of its own.",
        "Pertahankan salah satunya; pindahkan yang lain ke baris tersendiri.",
    ),
    MessageDef(
        "debit-or-credit-missing", "error", "row",
        "Row {row} has neither a debit nor a credit.",
        "Baris {row} tidak berisi debit maupun kredit.",
        "Type the amount in Debit or in Credit, or delete the row.",
        "Ketik jumlahnya di Debit atau di Kredit, atau hapus barisnya.",
    ),
    MessageDef(
        "entry-unbalanced", "error", "row",
        "Entry {entry} does not balance in {currency}: debits {debit}, credits {credit}, "
        "difference {difference} (rows {rows}).",
        "Bukti {entry} tidak seimbang dalam {currency}: debit {debit}, kredit {credit}, "
        "selisih {difference} (baris {rows}).",
        "Correct an amount or add the missing line so that debits equal credits.",
        "Perbaiki jumlahnya atau tambahkan baris yang kurang agar debit sama dengan kredit.",
    ),
    MessageDef(
        "balance-assertion-failed", "error", "cell",
        "The balance of {account} in {currency} at the end of {date} is not as asserted: "
        "calculated {calculated}, asserted {asserted}, difference {difference}.",
        "Saldo {account} dalam {currency} pada akhir {date} tidak sesuai asersi: "
        "dihitung {calculated}, diasersikan {asserted}, selisih {difference}.",
        "Find the missing or wrong journal line, or correct the asserted balance.",
        "Cari baris jurnal yang kurang atau salah, atau perbaiki saldo yang diasersikan.",
    ),
    MessageDef(
        "rate-missing", "warning", "cell",
        "{count} lines in {currency} have no exchange rate (the first on {date}); statements in "
        "{base} leave them out.",
        "{count} baris dalam {currency} tidak punya kurs (yang pertama pada {date}); laporan "
        "dalam {base} tidak menyertakannya.",
        "Add rates for {currency} to the Rates sheet, or a Rate on those rows.",
        "Tambahkan kurs {currency} di sheet Kurs, atau isi Kurs pada baris tersebut.",
    ),
    MessageDef(
        "tax-rate-period-reversed", "error", "cell",
        "Valid to {value} is before Valid from {start}.",
        "Berlaku sampai {value} sebelum Berlaku mulai {start}.",
        "Type the decree's week: from its Wednesday to the next Tuesday.",
        "Ketik minggu berlakunya keputusan: dari hari Rabu sampai Selasa berikutnya.",
    ),
    MessageDef(
        "tax-rate-overlap", "error", "cell",
        "The {currency} rate from {value} overlaps the week of row {other}: a day has one "
        "tax rate.",
        "Kurs {currency} mulai {value} bertumpang tindih dengan minggu di baris {other}: satu "
        "hari hanya punya satu kurs pajak.",
        "Correct the dates so that each week of {currency} appears once.",
        "Perbaiki tanggalnya agar setiap minggu {currency} muncul sekali.",
    ),
    MessageDef(
        "tax-rate-missing", "warning", "cell",
        "{value} is in {currency} and charges PPN, but {rates} has no {currency} rate for "
        "{date}; its PPN in rupiah uses the Rates sheet meanwhile.",
        "{value} dalam {currency} dan memungut PPN, tetapi {rates} tidak punya kurs {currency} "
        "untuk {date}; PPN-nya dalam rupiah sementara memakai sheet Kurs.",
        "Add the Minister of Finance's {currency} rate of that week (kurs pajak, KMK) to {rates}: "
        "the PPN base of a foreign-currency invoice is converted with it (PP 44/2022 Ps. 21).",
        "Tambahkan kurs {currency} Menteri Keuangan minggu itu (kurs pajak, KMK) di {rates}: DPP "
        "PPN faktur valuta asing dikonversi dengannya (PP 44/2022 Ps. 21).",
    ),
    MessageDef(
        "rate-not-positive", "error", "cell",
        "The rate {value} is not above zero.",
        "Kurs {value} tidak lebih dari nol.",
        "Type the base-currency value of one unit, e.g. 15750 for USD in IDR.",
        "Ketik nilai satu unit dalam mata uang dasar, mis. 15750 untuk USD dalam IDR.",
    ),
    MessageDef(
        "entry-unbalanced-base", "error", "row",
        "Entry {entry} does not balance in {base} once converted: difference {difference}.",
        "Bukti {entry} tidak seimbang dalam {base} setelah dikonversi: selisih {difference}.",
        "Use one rate for all lines of the entry, or add the exchange difference as a line.",
        "Gunakan satu kurs untuk semua baris bukti, atau tambahkan selisih kurs sebagai baris.",
    ),
    MessageDef(
        "rounding-account-missing", "warning", "row",
        "{count} entries leave a rounding residue when converted, and no rounding account is set.",
        "{count} bukti menyisakan selisih pembulatan saat dikonversi, dan belum ada akun "
        "pembulatan.",
        "Add the setting {setting} with an account code to Settings.",
        "Tambahkan pengaturan {setting} dengan kode akun di Pengaturan.",
    ),
    MessageDef(
        "closed-period-changed", "error", "row",
        "Entry {entry} belongs to the closed period {period} and was changed after closing.",
        "Bukti {entry} termasuk periode {period} yang sudah ditutup dan diubah setelah ditutup.",
        "Undo the change and record the correction in an open period, or reopen {period} "
        "with 'backoffice reopen'.",
        "Batalkan perubahan dan catat koreksinya di periode terbuka, atau buka kembali {period} "
        "dengan 'backoffice reopen'.",
    ),
    MessageDef(
        "closed-period-added", "error", "row",
        "Entry {entry} was added to the closed period {period}.",
        "Bukti {entry} ditambahkan ke periode {period} yang sudah ditutup.",
        "Date it in an open period, or reopen {period} with 'backoffice reopen'.",
        "Beri tanggal di periode terbuka, atau buka kembali {period} dengan 'backoffice reopen'.",
    ),
    MessageDef(
        "closed-period-deleted", "error", "row",
        "Entry {value} of the closed period {period} is missing.",
        "Bukti {value} dari periode {period} yang sudah ditutup hilang.",
        "Restore it from a backup, or reopen {period} with 'backoffice reopen'.",
        "Pulihkan dari cadangan, atau buka kembali {period} dengan 'backoffice reopen'.",
    ),
    MessageDef(
        "generated-row-edited", "error", "row",
        "This row was generated by {block} and has been changed by hand.",
        "Baris ini dibuat otomatis oleh {block} dan telah diubah manual.",
        "Undo the change, or change the data where {block} comes from and post it again.",
        "Batalkan perubahannya, atau ubah data asal {block} lalu posting ulang.",
    ),
    MessageDef(
        "generated-row-missing", "error", "row",
        "{missing} of the {count} rows generated by {block} are missing.",
        "{missing} dari {count} baris yang dibuat otomatis oleh {block} hilang.",
        "Post {block} again from where it comes from, or restore the rows.",
        "Posting ulang {block} dari asalnya, atau pulihkan baris tersebut.",
    ),
    MessageDef(
        "generated-row-duplicated", "error", "row",
        "This row repeats line {index} of {block}, which is at row {first}.",
        "Baris ini mengulang baris {index} dari {block}, yang ada di baris {first}.",
        "Delete this copy; generated rows change only where they come from.",
        "Hapus salinan ini; baris otomatis hanya diubah dari asalnya.",
    ),
    MessageDef(
        "entry-dates-differ", "error", "row",
        "Entry {entry} has lines on different dates ({dates}).",
        "Bukti {entry} berisi baris dengan tanggal berbeda ({dates}).",
        "Give every line of one entry the same date, or use separate entry numbers.",
        "Samakan tanggal semua baris dalam satu bukti, atau gunakan nomor bukti terpisah.",
    ),
)

_BOOK_INTEGRITY = (
    MessageDef(
        "sheet-part-missing", "error", "sheet",
        "The workbook lists the sheet {sheet}, but its content is missing from the file; it "
        "was not read.",
        "Buku kerja mencantumkan sheet {sheet}, tetapi isinya hilang dari berkas; sheet itu "
        "tidak dibaca.",
        "Open the book in Excel to repair it, or restore a backup.",
        "Buka buku di Excel untuk memperbaikinya, atau pulihkan cadangan.",
    ),
    MessageDef(
        "sheet-kind-twice", "error", "sheet",
        "{sheet} is a second sheet of the same kind as {first}; only {first} is read.",
        "{sheet} adalah sheet kedua yang sejenis dengan {first}; hanya {first} yang dibaca.",
        "Move its rows into {first} and delete it, or rename it to a name backoffice does "
        "not know.",
        "Pindahkan barisnya ke {first} lalu hapus, atau ganti namanya dengan nama yang tidak "
        "dikenal backoffice.",
    ),
    MessageDef(
        "part-damaged", "error", "book",
        "Part {part} of the workbook is damaged ({detail}).",
        "Bagian {part} dari buku kerja rusak ({detail}).",
        "Open the book in Excel to repair it and save it, or restore a backup.",
        "Buka buku di Excel untuk memperbaikinya lalu simpan, atau pulihkan cadangan.",
    ),
)

# Failures stop the action; they are rendered as one line on stderr.
_FAILURES = (
    MessageDef(
        "usage", "error", "failure",
        "{detail}", "{detail}",
        "Run '{command} --help'.", "Jalankan '{command} --help'.",
    ),
    MessageDef(
        "refused", "error", "failure",
        "{detail}", "{detail}",
        "{fix}", "{fix}",
    ),
    MessageDef(
        "not-a-workbook", "error", "failure",
        "{path} is not an Excel workbook ({detail}).",
        "{path} bukan buku kerja Excel ({detail}).",
        "Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx).",
        "Buka di Excel atau LibreOffice lalu simpan sebagai Excel Workbook (.xlsx).",
    ),
    MessageDef(
        "legacy-workbook", "error", "failure",
        "{path} is in the old {format} format, which backoffice does not read.",
        "{path} memakai format lama {format}, yang tidak dibaca backoffice.",
        "Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx).",
        "Buka di Excel atau LibreOffice lalu simpan sebagai Excel Workbook (.xlsx).",
    ),
    MessageDef(
        "encrypted-workbook", "error", "failure",
        "{path} is protected with a password.",
        "{path} dilindungi kata sandi.",
        "Open it in Excel, remove the password (File > Info > Protect Workbook) and save it.",
        "Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook) lalu simpan.",
    ),
    MessageDef(
        "corrupt-workbook", "error", "failure",
        "{path} is damaged and cannot be read ({detail}).",
        "{path} rusak dan tidak bisa dibaca ({detail}).",
        "Open it in Excel to repair it and save it, or restore a backup.",
        "Buka di Excel untuk memperbaikinya lalu simpan, atau pulihkan cadangan.",
    ),
    MessageDef(
        "book-too-large", "error", "failure",
        "{path}: {sheet} is beyond what backoffice reads ({found} {what}; the limit is {limit}).",
        "{path}: {sheet} melebihi yang dibaca backoffice ({found} {what}; batasnya {limit}).",
        "Delete the stray cells or rows far from the data (Ctrl+End shows the last one), "
        "or split the book, and save it.",
        "Hapus sel atau baris nyasar yang jauh dari data (Ctrl+End menunjukkan yang "
        "terakhir), atau pecah bukunya, lalu simpan.",
    ),
    MessageDef(
        "hidden-state-damaged", "error", "failure",
        "{path}: backoffice's hidden sheet {sheet} is damaged ({detail}); nothing was changed.",
        "{path}: sheet tersembunyi backoffice {sheet} rusak ({detail}); tidak ada yang diubah.",
        "Restore the book from a backup; the store still holds every row synced before.",
        "Pulihkan buku dari cadangan; store masih menyimpan semua baris yang pernah disinkron.",
    ),
    MessageDef(
        "missing-sheet", "error", "failure",
        "{path} has no {sheet} sheet, which {action} needs.",
        "{path} tidak punya sheet {sheet}, yang dibutuhkan {action}.",
        "Add the sheet (backoffice new makes a complete book).",
        "Tambahkan sheetnya (backoffice new membuat buku yang lengkap).",
    ),
    MessageDef(
        "no-known-sheets", "error", "failure",
        "{path} has no sheet backoffice knows (such as {examples}).",
        "{path} tidak punya sheet yang dikenal backoffice (seperti {examples}).",
        "Name the sheets as in the template (backoffice new), in English or Indonesian.",
        "Namai sheet seperti di templat (backoffice new), dalam bahasa Inggris atau Indonesia.",
    ),
    MessageDef(
        "missing-column", "error", "failure",
        "{path}: required columns not found: {missing}.",
        "{path}: kolom wajib tidak ditemukan: {missing}.",
        "Add the columns to the header row, spelled as in the template.",
        "Tambahkan kolom tersebut ke baris judul, dieja seperti di templat.",
    ),
    MessageDef(
        "sheet-not-ours", "error", "failure",
        "{path} already has a sheet named {sheet} that backoffice did not write; it was left "
        "as it is.",
        "{path} sudah punya sheet bernama {sheet} yang tidak ditulis backoffice; sheet itu "
        "dibiarkan apa adanya.",
        "Rename that sheet, then run the action again.",
        "Ganti nama sheet itu, lalu jalankan lagi.",
    ),
    MessageDef(
        "bad-grid", "error", "failure",
        "The sheets sent for {path} are not in the form backoffice reads ({detail}).",
        "Sheet yang dikirim untuk {path} tidak dalam bentuk yang dibaca backoffice ({detail}).",
        "Update the add-in: its reader and this backoffice disagree (docs/edit-plan.md).",
        "Perbarui add-in: pembacanya tidak cocok dengan backoffice ini (docs/edit-plan.md).",
    ),
    MessageDef(
        "stale-plan", "error", "failure",
        "The sheets changed while the action ran ({sheets}); nothing was written.",
        "Sheet berubah saat tindakan berjalan ({sheets}); tidak ada yang ditulis.",
        "Click again: the action reads the sheets as they are now.",
        "Klik lagi: tindakan membaca sheet seperti sekarang.",
    ),
    MessageDef(
        "text-too-long", "error", "failure",
        "{sheet}!{cell} would hold {length} characters, more than a cell holds in Excel "
        "({limit}); the workbook was not changed.",
        "{sheet}!{cell} akan berisi {length} karakter, lebih dari yang muat di satu sel Excel "
        "({limit}); buku kerja tidak diubah.",
        "Shorten the text where it comes from (the CSV file or the colleague's sheet); keep a "
        "long text in a document and record it on the Documents sheet.",
        "Perpendek teks di sumbernya (berkas CSV atau sheet rekan); simpan teks panjang dalam "
        "dokumen dan catat di sheet Arsip.",
    ),
    MessageDef(
        "sheet-too-large", "error", "failure",
        "The output has {rows} rows, more than a worksheet holds ({limit}); the workbook was "
        "not changed.",
        "Hasilnya {rows} baris, lebih dari yang muat di satu sheet ({limit}); buku kerja tidak "
        "diubah.",
        "Take the output as a file instead (--format json or csv) or narrow the period.",
        "Ambil hasilnya sebagai berkas (--format json atau csv) atau persempit periodenya.",
    ),
    MessageDef(
        "file-locked", "error", "failure",
        "{path} is in use ({detail}).",
        "{path} sedang dipakai ({detail}).",
        "Close it in Excel or LibreOffice and try again.",
        "Tutup di Excel atau LibreOffice lalu coba lagi.",
    ),
    MessageDef(
        "action-cancelled", "error", "failure",
        "Stopped on request; nothing more was written.",
        "Dihentikan atas permintaan; tidak ada lagi yang ditulis.",
        "Run it again when you are ready.",
        "Jalankan lagi bila sudah siap.",
    ),
    MessageDef(
        "not-writable", "error", "failure",
        "{path} cannot be written: {detail}.",
        "{path} tidak bisa ditulis: {detail}.",
        "{fix}",
        "{fix}",
    ),
    MessageDef(
        "internal", "error", "failure",
        "backoffice hit an internal error: {detail}.",
        "backoffice mengalami galat internal: {detail}.",
        "Please report it with the command you ran; your files were not changed.",
        "Mohon laporkan beserta perintah yang dijalankan; berkas Anda tidak diubah.",
    ),
)

#: Capabilities (payroll, inventory, sync, ...) keep their messages beside their code,
#: each in a module with a ``MESSAGES`` tuple of MessageDef; list the module here.
_CAPABILITY_MODULES: tuple[str, ...] = ("backoffice.payroll.messages",
                                         "backoffice.arap.messages",
                                         "backoffice.inventory.messages",
                                         "backoffice.sync.messages",
                                         "backoffice.bank.messages",
                                         "backoffice.hr.messages",
                                         "backoffice.compliance.messages",
                                         "backoffice.csvimport.messages")


def _build() -> dict[str, MessageDef]:
    import importlib

    entries = list(_ENTRIES) + list(_BOOK_INTEGRITY)
    for name in _CAPABILITY_MODULES:
        entries.extend(importlib.import_module(name).MESSAGES)
    entries.extend(_FAILURES)  # failures last, as docs/issue-codes.md shows them
    catalogue: dict[str, MessageDef] = {}
    for entry in entries:
        if entry.code in catalogue:
            raise RuntimeError(f"message code {entry.code!r} is defined twice")
        catalogue[entry.code] = entry
    return catalogue


CATALOGUE: dict[str, MessageDef] = _build()


def lookup(code: str) -> MessageDef:
    """The catalogue entry for ``code``; KeyError for an unknown code."""
    return CATALOGUE[code]


def render(code: str, params: dict[str, Any], lang: str) -> tuple[str, str]:
    """(message, fix) for ``code`` in ``lang``, with ``params`` filled in."""
    entry = CATALOGUE[code]
    text, fix = (entry.id, entry.fix_id) if lang == "id" else (entry.en, entry.fix_en)
    safe = _Defaulting({k: v.pick(lang) if isinstance(v, Localized) else v
                        for k, v in params.items()})
    return text.format_map(safe), fix.format_map(safe)


def render_failure(code: str, params: dict[str, Any], lang: str) -> str:
    """A failure as the one line printed on stderr: what is wrong, then the fix."""
    message, fix = render(code, params, lang)
    return " ".join(f"{message} {fix}".split())  # a reader's detail may span lines


class _Defaulting(dict):  # type: ignore[type-arg]
    """Leaves an unknown placeholder visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def to_markdown() -> str:
    """The catalogue as the Markdown page ``docs/issue-codes.md``."""
    lines = [
        "# Issue and failure codes",
        "",
        "Generated by `backoffice codes --markdown` from `backoffice/catalogue.py`; do not edit.",
        "Issues are data problems reported by Check (exit 1 when any is an error);",
        "failures stop the action (exit 2, or 3 when retrying may help).",
        "",
        "| code | severity | kind | message (en) | fix (en) | pesan (id) | perbaikan (id) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for entry in CATALOGUE.values():
        cells = [f"`{entry.code}`", entry.severity, entry.category, entry.en, entry.fix_en,
                 entry.id, entry.fix_id]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
