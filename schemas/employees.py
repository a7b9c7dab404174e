"""``Employees`` / ``Karyawan``: the payroll's master data, effective-dated.

One row per employee per change: a raise from July is a new row with *From*
2026-07-01, so January keeps the old salary. A month uses, for each employee,
the row with the latest *From* on or before the month's last day. The PTKP
status used for PPh 21 (TER category and the year's PTKP) is the one in force
on 1 January, or in the first month worked for someone who joins later.
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

AMOUNT_FORMAT = "#,##0;[Red]-#,##0"

TYPES = (
    Choice("permanent", "Permanent", "Pegawai tetap", ("tetap", "pkwtt")),
    Choice("monthly", "Non-permanent, paid monthly", "Tidak tetap, dibayar bulanan",
           ("non-permanent monthly", "tidak tetap bulanan")),
    Choice("daily", "Daily, weekly or piece-rate", "Harian, mingguan atau borongan",
           ("daily", "harian", "borongan", "tidak tetap", "non-permanent")),
)
METHODS = (
    Choice("gross", "Gross (withheld)", "Gross (dipotong)", ("gross", "net of tax")),
    Choice("gross-up", "Gross-up (borne by employer)", "Gross-up (ditanggung pemberi kerja)",
           ("gross up", "grossup", "tunjangan pajak")),
)
#: Coretax's CounterpartOpt of the monthly slip (DJP's BPMP converter v.3, sheet REF).
CITIZENSHIPS = (
    Choice("Resident", "Indonesian (WNI)", "WNI", ("Resident", "Indonesian", "Indonesia")),
    Choice("Foreign", "Foreign (WNA)", "WNA", ("Foreign", "Foreigner", "Asing")),
)
#: The religions whose holiday THR is paid for (Permenaker 6/2016 Ps. 1 angka 2); which
#: holiday each gives is data: backoffice/compliance/data/religions.csv.
RELIGIONS = (
    Choice("islam", "Islam", "Islam", ("Muslim", "Moslem")),
    Choice("protestant", "Christian (Protestant)", "Kristen Protestan",
           ("Protestant", "Kristen", "Christian", "Protestan")),
    Choice("catholic", "Christian (Catholic)", "Kristen Katolik",
           ("Catholic", "Katolik", "Katholik")),
    Choice("hindu", "Hindu", "Hindu"),
    Choice("buddhist", "Buddhist", "Buddha", ("Buddhism", "Budha")),
    Choice("confucian", "Confucian", "Khonghucu", ("Konghucu", "Kong Hu Cu", "Confucianism")),
)
WORK_WEEKS = (
    Choice("5", "5 days", "5 hari", ("5",)),
    Choice("6", "6 days", "6 hari", ("6",)),
)

SCHEMA = SheetSchema(
    kind="employees",
    en="Employees",
    id="Karyawan",
    aliases=("Staff", "Pegawai", "Employee master"),
    books=("payroll",),
    natural_key="employee",
    fields=(
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              aliases=("Employee ID", "Employee code", "Kode karyawan", "ID karyawan"),
              help_en="The employee's code; the same on every row of this employee.",
              help_id="Kode karyawan; sama di setiap baris karyawan ini."),
        Field("name", "Name", "Nama", Kind.TEXT, width=24, aliases=("Employee name",),
              help_en="The employee's name, as on the payslip.",
              help_id="Nama karyawan, seperti di slip gaji.",
              personal="general"),
        Field("from", "From", "Berlaku mulai", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("Effective from", "Mulai berlaku"),
              help_en="The day this row applies from; a change is a new row with a later date.",
              help_id="Tanggal baris ini mulai berlaku; perubahan dibuat di baris baru."),
        Field("department", "Department", "Departemen", Kind.CODE, width=12,
              aliases=("Cost center", "Cost centre", "Bagian", "Pusat biaya"),
              help_en="Department or cost center; the payroll journal is summed by it.",
              help_id="Departemen atau pusat biaya; jurnal gaji dijumlah per departemen."),
        Field("type", "Type", "Jenis", Kind.CHOICE, width=18, choices=TYPES,
              default="permanent", aliases=("Employment type", "Status kerja"),
              help_en="Permanent (default), or non-permanent paid monthly (TER every month, "
                      "no year-end calculation). Daily, weekly and piece-rate workers are "
                      "refused.",
              help_id="Pegawai tetap (bawaan), atau tidak tetap dibayar bulanan (TER setiap "
                      "bulan, tanpa perhitungan akhir tahun). Pekerja harian, mingguan dan "
                      "borongan ditolak."),
        Field("ptkp", "PTKP status", "Status PTKP", Kind.CODE, width=10,
              aliases=("PTKP", "Tax status", "Status pajak"),
              help_en="TK/0 … TK/3 or K/0 … K/3, as on 1 January.",
              help_id="TK/0 … TK/3 atau K/0 … K/3, per 1 Januari.",
              personal="general"),
        Field("basic", "Basic salary", "Gaji pokok", Kind.AMOUNT, nonnegative=True, width=14,
              excel_format=AMOUNT_FORMAT, aliases=("Salary", "Gaji"),
              help_en="Monthly basic salary, in the row's Currency (blank: rupiah).",
              help_id="Gaji pokok bulanan, dalam Mata Uang baris ini (kosong: rupiah).",
              personal="specific"),
        Field("fixed_allowances", "Fixed allowances", "Tunjangan tetap", Kind.AMOUNT,
              nonnegative=True, width=14, excel_format=AMOUNT_FORMAT,
              help_en="Monthly fixed allowances (part of the BPJS and overtime wage).",
              help_id="Tunjangan tetap bulanan (bagian upah BPJS dan lembur).",
              personal="specific"),
        Field("other_allowances", "Other allowances", "Tunjangan tidak tetap", Kind.AMOUNT,
              nonnegative=True, width=14, excel_format=AMOUNT_FORMAT,
              aliases=("Non-fixed allowances",),
              help_en="Monthly allowances that are not fixed (meals, transport).",
              help_id="Tunjangan bulanan yang tidak tetap (makan, transpor).",
              personal="specific"),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              aliases=("Pay currency", "Mata uang gaji", "Valuta"),
              help_en="The currency of this row's salary and allowances (ISO 4217 code); blank: "
                      "rupiah. Pay in another currency is converted at the Minister of "
                      "Finance's tax rate (Tax exchange rates) of the pay day (PMK 168/2023 "
                      "Ps. 5(4)).",
              help_id="Mata uang gaji dan tunjangan baris ini (kode ISO 4217); kosong: rupiah. "
                      "Gaji dalam valuta lain dikonversi dengan kurs pajak Menteri Keuangan "
                      "(Kurs pajak) pada hari gajian (PMK 168/2023 Ps. 5(4))."),
        Field("method", "Tax method", "Metode pajak", Kind.CHOICE, width=16, choices=METHODS,
              default="gross",
              help_en="Gross: PPh 21 is withheld from pay. Gross-up: the employer bears it "
                      "as a tax allowance.",
              help_id="Gross: PPh 21 dipotong dari gaji. Gross-up: ditanggung pemberi kerja "
                      "sebagai tunjangan pajak."),
        Field("auto_bpjs", "Auto BPJS", "BPJS otomatis", Kind.BOOLEAN, width=10, default=True,
              excel_format="General",
              help_en="Yes (default): BPJS contributions are computed. No: enter them as Pay "
                      "items.",
              help_id="Ya (bawaan): iuran BPJS dihitung. Tidak: isi sebagai Komponen gaji."),
        Field("jkk_class", "JKK risk class", "Kelas risiko JKK", Kind.INTEGER, width=10,
              min_value=1, max_value=5, excel_format="0",
              help_en="1 (very low) to 5 (very high); blank takes the Rules sheet, else 1.",
              help_id="1 (sangat rendah) s.d. 5 (sangat tinggi); kosong memakai sheet Aturan, "
                      "atau 1."),
        Field("work_week", "Work week", "Hari kerja", Kind.CHOICE, width=9, choices=WORK_WEEKS,
              default="5", aliases=("Days per week",),
              help_en="5 or 6 working days a week (overtime multipliers differ).",
              help_id="5 atau 6 hari kerja seminggu (pengali lembur berbeda)."),
        Field("joined", "Joined", "Tanggal masuk", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd", aliases=("Start date", "Mulai kerja"),
              help_en="First day of work; blank: the first From date.",
              help_id="Hari pertama bekerja; kosong: tanggal Berlaku mulai yang pertama."),
        Field("left", "Left", "Tanggal keluar", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              aliases=("End date", "Berhenti"),
              help_en="The day the employee stops working (1 September: August is the last "
                      "tax period).",
              help_id="Tanggal berhenti bekerja (1 September: Agustus masa pajak terakhir)."),
        Field("dtp", "PPh 21 DTP", "PPh 21 DTP", Kind.BOOLEAN, width=9, default=False,
              excel_format="General", aliases=("DTP",),
              help_en="Yes when the employee meets the personal criteria of government-borne "
                      "PPh 21 (valid NPWP/NIK, no other DTP); the company's KLU in Settings "
                      "and January's pay decide the months (PMK 10/2025, PMK 105/2025).",
              help_id="Ya bila karyawan memenuhi kriteria pribadi PPh 21 ditanggung pemerintah "
                      "(NPWP/NIK valid, tidak menerima DTP lain); KLU perusahaan di Pengaturan "
                      "dan gaji Januari menentukan masanya (PMK 10/2025, PMK 105/2025)."),
        Field("part_year", "Part-year resident", "WP DN sebagian tahun", Kind.BOOLEAN,
              width=10, default=False, excel_format="General",
              aliases=("Part year", "Sebagian tahun"),
              help_en="Yes when the employee became or stopped being an Indonesian tax resident "
                      "this year (an expatriate arriving): the year's net income is annualised "
                      "and the tax prorated over the months worked (PMK 168/2023 Ps. 15(3)).",
              help_id="Ya bila karyawan baru menjadi atau berhenti sebagai wajib pajak dalam "
                      "negeri tahun ini (WNA yang datang): neto disetahunkan dan PPh "
                      "diproporsikan atas bulan bekerja (PMK 168/2023 Ps. 15(3))."),
        Field("npwp", "NPWP", "NPWP", Kind.IDENTITY, width=18, aliases=("NIK", "Tax ID"),
              help_en="NPWP or NIK, typed as text.", help_id="NPWP atau NIK, diketik sebagai teks.",
              personal="general"),
        # -- what Coretax's monthly withholding slips (BPMP) need of an employee ----------
        Field("position", "Position", "Jabatan", Kind.TEXT, width=16,
              aliases=("Job title", "Posisi"),
              help_en="The job title, for the monthly withholding slip.",
              help_id="Jabatan, untuk bukti potong bulanan."),
        Field("citizenship", "Citizenship", "Kewarganegaraan", Kind.CHOICE, width=12,
              choices=CITIZENSHIPS, default="Resident", aliases=("Status pegawai", "WNI/WNA"),
              help_en="Indonesian (the slip's Resident, blank) or foreign (Foreign: give the "
                      "passport).",
              help_id="WNI (Resident di bukti potong, kosong) atau WNA (Foreign: isi paspor)."),
        Field("passport", "Passport", "Nomor paspor", Kind.IDENTITY, width=14,
              aliases=("Passport number", "Paspor"),
              help_en="A foreign employee's passport number, typed as text.",
              help_id="Nomor paspor karyawan asing, diketik sebagai teks.",
              personal="general"),
        Field("bank", "Bank", "Bank", Kind.TEXT, width=12,
              help_en="The bank net pay is transferred to.",
              help_id="Bank tujuan transfer gaji bersih."),
        Field("account", "Bank account", "No. rekening", Kind.IDENTITY, width=18,
              aliases=("Account number", "Rekening"),
              help_en="The bank account number, typed as text.",
              help_id="Nomor rekening, diketik sebagai teks.",
              personal="specific"),
        # -- what the compliance calendar needs (issue 23): THR's holiday -----------------
        Field("religion", "Religion", "Agama", Kind.CHOICE, width=16, choices=RELIGIONS,
              help_en="Decides the holiday THR is due before (Idul Fitri, Natal, Nyepi, Waisak "
                      "or Imlek: Permenaker 6/2016); blank: no THR date, and Check warns.",
              help_id="Menentukan hari raya yang menjadi batas THR (Idul Fitri, Natal, Nyepi, "
                      "Waisak atau Imlek: Permenaker 6/2016); kosong: tanpa tanggal THR, dan "
                      "Periksa memberi peringatan.",
              personal="general"),
    ),
    help_en="Employees and their pay, one row per change, each with the date it applies from.",
    help_id="Karyawan dan gajinya, satu baris per perubahan, masing-masing dengan tanggal "
            "berlakunya.",
)
