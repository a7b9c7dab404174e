"""An action's result as JSON: exit code, outcome lines in en and id, problems, what was written.

The shape is one for every action and every failure, so the menu shows
``outcome[lang]`` in a toast and ``problems`` in a dialog without knowing the action.
"""

from __future__ import annotations

import os
from typing import Any

from backoffice.actions.base import ActionResult
from backoffice.errors import EXIT_INTERNAL, BackofficeError

#: At most this many problems travel back; the Issues sheet has them all.
MAX_PROBLEMS = 200


def result_json(result: ActionResult, book: str) -> dict[str, Any]:
    """The JSON answer for an action that ran (whatever its exit code)."""
    problems = []
    if result.report is not None:
        problems = result.report.to_dict(result.language).get("issues", [])
    return {
        "action": result.action,
        "book": book,
        "exit_code": result.exit_code,
        "ok": result.ok,
        "language": result.language,
        "outcome": {"en": result.outcome.en, "id": result.outcome.id},
        "details": [{"en": line.en, "id": line.id} for line in result.details],
        "lines": result.lines(),
        "problems": problems[:MAX_PROBLEMS],
        "problems_total": len(problems),
        "show_problems": result.show_report,
        "written": {"sheets": list(result.written.sheets), "rows": dict(result.written.rows),
                    # by file name: a path on the server means nothing to the caller
                    "blocks": {os.path.basename(k): list(v) for k, v in result.written.blocks.items()},
                    "files": [os.path.basename(f) for f in result.written.files]},
        "text": result.text,
    }


def failure_json(action: str, book: str, exc: BaseException) -> dict[str, Any]:
    """The JSON answer for an action that stopped with a failure."""
    if isinstance(exc, BackofficeError):
        code, exit_code = exc.code, exc.exit_code
        outcome = {"en": exc.render("en"), "id": exc.render("id")}
    else:  # a bug: say so without showing the server's internals
        code, exit_code = "internal", EXIT_INTERNAL
        outcome = {"en": f"{action} stopped on an internal error; the server's log has it.",
                   "id": f"{action} berhenti karena galat internal; log server mencatatnya."}
    return {"action": action, "book": book, "exit_code": exit_code, "ok": False, "error": code,
            "outcome": outcome, "details": [], "lines": [outcome["en"]], "problems": [],
            "problems_total": 0, "show_problems": False,
            "written": {"sheets": [], "rows": {}, "blocks": {}, "files": []}, "text": None}
