"""Receivables, payables and Indonesian tax: invoices, bills, payments, PPN and PPh 23.

The bookkeeper types Customers, Suppliers, Invoices, Bills and Payments in the
ledger book; :mod:`backoffice.arap.engine` turns them into journal lines (posted
by Post as generated blocks ``sales:YYYY-MM``, ``purchases:YYYY-MM``,
``payments:YYYY-MM`` and ``umkm:YYYY-MM``) and into open items, from which
:mod:`backoffice.arap.reports` builds the agings, statements and tax summaries.
"""
