"""The sheet kinds: one module per kind, each the single source of truth for its sheet.

Installed as ``backoffice.schemas``. A later capability adds its sheets by
adding a module here and listing it in ``_MODULES``; nothing else changes.
"""

from __future__ import annotations

from backoffice.schemas import (
    accounts,
    archive,
    balances,
    bank_rules,
    bank_statement,
    candidates,
    contracts,
    departments,
    documents,
    employees,
    filings,
    items,
    journal,
    kmk_rates,
    leave_requests,
    leavers,
    opening_ytd,
    parties,
    pay_items,
    payments,
    payroll_rules,
    payroll_runs,
    periods,
    permits,
    rates,
    settings,
    stock_counts,
    stock_moves,
    taxcodes,
    timesheet,
    warning_letters,
)

from backoffice.schema import Registry

_MODULES = (settings, accounts, journal, balances, rates,
            employees, timesheet, pay_items, payroll_rules, opening_ytd, departments,
            payroll_runs, leavers,
            contracts, leave_requests, warning_letters, candidates,  # people (issue 21)
            items, stock_moves, stock_counts)  # the inventory book (issue 8)

#: Every sheet kind backoffice knows, by any of its names.
REGISTRY = Registry([*(module.SCHEMA for module in _MODULES), periods.SCHEMA, periods.LOCKS,
                      # receivables, payables and tax (backoffice.arap)
                      parties.CUSTOMERS, parties.SUPPLIERS, documents.INVOICES,
                      documents.BILLS, payments.SCHEMA, taxcodes.SCHEMA,
                      # the Minister of Finance's tax rates (ledger and payroll books)
                      kmk_rates.SCHEMA,
                      # bank statements (backoffice.bank), added by 'bank import'
                      bank_statement.SCHEMA, bank_rules.SCHEMA,
                      # the compliance calendar's record (backoffice.compliance)
                      filings.SCHEMA, permits.SCHEMA, archive.SCHEMA])

__all__ = ["REGISTRY"]
