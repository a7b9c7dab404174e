"""The people's records beside the payroll: contracts, leave, warning letters, hiring.

Pure functions over the coerced sheets of a payroll book (polars frames), each
legal figure read from ``backoffice/data/hr_rules.csv`` with its date and source
(:mod:`backoffice.hr.rules`), the company's own policy from the Rules sheet.
"""
