"""Payroll: from the payroll book's Employees, Timesheet and Pay items to payslips and the journal.

The public entry points::

    from backoffice.payroll.run import run_payroll, compute
    run = run_payroll("payroll.xlsx", period="2026-03")          # a draft month
    run = run_payroll("payroll.xlsx", year=2026, finalize=True)  # store the year

Layout: :mod:`~backoffice.payroll.rules` (rule packs: dated CSV files with
their legal source), :mod:`~backoffice.payroll.indonesia` and
:mod:`~backoffice.payroll.generic` (the pure engines), :mod:`.engine` (a year
month by month, finalized months from the store), :mod:`.inputs` (the book's
sheets to records), :mod:`.outputs` (register, payslips, bank file, PPh 21
summary), :mod:`.journal` (the ledger lines), :mod:`.run` (the command),
:mod:`.rounding` (the one rounding policy), :mod:`.checks` (the payroll book's
cross-sheet checks).

Scope: permanent employees (pegawai tetap), and non-permanent workers paid
monthly (TER on the month's gross every month, no year-end calculation: PMK
168/2023 Ps. 12(2)c, 16(2)c). **Workers paid by the day, the week or the piece
are refused** with a clear message at their Employees cell (code
``payroll-daily-not-supported``): TER harian (PP 58/2023 Lampiran D, PMK
168/2023 Ps. 12) is not computed. Also not computed: the 20 % no-NPWP
surcharge (its TER mechanics are unregulated), JP age limits, BPJS Kesehatan
extra family members, a company-wide allowance in the Rules sheet (enter it in
Employees or Pay items). *Left* is the day work stops (PMK 168/2023 I.2.2.1:
stopping on 1 September makes August the last period); part-year residents
are annualised (I.2.1.2).
"""
