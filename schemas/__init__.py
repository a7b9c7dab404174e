"""The sheet kinds: one module per kind, each the single source of truth for its sheet.

Installed as ``backoffice.schemas``. A later capability adds its sheets by
adding a module here and listing it in ``_MODULES``; nothing else changes.
"""

from __future__ import annotations

from backoffice.schemas import (
    accounts,
    balances,
    departments,
    documents,
    employees,
    items,
    journal,
    kmk_rates,
    leavers,
    opening_ytd,
    parties,
    pay_items,
    payments,
    payroll_rules,
    payroll_runs,
    periods,
    rates,
    settings,
    stock_counts,
    stock_moves,
    taxcodes,
    timesheet,
)

from backoffice.schema import Registry

_MODULES = (settings, accounts, journal, balances, rates,
            employees, timesheet, pay_items, payroll_rules, opening_ytd, departments,
            payroll_runs, leavers,
            items, stock_moves, stock_counts)  # the inventory book (issue 8)

#: Every sheet kind backoffice knows, by any of its names.
REGISTRY = Registry([*(module.SCHEMA for module in _MODULES), periods.SCHEMA, periods.LOCKS,
                      # receivables, payables and tax (backoffice.arap)
                      parties.CUSTOMERS, parties.SUPPLIERS, documents.INVOICES,
                      documents.BILLS, payments.SCHEMA, taxcodes.SCHEMA,
                      # the Minister of Finance's tax rates (ledger and payroll books)
                      kmk_rates.SCHEMA])

__all__ = ["REGISTRY"]
