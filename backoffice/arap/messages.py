"""Issue codes of receivables, payables and tax (Customers, Suppliers, Invoices, Bills,
Payments, Tax codes), in English and Indonesian."""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "arap-party-unknown", "error", "cell",
        "{header}: '{value}' is not in {parties}.",
        "{header}: '{value}' tidak ada di {parties}.",
        "Type a code from {parties}, or add the {what} there first.",
        "Ketik kode dari {parties}, atau tambahkan {what} di sana lebih dulu.",
    ),
    MessageDef(
        "arap-tax-code-unknown", "error", "cell",
        "{header}: '{value}' is not a tax code of {codes} ({kind}).",
        "{header}: '{value}' bukan kode pajak di {codes} ({kind}).",
        "Pick a code from {codes}: {known}.",
        "Pilih kode dari {codes}: {known}.",
    ),
    MessageDef(
        "arap-tax-code-not-effective", "error", "cell",
        "Tax code {value} is not in effect on {date} (in effect {start} – {end}).",
        "Kode pajak {value} tidak berlaku pada {date} (berlaku {start} – {end}).",
        "Use the code in effect on the document's date.",
        "Gunakan kode yang berlaku pada tanggal dokumen.",
    ),
    MessageDef(
        "arap-dpp-factor-invalid", "error", "cell",
        "{header}: '{value}' is not a DPP factor.",
        "{header}: '{value}' bukan faktor DPP.",
        "Type a fraction above 0 and at most 1, such as 11/12 or 1.",
        "Ketik pecahan di atas 0 dan paling besar 1, seperti 11/12 atau 1.",
    ),
    MessageDef(
        "arap-header-differs", "error", "cell",
        "{header} of document {document} is '{value}' here but '{first}' on row {first_row}.",
        "{header} dokumen {document} di sini '{value}' tetapi '{first}' di baris {first_row}.",
        "Give every line of one document the same {header}, or leave it blank after the "
        "first line.",
        "Beri semua baris satu dokumen {header} yang sama, atau kosongkan setelah baris "
        "pertama.",
    ),
    MessageDef(
        "arap-header-missing", "error", "cell",
        "Document {document} has no {header} on any of its lines.",
        "Dokumen {document} tidak punya {header} di barisnya.",
        "Fill in {header} on the document's first line.",
        "Isi {header} di baris pertama dokumen.",
    ),
    MessageDef(
        "arap-applies-to-unknown", "error", "cell",
        "{header}: '{value}' is not an invoice of {party} in {documents}.",
        "{header}: '{value}' bukan faktur milik {party} di {documents}.",
        "Type the number of the document this credit note corrects, or leave it blank to "
        "keep the credit for later.",
        "Ketik nomor dokumen yang dikoreksi nota kredit ini, atau kosongkan agar kreditnya "
        "dipakai nanti.",
    ),
    MessageDef(
        "arap-document-unknown", "error", "cell",
        "{header}: '{value}' is not a document in {documents}.",
        "{header}: '{value}' bukan dokumen di {documents}.",
        "Type the number of an invoice or bill of this party.",
        "Ketik nomor faktur atau tagihan milik pihak ini.",
    ),
    MessageDef(
        "arap-allocation-other-party", "error", "cell",
        "Document {value} belongs to {owner}, not to {party}.",
        "Dokumen {value} milik {owner}, bukan {party}.",
        "Allocate the payment to a document of {party}, or correct the payment's party.",
        "Alokasikan pembayaran ke dokumen milik {party}, atau perbaiki pihak pembayarannya.",
    ),
    MessageDef(
        "arap-over-allocated", "error", "cell",
        "Document {value} is settled by {settled} here but only {open} of it was open "
        "({difference} too much).",
        "Dokumen {value} dilunasi {settled} di sini tetapi sisa terbukanya hanya {open} "
        "(kelebihan {difference}).",
        "Lower the allocation to at most {open}; any more becomes the party's credit when "
        "left unallocated.",
        "Kurangi alokasinya menjadi paling banyak {open}; kelebihannya menjadi kredit pihak "
        "itu bila tidak dialokasikan.",
    ),
    MessageDef(
        "arap-payment-short", "error", "cell",
        "Payment {value} allocates {allocated} but brings {available}, {difference} short "
        "(more than the tolerance {tolerance}).",
        "Pembayaran {value} mengalokasikan {allocated} tetapi hanya membawa {available}, kurang "
        "{difference} (melebihi toleransi {tolerance}).",
        "Correct the amount or the allocations, or put the shortfall as a partial payment.",
        "Perbaiki jumlah atau alokasinya, atau catat kekurangannya sebagai pembayaran "
        "sebagian.",
    ),
    MessageDef(
        "arap-credit-not-available", "error", "cell",
        "{party} has {available} of credit on {date}, but {value} applies {applied}.",
        "{party} punya kredit {available} pada {date}, tetapi {value} memakai {applied}.",
        "Apply at most the party's credit (overpayments and credit notes not yet used).",
        "Pakai paling banyak kredit pihak itu (kelebihan bayar dan nota kredit yang belum "
        "terpakai).",
    ),
    MessageDef(
        "arap-currency-differs", "error", "cell",
        "{header}: {value} differs from {expected}, the currency of {document}.",
        "{header}: {value} berbeda dari {expected}, mata uang {document}.",
        "Settle a document in its own currency, and repeat a foreign currency on every line.",
        "Lunasi dokumen dalam mata uangnya sendiri, dan ulangi mata uang asing di setiap "
        "baris.",
    ),
    MessageDef(
        "arap-ppn-not-pkp", "warning", "cell",
        "Tax code {value} charges PPN, but Settings say the company is not PKP: no PPN is "
        "charged on this invoice.",
        "Kode pajak {value} mengenakan PPN, tetapi Pengaturan menyatakan perusahaan bukan PKP: "
        "faktur ini tidak dikenai PPN.",
        "Set PKP to yes in Settings if the company is registered for VAT, or clear the code.",
        "Isi PKP dengan ya di Pengaturan bila perusahaan sudah dikukuhkan, atau kosongkan "
        "kodenya.",
    ),
    MessageDef(
        "arap-setting-missing", "error", "book",
        "The setting {setting} is needed for {what}.",
        "Pengaturan {setting} diperlukan untuk {what}.",
        "Add {setting} to Settings with an account code from Accounts.",
        "Tambahkan {setting} di Pengaturan dengan kode akun dari Akun.",
    ),
    MessageDef(
        "arap-rate-missing", "error", "cell",
        "No {currency} rate on or before {date} in {rates}.",
        "Tidak ada kurs {currency} pada atau sebelum {date} di {rates}.",
        "Add the {currency} rate of {date} to {rates}.",
        "Tambahkan kurs {currency} tanggal {date} di {rates}.",
    ),
    MessageDef(
        "arap-number-taken", "error", "cell",
        "Number {value} is also {other}.",
        "Nomor {value} juga dipakai {other}.",
        "Give every invoice, bill and payment its own number, not used by any journal entry.",
        "Beri setiap faktur, tagihan dan pembayaran nomornya sendiri, yang tidak dipakai "
        "bukti jurnal mana pun.",
    ),
    MessageDef(
        "arap-period-closed", "error", "row",
        "The entries of {block} would change, but {month} is closed.",
        "Jurnal {block} akan berubah, padahal {month} sudah ditutup.",
        "Undo the change to the documents of {month}, or record the correction in an open "
        "month (a credit note, a new invoice).",
        "Batalkan perubahan dokumen {month}, atau catat koreksinya di bulan yang masih "
        "terbuka (nota kredit, faktur baru).",
    ),
    # -- Coretax: what the tax office's import files need (backoffice.arap.coretax) --------
    MessageDef(
        "arap-coretax-npwp-invalid", "warning", "cell",
        "{header}: '{value}' is not an NPWP (16 digits, or 15 of the old format); {party} "
        "is on {document}.",
        "{header}: '{value}' bukan NPWP (16 digit, atau 15 digit format lama); {party} ada "
        "di {document}.",
        "Type the NPWP as text, digits only; Coretax's files need it.",
        "Ketik NPWP sebagai teks, angka saja; berkas Coretax memerlukannya.",
    ),
    MessageDef(
        "arap-coretax-identity-missing", "warning", "cell",
        "{party} has no NPWP and no identity document, but is on {document}.",
        "{party} tidak punya NPWP maupun dokumen identitas, tetapi ada di {document}.",
        "Fill in its NPWP, or its ID type (National ID, Passport or Other ID) and ID number: "
        "Coretax's files need one of them.",
        "Isi NPWP-nya, atau Jenis ID (NIK, Paspor atau Dokumen lainnya) dan Nomor ID: berkas "
        "Coretax memerlukan salah satunya.",
    ),
    MessageDef(
        "arap-coretax-nitku-invalid", "warning", "cell",
        "{header}: '{value}' is not a NITKU of {party}: {reason}.",
        "{header}: '{value}' bukan NITKU {party}: {reason}.",
        "Type 22 digits, the NPWP then 6 digits of the place of business (000000: the head "
        "office), or leave it blank for the head office.",
        "Ketik 22 digit, NPWP lalu 6 digit tempat kegiatan usaha (000000: kantor pusat), atau "
        "kosongkan untuk kantor pusat.",
    ),
    MessageDef(
        "arap-efaktur-code-invalid", "error", "cell",
        "{header}: '{value}' is not an e-Faktur transaction code.",
        "{header}: '{value}' bukan kode transaksi e-Faktur.",
        "Type a code from 01 to 10 (04: DPP 11/12; 01: full price), or leave it blank.",
        "Ketik kode 01 s.d. 10 (04: DPP 11/12; 01: harga penuh), atau kosongkan.",
    ),
)
