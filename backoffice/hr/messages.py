"""The people's records' issue codes (contracts, leave, warning letters), in English and
Indonesian."""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "hr-contract-end-before-start", "error", "cell",
        "Contract '{value}' ends on {end}, before it starts on {start}.",
        "Kontrak '{value}' berakhir {end}, sebelum mulai {start}.",
        "Correct the start or end date.",
        "Perbaiki tanggal mulai atau berakhir.",
    ),
    MessageDef(
        "hr-pkwt-no-end", "error", "cell",
        "Fixed-term contract (PKWT) '{value}' has no end date.",
        "PKWT '{value}' tidak punya tanggal berakhir.",
        "A PKWT is agreed for a time: type its end date (PP 35/2021 Ps. 8), or make it a "
        "PKWTT.",
        "PKWT dibuat untuk jangka waktu tertentu: isi tanggal berakhirnya (PP 35/2021 Ps. 8), "
        "atau jadikan PKWTT.",
    ),
    MessageDef(
        "hr-pkwt-over-limit", "error", "cell",
        "Fixed-term contract '{value}' with its extensions runs {start} – {end}: longer than "
        "the legal {limit} months ({source}).",
        "PKWT '{value}' beserta perpanjangannya berjalan {start} – {end}: melebihi batas "
        "{limit} bulan ({source}).",
        "Shorten the term, or make the employee permanent (PKWTT): a PKWT beyond the limit "
        "becomes a PKWTT by law.",
        "Perpendek jangka waktunya, atau angkat karyawan menjadi tetap (PKWTT): PKWT yang "
        "melewati batas demi hukum menjadi PKWTT.",
    ),
    MessageDef(
        "hr-probation-on-pkwt", "error", "cell",
        "Fixed-term contract '{value}' has a probation period; a PKWT may not ({source}).",
        "PKWT '{value}' memuat masa percobaan; PKWT tidak boleh ({source}).",
        "Clear the probation end: the probation is void and its time counts as service.",
        "Kosongkan akhir masa percobaan: masa percobaan batal demi hukum dan masa kerjanya "
        "tetap dihitung.",
    ),
    MessageDef(
        "hr-probation-too-long", "error", "cell",
        "The probation of contract '{value}' runs to {date}, longer than {limit} months from "
        "{start} ({source}).",
        "Masa percobaan kontrak '{value}' sampai {date}, lebih dari {limit} bulan sejak "
        "{start} ({source}).",
        "End the probation on or before {latest}.",
        "Akhiri masa percobaan paling lambat {latest}.",
    ),
    MessageDef(
        "hr-contract-overlap", "error", "cell",
        "Contract '{value}' of '{employee}' overlaps contract '{other}' ({start} – {end}).",
        "Kontrak '{value}' milik '{employee}' tumpang tindih dengan kontrak '{other}' "
        "({start} – {end}).",
        "Let one contract end the day before the next starts.",
        "Akhiri satu kontrak sehari sebelum kontrak berikutnya mulai.",
    ),
    MessageDef(
        "hr-extends-unknown", "error", "cell",
        "Contract '{value}' extends '{other}', which is not a fixed-term contract of the "
        "same employee in this sheet.",
        "Kontrak '{value}' memperpanjang '{other}', yang bukan PKWT karyawan yang sama di "
        "sheet ini.",
        "Type the number of the PKWT this one extends, or leave the cell blank.",
        "Ketik nomor PKWT yang diperpanjang, atau kosongkan selnya.",
    ),
    MessageDef(
        "hr-contract-missing", "warning", "cell",
        "Employee '{value}' is on the payroll but has no row in {contracts}.",
        "Karyawan '{value}' ada di penggajian tetapi tidak punya baris di {contracts}.",
        "Add the employee's contract (PKWT or PKWTT) to {contracts}.",
        "Tambahkan kontrak karyawan ini (PKWT atau PKWTT) di {contracts}.",
    ),
    MessageDef(
        "hr-leave-end-before-start", "error", "cell",
        "Leave request '{value}' ends on {end}, before it starts on {start}.",
        "Pengajuan cuti '{value}' berakhir {end}, sebelum mulai {start}.",
        "Correct the start or end date.",
        "Perbaiki tanggal mulai atau berakhir.",
    ),
    MessageDef(
        "hr-leave-over-balance", "error", "cell",
        "Leave request '{value}' takes {days} days of annual leave; '{employee}' has {balance} "
        "left for {year}.",
        "Pengajuan cuti '{value}' memakai {days} hari cuti tahunan; sisa '{employee}' untuk "
        "{year} tinggal {balance}.",
        "Shorten the request, or record it as unpaid leave.",
        "Perpendek pengajuannya, atau catat sebagai cuti di luar tanggungan.",
    ),
    MessageDef(
        "hr-leave-not-yet-entitled", "error", "cell",
        "Leave request '{value}' takes annual leave before '{employee}' has {months} months "
        "of service (from {date}, {source}).",
        "Pengajuan cuti '{value}' memakai cuti tahunan sebelum '{employee}' bekerja {months} "
        "bulan (mulai {date}, {source}).",
        "Move the request to {date} or later, or record it as unpaid leave.",
        "Pindahkan pengajuan ke {date} atau sesudahnya, atau catat sebagai cuti di luar "
        "tanggungan.",
    ),
    MessageDef(
        "hr-leave-over-length", "error", "cell",
        "Leave request '{value}' runs {days} days; {kind} allows {limit} ({source}).",
        "Pengajuan cuti '{value}' {days} hari; {kind} paling lama {limit} ({source}).",
        "Shorten the request, or record the rest as annual or unpaid leave.",
        "Perpendek pengajuannya, atau catat sisanya sebagai cuti tahunan atau di luar "
        "tanggungan.",
    ),
    MessageDef(
        "hr-holidays-unknown", "warning", "cell",
        "Leave request '{value}' falls in {year}, a year whose national holidays and joint "
        "leave days backoffice does not know yet: its working days count weekdays only.",
        "Pengajuan cuti '{value}' jatuh di tahun {year}, yang hari libur nasional dan cuti "
        "bersamanya belum diketahui backoffice: hari kerjanya hanya menghitung hari biasa.",
        "Update backoffice once the joint decree (SKB 3 Menteri) for {year} is out.",
        "Perbarui backoffice setelah SKB 3 Menteri untuk tahun {year} terbit.",
    ),
    MessageDef(
        "hr-leave-overlap", "error", "cell",
        "Leave request '{value}' of '{employee}' overlaps request '{other}' ({start} – {end}).",
        "Pengajuan cuti '{value}' milik '{employee}' tumpang tindih dengan '{other}' "
        "({start} – {end}).",
        "Correct the dates so each day is requested once.",
        "Perbaiki tanggalnya agar setiap hari diajukan sekali.",
    ),
    MessageDef(
        "hr-leave-outside-employment", "error", "cell",
        "Leave request '{value}' ({start} – {end}) falls outside the employment of "
        "'{employee}' ({joined} – {left}).",
        "Pengajuan cuti '{value}' ({start} – {end}) di luar masa kerja '{employee}' "
        "({joined} – {left}).",
        "Correct the dates, or the employee's Joined/Left dates.",
        "Perbaiki tanggalnya, atau Tanggal masuk/keluar karyawan.",
    ),
    MessageDef(
        "hr-warning-out-of-order", "warning", "cell",
        "Warning letter '{value}' ({letter}) is issued on {date} while {earlier} '{other}' is "
        "in force until {until}: the next letter would be {expected}.",
        "Surat peringatan '{value}' ({letter}) diterbitkan {date} saat {earlier} '{other}' "
        "masih berlaku sampai {until}: seharusnya {expected}.",
        "Check the letter's level.",
        "Periksa tingkat suratnya.",
    ),
)
