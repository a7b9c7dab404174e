"""Fault injection for the tests: stop a Sync at a named step.

``BACKOFFICE_SYNC_FAULT=during-stamp-save|before-commit|after-commit|during-save``
raises :class:`InjectedFault` at that step; with ``BACKOFFICE_SYNC_FAULT_HARD=1``
the process exits at once instead (a real kill).
"""

from __future__ import annotations

import os

FAULT_ENV = "BACKOFFICE_SYNC_FAULT"


class InjectedFault(RuntimeError):
    """Raised at a named point when a test asks for it (see the module docstring)."""


def fault(point: str) -> None:
    """Stop here if the tests asked to (``BACKOFFICE_SYNC_FAULT``)."""
    if os.environ.get(FAULT_ENV) == point:
        if os.environ.get(FAULT_ENV + "_HARD"):
            os._exit(75)
        raise InjectedFault(point)
