"""The rules engines add to sheet kinds: a registry in the core, filled by the engines.

A schema (``schemas/``) declares a sheet and the rules that need nothing but its
own declarations. A rule that needs an engine — the ledger's postings, the
payroll rule packs, the stock flows, the receivables' documents — lives in that
engine's ``checks`` module, which registers it here for a sheet kind when it is
imported. So the single source of truth for a sheet sits at the bottom of the
import graph, and ``checking.run_rules`` runs both kinds of rule without
importing an engine. :mod:`backoffice.engines` imports every engine's checks.
"""

from __future__ import annotations

from collections.abc import Callable

from backoffice.schema import Rule

_RULES: dict[str, list[Rule]] = {}


def register(*kinds: str) -> Callable[[Rule], Rule]:
    """Decorator: run ``rule`` whenever a book with any of ``kinds`` is checked.

    Registering the same function twice for a kind (a module imported again) is
    harmless: it runs once.
    """
    def add(rule: Rule) -> Rule:
        for kind in kinds:
            rules = _RULES.setdefault(kind, [])
            if rule not in rules:
                rules.append(rule)
        return rule
    return add


def rules_for(kind: str) -> tuple[Rule, ...]:
    """The engine rules registered for a sheet kind, in registration order."""
    return tuple(_RULES.get(kind, ()))
