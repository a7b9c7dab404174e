"""The merged result is checked before anything is pushed.

Check passed on the book as it is; but the store may have changed meanwhile (a
colleague deleted an account that a new entry here uses). Before the push, the
book's sheets are merged in memory with what the plan will pull, and every
cross-row and cross-sheet rule runs on that merged book. A unit this book
would push that has an error in the merged result is held back (with the
reason), so the store never holds what the engines would reject.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl
from backoffice.sync.bookread import BookRead
from backoffice.sync.plan import SheetPlan, unit_of

from backoffice.checking import run_rules
from backoffice.issues import Issue
from backoffice.schema import BookData, SheetData


def hold_back_merged(read: BookRead, plans: dict[str, SheetPlan]) -> dict[str, dict[str, Issue]]:
    """Remove from ``plans`` the units whose merged result fails a rule; kind -> unit -> why."""
    if not any(p.pull_update or p.pull_insert or p.pull_delete for p in plans.values()):
        return {}  # nothing comes in: the merged book is the book Check passed
    data = read.data
    sheets = dict(data.sheets)
    for kind, plan in plans.items():
        sheets[kind] = _merged_sheet(data.sheets[kind], plan,
                                     str(data.settings.get("base_currency") or "IDR"))
    issues = run_rules(BookData(sheets, data.settings, data.lang))
    held: dict[str, dict[str, Issue]] = {}
    for kind, plan in plans.items():
        rows = read.sheets[kind]
        grouped = rows.group_field is not None
        by_row = {r.row: r for r in plan.push}
        for issue in issues:
            if issue.severity != "error" or issue.sheet != rows.sheet or issue.row not in by_row:
                continue
            row = by_row[issue.row]
            held.setdefault(kind, {}).setdefault(unit_of(row.row_id, row.group, grouped), issue)
        if kind in held:
            units = held[kind]
            plan.push = [r for r in plan.push
                         if unit_of(r.row_id, r.group, grouped) not in units]
            plan.held |= set(units)
    return held


def _merged_sheet(data: SheetData, plan: SheetPlan, base_currency: str) -> SheetData:
    """The sheet as it will be once the plan's pulls are applied (rows keep their numbers;
    new rows are numbered after the last)."""
    frame = data.frame
    gone = {r.row for r in plan.pull_delete} | {mine.row for mine, _theirs in plan.pull_update}
    if gone:
        frame = frame.filter(~pl.col("_row").is_in(pl.Series(sorted(gone), dtype=pl.Int64)
                                                    .implode()))
    last = int(data.frame["_row"].max() or 0)
    incoming = [{**theirs.values, "row_id": theirs.row_id, "_row": mine.row}
                for mine, theirs in plan.pull_update]
    incoming += [{**theirs.values, "row_id": theirs.row_id, "_row": last + 1 + i}
                 for i, theirs in enumerate(plan.pull_insert)]
    if incoming:
        added = pl.DataFrame(incoming, schema={c: frame.schema[c] for c in frame.columns
                                               if c in incoming[0] or c == "_row"})
        frame = pl.concat([frame, added], how="diagonal_relaxed")
        if "_unread_amount" in frame.columns:
            frame = frame.with_columns(pl.col("_unread_amount").fill_null(False))
        if "currency" in frame.columns:  # a blank currency is the base currency, as on reading
            frame = frame.with_columns(pl.col("currency").fill_null(base_currency))
    return replace(data, frame=frame)
