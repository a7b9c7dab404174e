"""The sheet kinds: one module per kind, each the single source of truth for its sheet.

Installed as ``backoffice.schemas``. A later capability adds its sheets by
adding a module here and listing it in ``_MODULES``; nothing else changes.
"""

from __future__ import annotations

from backoffice.schemas import (
    accounts,
    balances,
    documents,
    journal,
    parties,
    payments,
    periods,
    rates,
    settings,
    taxcodes,
)

from backoffice.schema import Registry

_MODULES = (settings, accounts, journal, balances, rates)

#: Every sheet kind backoffice knows, by any of its names.
REGISTRY = Registry([*(module.SCHEMA for module in _MODULES), periods.SCHEMA, periods.LOCKS,
                      # receivables, payables and tax (backoffice.arap)
                      parties.CUSTOMERS, parties.SUPPLIERS, documents.INVOICES,
                      documents.BILLS, payments.SCHEMA, taxcodes.SCHEMA])

__all__ = ["REGISTRY"]
