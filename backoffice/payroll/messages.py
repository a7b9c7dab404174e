"""The payroll capability's issue and failure codes, in English and Indonesian."""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "payroll-ptkp-unknown", "error", "cell",
        "PTKP status '{value}' is not one of {known}.",
        "Status PTKP '{value}' bukan salah satu dari {known}.",
        "Type the status at 1 January as TK/0 … TK/3 or K/0 … K/3.",
        "Ketik status per 1 Januari: TK/0 … TK/3 atau K/0 … K/3.",
    ),
    MessageDef(
        "payroll-employee-unknown", "error", "cell",
        "Employee '{value}' is not in {employees}.",
        "Karyawan '{value}' tidak ada di {employees}.",
        "Use an employee code from {employees}, or add the employee there first.",
        "Pakai kode karyawan dari {employees}, atau tambahkan karyawannya di sana dulu.",
    ),
    MessageDef(
        "payroll-employee-duplicate", "error", "cell",
        "Employee '{value}' has two rows from {date}.",
        "Karyawan '{value}' punya dua baris yang berlaku mulai {date}.",
        "Keep one row per employee and From date; a change gets a new row with a later From.",
        "Simpan satu baris per karyawan dan tanggal Berlaku mulai; perubahan dibuat di baris "
        "baru dengan tanggal yang lebih akhir.",
    ),
    MessageDef(
        "payroll-outside-employment", "error", "cell",
        "{date} is outside the employment of '{value}' ({joined} – {left}); the row would not "
        "be paid.",
        "{date} di luar masa kerja '{value}' ({joined} – {left}); baris ini tidak akan dibayar.",
        "Correct the date, or the employee's Joined/Left dates in {employees}.",
        "Perbaiki tanggalnya, atau Tanggal masuk/keluar karyawan di {employees}.",
    ),
    MessageDef(
        "payroll-overtime-over-limit", "warning", "cell",
        "{hours} overtime hours on {date} are more than the legal {limit} hours for this day "
        "type (PP 35/2021).",
        "{hours} jam lembur pada {date} melebihi batas {limit} jam untuk jenis hari ini "
        "(PP 35/2021).",
        "Check the hours; if they are right, they are paid at the last multiplier.",
        "Periksa jamnya; bila benar, dibayar dengan pengali terakhir.",
    ),
    MessageDef(
        "payroll-overtime-week-over-limit", "warning", "cell",
        "Workday overtime of '{value}' reaches {hours} hours in the week of {week}, more than "
        "the legal {limit} hours a week (PP 35/2021).",
        "Lembur hari kerja '{value}' mencapai {hours} jam pada minggu {week}, melebihi batas "
        "{limit} jam seminggu (PP 35/2021).",
        "Check the week's hours; if they are right, they are paid as recorded.",
        "Periksa jam minggu itu; bila benar, dibayar sesuai catatan.",
    ),
    MessageDef(
        "payroll-period-before-rules", "error", "cell",
        "{date} is before the payroll rules of pack '{pack}' start ({start}).",
        "{date} sebelum aturan penggajian paket '{pack}' berlaku ({start}).",
        "Use a date from {start} on, or add the older rules to the rule pack.",
        "Pakai tanggal mulai {start}, atau tambahkan aturan lama ke paket aturan.",
    ),
    MessageDef(
        "payroll-daily-not-supported", "error", "cell",
        "Employee '{employee}' is paid by the day, the week or the piece; backoffice does not "
        "compute PPh 21 for such workers (TER harian).",
        "Karyawan '{employee}' dibayar harian, mingguan atau borongan; backoffice tidak "
        "menghitung PPh 21 pekerja seperti ini (TER harian).",
        "Compute this worker's pay and tax outside backoffice (PP 58/2023 Lampiran D, "
        "PMK 168/2023 Pasal 12), or choose Permanent or Non-permanent, paid monthly if that "
        "is how the worker is paid.",
        "Hitung gaji dan pajak pekerja ini di luar backoffice (PP 58/2023 Lampiran D, "
        "PMK 168/2023 Pasal 12), atau pilih Pegawai tetap atau Tidak tetap, dibayar bulanan "
        "bila memang demikian.",
    ),
    MessageDef(
        "payroll-amount-missing", "error", "cell",
        "{item} needs an amount (only THR is computed when left blank).",
        "{item} perlu jumlah (hanya THR yang dihitung bila kosong).",
        "Type the amount in rupiah.",
        "Ketik jumlahnya dalam rupiah.",
    ),
    MessageDef(
        "payroll-thr-leaver-not-owed", "warning", "cell",
        "'{employee}' is not owed THR: {ended} {holiday} {day} ({source}); the THR left blank "
        "is paid as 0.",
        "'{employee}' tidak berhak THR: {ended} {holiday} {day} ({source}); THR yang "
        "dikosongkan dibayar 0.",
        "Nothing to do if Left on Employees and the contract are right; otherwise correct "
        "them, or type the THR amount the company grants anyway.",
        "Tidak perlu apa-apa bila Tanggal keluar di Karyawan dan kontraknya benar; bila tidak, "
        "perbaiki keduanya, atau ketik jumlah THR yang tetap diberikan perusahaan.",
    ),
    MessageDef(
        "payroll-amount-not-whole", "error", "cell",
        "{header}: payroll amounts are whole rupiah, not {value}.",
        "{header}: jumlah penggajian dalam rupiah utuh, bukan {value}.",
        "Round the amount to whole rupiah.",
        "Bulatkan jumlahnya ke rupiah utuh.",
    ),
    MessageDef(
        "payroll-rule-value-invalid", "error", "cell",
        "'{value}' is not a valid value for {rule}: {expected}.",
        "'{value}' bukan nilai yang sah untuk {rule}: {expected}.",
        "Correct the value.",
        "Perbaiki nilainya.",
    ),
    MessageDef(
        "payroll-dtp-not-in-force", "warning", "cell",
        "Employee '{employee}' is marked for government-borne PPh 21 (DTP), but no DTP "
        "regulation is in force on {date}; PPh 21 is withheld as usual.",
        "Karyawan '{employee}' ditandai PPh 21 DTP, tetapi tidak ada peraturan DTP yang berlaku "
        "pada {date}; PPh 21 dipotong seperti biasa.",
        "Clear the DTP cell, or add the regulation's KLU and months to the rule pack's "
        "dtp.csv.",
        "Kosongkan sel DTP, atau tambahkan KLU dan masa peraturannya ke dtp.csv paket aturan.",
    ),
    MessageDef(
        "payroll-dtp-klu-not-eligible", "warning", "cell",
        "Employee '{employee}' is marked for government-borne PPh 21 (DTP), but the company's "
        "business classification (KLU {klu}) is not one the DTP regulations of {year} list; "
        "PPh 21 is withheld as usual.",
        "Karyawan '{employee}' ditandai PPh 21 DTP, tetapi KLU perusahaan ({klu}) tidak "
        "tercantum dalam peraturan DTP tahun {year}; PPh 21 dipotong seperti biasa.",
        "Type the company's KLU in Settings ({setting}) as registered with the tax office, or "
        "clear the DTP cell.",
        "Isi KLU perusahaan di Pengaturan ({setting}) sesuai yang terdaftar di DJP, atau "
        "kosongkan sel DTP.",
    ),
    MessageDef(
        "payroll-dtp-over-ceiling", "warning", "cell",
        "Employee '{employee}' is marked for government-borne PPh 21 (DTP), but the fixed "
        "regular pay of {month} ({wage}) is above the {ceiling} ceiling; PPh 21 is withheld "
        "as usual.",
        "Karyawan '{employee}' ditandai PPh 21 DTP, tetapi penghasilan tetap dan teratur "
        "{month} ({wage}) melebihi batas {ceiling}; PPh 21 dipotong seperti biasa.",
        "The test is the pay of January, or of the first month worked, by the contract "
        "(PMK 10/2025 Lampiran B no. 4): clear the DTP cell if the pay is right.",
        "Ujiannya penghasilan Januari, atau bulan pertama bekerja, menurut kontrak "
        "(PMK 10/2025 Lampiran B no. 4): kosongkan sel DTP bila gajinya benar.",
    ),
    MessageDef(
        "payroll-finalized-employee-missing", "error", "cell",
        "Employee '{former}' ({name}) has finalized payroll in {months}, but no row of "
        "{employees} has that code any more: the rest of {year} would be computed without "
        "that history.",
        "Karyawan '{former}' ({name}) punya penggajian final pada {months}, tetapi tidak ada "
        "lagi baris {employees} dengan kode itu: sisa tahun {year} akan dihitung tanpa "
        "riwayat tersebut.",
        "Type '{former}' back as the employee's code: a code cannot change within a year whose "
        "months are finalized. Give a new code only to a new employee.",
        "Ketik kembali '{former}' sebagai kode karyawan: kode tidak boleh berubah dalam tahun "
        "yang bulannya sudah final. Kode baru hanya untuk karyawan baru.",
    ),
    MessageDef(
        "payroll-tax-rate-missing", "error", "cell",
        "{currency} pay of '{employee}' in {period} is converted at the Minister of Finance's "
        "tax rate of its pay day, {date}, but {rates} has no {currency} rate for that day.",
        "Gaji {currency} '{employee}' pada {period} dikonversi dengan kurs pajak Menteri "
        "Keuangan hari gajiannya, {date}, tetapi {rates} tidak punya kurs {currency} hari itu.",
        "Add the {currency} rate of that week (kurs pajak, KMK) to {rates} (PMK 168/2023 "
        "Ps. 5(4)).",
        "Tambahkan kurs {currency} minggu itu (kurs pajak, KMK) di {rates} (PMK 168/2023 "
        "Ps. 5(4)).",
    ),
    MessageDef(
        "payroll-pay-item-currency", "error", "cell",
        "This pay item of '{employee}' is in {value}, but the employee is paid in {own} "
        "({employees}).",
        "Komponen gaji '{employee}' ini dalam {value}, padahal karyawan dibayar dalam {own} "
        "({employees}).",
        "Type the amount in {own}, or in rupiah with the Currency left blank.",
        "Ketik jumlahnya dalam {own}, atau dalam rupiah dengan Mata Uang dikosongkan.",
    ),
    MessageDef(
        "payroll-department-unused", "warning", "cell",
        "No employee in {employees} belongs to department '{value}'.",
        "Tidak ada karyawan di {employees} pada departemen '{value}'.",
        "Check the spelling against the Department column of {employees}.",
        "Periksa ejaannya dengan kolom Departemen di {employees}.",
    ),
    # -- failures --------------------------------------------------------------------
    MessageDef(
        "payroll-rules-not-covered", "error", "failure",
        "The payroll rules of pack '{pack}' ({family}) start in {start}; {period} is before "
        "that.",
        "Aturan penggajian paket '{pack}' ({family}) mulai berlaku {start}; {period} sebelum "
        "itu.",
        "Run payroll for a period from {start} on, or add the older rules to the rule pack.",
        "Jalankan penggajian untuk periode mulai {start}, atau tambahkan aturan lama ke paket.",
    ),
    MessageDef(
        "payroll-tax-rate-not-found", "error", "failure",
        "Employee '{employee}' is paid in {currency}, but the book's tax exchange rates have no "
        "{currency} rate for {date}, the pay day of {period}.",
        "Karyawan '{employee}' dibayar dalam {currency}, tetapi kurs pajak buku ini tidak punya "
        "kurs {currency} untuk {date}, hari gajian {period}.",
        "Add the Minister of Finance's {currency} rate of that week (kurs pajak, KMK) to Tax "
        "exchange rates, then run payroll again.",
        "Tambahkan kurs {currency} Menteri Keuangan minggu itu (kurs pajak, KMK) di Kurs pajak, "
        "lalu jalankan penggajian lagi.",
    ),
    MessageDef(
        "payroll-no-employees", "error", "failure",
        "{path} has no employee employed in {period}.",
        "{path} tidak punya karyawan yang bekerja pada {period}.",
        "Fill in the Employees sheet (From, Joined, Left), then run payroll again.",
        "Isi sheet Karyawan (Berlaku mulai, Tanggal masuk, Tanggal keluar), lalu jalankan lagi.",
    ),
    MessageDef(
        "payroll-finalize-out-of-order", "error", "failure",
        "{period} cannot be finalized before {earlier}: the last period's annual PPh 21 is "
        "built on the months before it.",
        "{period} tidak bisa difinalkan sebelum {earlier}: PPh 21 setahun di masa terakhir "
        "dihitung dari bulan-bulan sebelumnya.",
        "Finalize the months in order (or the whole year with --year).",
        "Finalkan bulan-bulan secara berurutan (atau seluruh tahun dengan --year).",
    ),
    MessageDef(
        "payroll-month-finalized", "error", "failure",
        "{period} is finalized already; a finalized month is never recomputed.",
        "{period} sudah final; bulan yang sudah final tidak pernah dihitung ulang.",
        "Enter corrections as Pay items of a later month.",
        "Masukkan koreksi sebagai Komponen gaji di bulan berikutnya.",
    ),
    MessageDef(
        "payroll-severance-left-mismatch", "error", "cell",
        "'{value}' leaves on {date} here, but Left in {employees} is {left}.",
        "'{value}' keluar pada {date} di sini, tetapi Tanggal keluar di {employees} {left}.",
        "Type the day after the last day (or the last day) as Left in {employees}: the last "
        "payroll month and its year-end PPh 21 come from it.",
        "Isi Tanggal keluar di {employees} dengan hari sesudah hari terakhir (atau hari "
        "terakhir itu): bulan gaji terakhir dan PPh 21 akhir tahunnya dihitung darinya.",
    ),
    MessageDef(
        "payroll-severance-below-minimum", "error", "cell",
        "{header} {value} is less than the legal minimum {minimum} ({article} PP 35/2021).",
        "{header} {value} kurang dari minimum {minimum} ({article} PP 35/2021).",
        "Pay at least the minimum (more is allowed), or leave the cell blank to pay it.",
        "Bayar paling sedikit minimumnya (lebih boleh), atau kosongkan sel untuk membayarnya.",
    ),
    MessageDef(
        "payroll-severance-separation-missing", "warning", "cell",
        "'{value}' leaves for a reason that gives uang pisah ({article} PP 35/2021), and none "
        "is typed.",
        "'{value}' keluar dengan alasan yang memberi uang pisah ({article} PP 35/2021), dan "
        "belum diisi.",
        "Type the uang pisah the company's rules set (0 if they set none).",
        "Isi uang pisah menurut peraturan perusahaan (0 bila tidak ada).",
    ),
    MessageDef(
        "payroll-severance-paid-later", "error", "cell",
        "'{value}': a part paid later needs both its amount and its day.",
        "'{value}': bagian yang dibayar kemudian perlu jumlah dan tanggalnya.",
        "Fill both Paid later and Paid later on, or neither.",
        "Isi Dibayar kemudian dan Tanggal bayar kemudian, atau kosongkan keduanya.",
    ),
)
