"""The compliance calendar: what a company owes the tax office, BPJS and its own licences, when.

Each obligation is a dated row of ``data/obligations.csv`` citing its article
(:mod:`backoffice.compliance.rules`); a deadline that falls on a day off moves to
the next working day (:mod:`backoffice.compliance.deadlines`); the amounts come
from the books (:mod:`backoffice.compliance.amounts`); what was paid or filed is
read from the Filings / Pelaporan sheet, so each obligation is done, due or late
(:mod:`backoffice.compliance.calendar`). The Compliance / Kepatuhan output sheet
and the ``.ics`` export render the same entries (:mod:`backoffice.compliance.sheet`,
:mod:`backoffice.compliance.ics`).
"""
