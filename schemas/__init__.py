"""The sheet kinds: one module per kind, each the single source of truth for its sheet.

Installed as ``backoffice.schemas``. A later capability adds its sheets by
adding a module here and listing it in ``_MODULES``; nothing else changes.
"""

from __future__ import annotations

from backoffice.schemas import (
    accounts,
    balances,
    items,
    journal,
    periods,
    rates,
    settings,
    stock_counts,
    stock_moves,
)

from backoffice.schema import Registry

_MODULES = (settings, accounts, journal, balances, rates,
            items, stock_moves, stock_counts)  # the inventory book (issue 8)

#: Every sheet kind backoffice knows, by any of its names.
REGISTRY = Registry([*(module.SCHEMA for module in _MODULES), periods.SCHEMA, periods.LOCKS])

__all__ = ["REGISTRY"]
