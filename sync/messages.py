"""The messages of the store and Sync, in English and Indonesian (registered in the catalogue)."""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "sync-sorted", "error", "failure",
        "{sheet} was sorted without its ID column: {count} rows (rows {rows}) now hold the "
        "content another row's ID had at the last Sync; Sync did nothing, so that no row "
        "takes another's identity.",
        "{sheet} diurutkan tanpa kolom ID-nya: {count} baris (baris {rows}) kini berisi data "
        "milik ID baris lain pada Sync terakhir; Sync tidak melakukan apa pun agar tidak ada "
        "baris yang mengambil identitas baris lain.",
        "Undo the sort (Ctrl+Z), or sort again with the ID column (column {column}) included, "
        "then Sync.",
        "Batalkan pengurutan (Ctrl+Z), atau urutkan lagi dengan menyertakan kolom ID (kolom "
        "{column}), lalu Sync.",
    ),
    MessageDef(
        "sync-mass-delete", "error", "failure",
        "{count} of the {total} synced rows of {sheet} ({share}) were deleted; Sync did not "
        "send the deletions.",
        "{count} dari {total} baris {sheet} yang sudah disinkronkan ({share}) dihapus; Sync "
        "tidak mengirim penghapusan itu.",
        "If you meant to delete them, run Sync again with --allow-mass-delete; otherwise undo "
        "the deletion.",
        "Jika memang ingin menghapusnya, jalankan Sync lagi dengan --allow-mass-delete; jika "
        "tidak, batalkan penghapusannya.",
    ),
    MessageDef(
        "store-unreachable", "error", "failure",
        "The store {url} does not answer ({detail}).",
        "Store {url} tidak menjawab ({detail}).",
        "Check the network or that the database server runs, then Sync again; the book was "
        "not changed by this attempt.",
        "Periksa jaringan atau server basis datanya, lalu Sync lagi; buku tidak diubah oleh "
        "percobaan ini.",
    ),
    MessageDef(
        "store-busy", "error", "failure",
        "The store {url} kept changing while this book was being synced.",
        "Store {url} terus berubah selama buku ini disinkronkan.",
        "Sync again in a moment.",
        "Sync lagi sebentar lagi.",
    ),
    MessageDef(
        "store-too-new", "error", "failure",
        "The store {url} has structure version {found}, newer than this backoffice knows "
        "({known}); nothing was read or written.",
        "Store {url} berstruktur versi {found}, lebih baru dari yang dikenal backoffice ini "
        "({known}); tidak ada yang dibaca atau ditulis.",
        "Upgrade backoffice on this computer (pip install -U backoffice), then Sync again.",
        "Perbarui backoffice di komputer ini (pip install -U backoffice), lalu Sync lagi.",
    ),
    MessageDef(
        "store-not-initialized", "error", "failure",
        "The store {url} has no backoffice tables yet.",
        "Store {url} belum punya tabel backoffice.",
        "Run 'backoffice store init' (a Sync also creates them).",
        "Jalankan 'backoffice store init' (Sync juga membuatnya).",
    ),
    MessageDef(
        "store-url-invalid", "error", "failure",
        "'{url}' is not a store address.",
        "'{url}' bukan alamat store.",
        "Give a file path, sqlite:///path/to/store.sqlite or "
        "postgresql+psycopg://user@host/database.",
        "Berikan path berkas, sqlite:///path/ke/store.sqlite atau "
        "postgresql+psycopg://user@host/database.",
    ),
    MessageDef(
        "store-missing", "error", "failure",
        "There is no store at {url}; nothing was created.",
        "Tidak ada store di {url}; tidak ada yang dibuat.",
        "Check the path or --store (a book's store is backoffice-store.sqlite beside it, "
        "made by its first Sync), or create one with 'backoffice store init'.",
        "Periksa path atau --store (store sebuah buku adalah backoffice-store.sqlite di "
        "sebelahnya, dibuat oleh Sync pertamanya), atau buat dengan 'backoffice store init'.",
    ),
    MessageDef(
        "store-without-audit-log", "error", "failure",
        "The store {url} has structure version {found}, from before the audit log.",
        "Store {url} berstruktur versi {found}, dari sebelum ada log audit.",
        "Run 'backoffice store upgrade' (a Sync also upgrades it).",
        "Jalankan 'backoffice store upgrade' (Sync juga meningkatkannya).",
    ),
    MessageDef(
        "store-url-unsupported", "error", "failure",
        "{url}: backoffice keeps its store in SQLite or PostgreSQL, not {scheme}.",
        "{url}: backoffice menyimpan store-nya di SQLite atau PostgreSQL, bukan {scheme}.",
        "Give a file path, sqlite:///path/to/store.sqlite or "
        "postgresql://user@host/database.",
        "Berikan path berkas, sqlite:///path/ke/store.sqlite atau "
        "postgresql://user@host/database.",
    ),
    MessageDef(
        "sync-journal-unsent", "error", "book",
        "This book has errors, so its {namespace} journal was not sent to the store; what the "
        "store holds from it stays as it was.",
        "Buku ini punya kesalahan, jadi jurnal {namespace}-nya tidak dikirim ke store; yang "
        "sudah ada di store tetap seperti semula.",
        "Correct the errors Check lists, then Sync again.",
        "Perbaiki kesalahan yang ditunjukkan Check, lalu Sync lagi.",
    ),
    MessageDef(
        "sync-journal-unsent-setting", "error", "book",
        "The {namespace} journal was not sent to the store: Settings do not name the "
        "{setting}.",
        "Jurnal {namespace} tidak dikirim ke store: Pengaturan tidak menyebut {setting}.",
        "Fill in {setting} in Settings (an account of the ledger), then Sync again.",
        "Isi {setting} di Pengaturan (akun di buku besar), lalu Sync lagi.",
    ),
    MessageDef(
        "sync-journal-entry-taken", "error", "row",
        "Entry {entry} of {block} was not sent: rows from {book} already use that entry "
        "number in the company's Journal.",
        "Bukti {entry} dari {block} tidak dikirim: baris dari {book} sudah memakai nomor "
        "bukti itu di Jurnal perusahaan.",
        "If {book} holds the same entry posted by hand or with --post-to, delete it there and "
        "Sync that book; then Sync this one.",
        "Jika {book} memuat bukti yang sama (diketik atau diposting dengan --post-to), hapus "
        "di sana dan Sync buku itu; lalu Sync buku ini.",
    ),
    MessageDef(
        "sync-journal-account-unknown", "error", "row",
        "Entry {entry} of {block} was not sent: account {accounts} is not a leaf account of "
        "the company's Accounts in the store.",
        "Bukti {entry} dari {block} tidak dikirim: akun {accounts} bukan akun rinci di Akun "
        "perusahaan dalam store.",
        "Add the account in the ledger book and Sync it, or name another account in this "
        "book's Settings (or Departments); then Sync again.",
        "Tambahkan akunnya di buku besar lalu Sync, atau sebut akun lain di Pengaturan (atau "
        "Departemen) buku ini; lalu Sync lagi.",
    ),
    MessageDef(
        "sync-journal-period-closed", "error", "row",
        "Entry {entry} was not sent: {period} is closed in the company's ledger.",
        "Bukti {entry} tidak dikirim: {period} sudah ditutup di buku besar perusahaan.",
        "Leave {period} as it was booked, or have it reopened in the ledger (backoffice "
        "reopen) and synced; then Sync this book again.",
        "Biarkan {period} seperti saat dibukukan, atau minta bulan itu dibuka kembali di buku "
        "besar (backoffice reopen) lalu disinkronkan; kemudian Sync buku ini lagi.",
    ),
    MessageDef(
        "sync-journal-other-book", "error", "book",
        "The company's {namespace} journal in the store was last sent by {owner}, not by this "
        "book; this book's changes to {count} of its entries were not sent.",
        "Jurnal {namespace} perusahaan di store terakhir dikirim oleh {owner}, bukan oleh buku "
        "ini; perubahan buku ini pada {count} buktinya tidak dikirim.",
        "Sync {owner} instead. If this book now keeps the company's {namespace} (it replaces "
        "{owner}), run Sync again with --take-over.",
        "Sync {owner} saja. Jika buku ini sekarang yang memegang {namespace} perusahaan "
        "(menggantikan {owner}), jalankan Sync lagi dengan --take-over.",
    ),
    MessageDef(
        "sync-generated-restored", "warning", "row",
        "Entry {entry} comes from another book ({block}); it was deleted here, so Sync put "
        "it back.",
        "Bukti {entry} berasal dari buku lain ({block}); bukti itu dihapus di sini, jadi "
        "Sync mengembalikannya.",
        "Change it where it comes from (the payroll or stock book) and Sync that book.",
        "Ubah di buku asalnya (buku gaji atau persediaan) lalu Sync buku itu.",
    ),
)
