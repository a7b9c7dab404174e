"""Check's rules for the people's sheets: Contracts, Leave and Warning letters.

Each is a :data:`backoffice.schema.Rule`: given the coerced book, it yields issues at
the cell. Check runs every registered rule on every book, so each returns at once when
its sheet is not there. The figures come from :mod:`backoffice.hr.rules`, dated on the
day each row concerns, with the company's overrides from the Rules sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import polars as pl

from backoffice import holidays, money
from backoffice.catalogue import Localized
from backoffice.hr import contracts, leave, letters, people, rules
from backoffice.issues import Issue, make_issue
from backoffice.payroll.checks import _unknown_employees
from backoffice.ruleset import register
from backoffice.schema import BookData, SheetData


def _sheet(book: BookData, kind: str) -> SheetData | None:
    data = book.get(kind)
    if data is None or data.frame is None or data.frame.height == 0:
        return None
    return data


def overrides_on(book: BookData, day: dt.date) -> dict[str, Decimal]:
    """The company's Rules values in force on ``day`` (the latest From of each rule)."""
    data = book.get("payroll_rules")
    if data is None or data.frame is None or data.frame.height == 0:
        return {}
    values: dict[str, Decimal] = {}
    frame = data.frame.select("from", "rule", "value").drop_nulls().sort("from")
    for start, rule, value in frame.iter_rows():
        if start <= day:
            values[rule] = Decimal(value)
    return values


def policy(book: BookData, day: dt.date) -> dict[str, Decimal]:
    """The law on ``day`` with the company's policy from its Rules sheet."""
    return rules.policy_on(day, overrides_on(book, day))


def contract_rows(book: BookData) -> pl.DataFrame | None:
    """The book's complete Contracts rows, prepared (:func:`contracts.prepared`)."""
    data = _sheet(book, "contracts")
    if data is None:
        return None
    scale = 10 ** money.exponent_or_two(book.settings.get("base_currency") or "IDR")
    return contracts.prepared(data.frame, scale)


@register("contracts")
def check_contracts(book: BookData) -> Iterator[Issue]:
    """End before start, a PKWT without an end, over five years with its extensions, with a
    probation, a PKWTT probation over three months, overlaps, extensions of nothing, and
    employees on the payroll without a contract."""
    data = _sheet(book, "contracts")
    if data is None:
        return
    yield from _unknown_employees(book, "contracts")
    rows = contract_rows(book)
    assert rows is not None
    cell = data.letters.get

    def at(row: int, key: str, code: str, value: object, **params: object) -> Issue:
        return make_issue(code, data.sheet, row=row, column=cell(key), field=key, value=value,
                          **params)

    today = dt.date.today()
    law = rules.law_on(today)
    backwards = rows.filter(pl.col("end") < pl.col("start"))
    for row, code, start, end in backwards.select("_row", "contract", "start", "end").iter_rows():
        yield at(row, "end", "hr-contract-end-before-start", code, start=start.isoformat(),
                 end=end.isoformat())
    for row, code in rows.filter((pl.col("type") == "pkwt") & pl.col("end").is_null()) \
            .select("_row", "contract").iter_rows():
        yield at(row, "end", "hr-pkwt-no-end", code)
    limit = int(law["pkwt_max_months"])
    for rec in contracts.over_limit(rows, limit).sort("_row").iter_rows(named=True):
        yield at(rec["_row"], "end", "hr-pkwt-over-limit", rec["contract"],
                 start=rec["chain_start"].isoformat(), end=rec["chain_end"].isoformat(),
                 limit=limit, source="PP 35/2021 Ps. 8")
    probation = rows.filter(pl.col("probation_end").is_not_null())
    if not law["pkwt_probation_allowed"]:
        for row, code in probation.filter(pl.col("type") == "pkwt").select("_row", "contract") \
                .iter_rows():
            yield at(row, "probation_end", "hr-probation-on-pkwt", code, source="PP 35/2021 Ps. 12")
    months = int(law["probation_max_months"])
    latest = pl.col("start").dt.offset_by(f"{months}mo") - pl.duration(days=1)
    long = probation.filter((pl.col("type") == "pkwtt") & (pl.col("probation_end") > latest)) \
        .with_columns(latest.alias("latest"))
    for rec in long.iter_rows(named=True):
        yield at(rec["_row"], "probation_end", "hr-probation-too-long", rec["contract"],
                 date=rec["probation_end"].isoformat(), start=rec["start"].isoformat(),
                 limit=months, latest=rec["latest"].isoformat(), source="UU 13/2003 Ps. 60(1)")
    for rec in contracts.overlaps(rows).sort("_row").iter_rows(named=True):
        yield at(rec["_row"], "start", "hr-contract-overlap", rec["contract"],
                 employee=rec["employee"], other=rec["other"],
                 start=rec["other_start"].isoformat(), end=_shown(rec["other_last"]))
    dangling = rows.filter(pl.col("extends").is_not_null() & pl.col("parent").is_null())
    for row, code, other in dangling.select("_row", "contract", "extends").iter_rows():
        yield at(row, "extends", "hr-extends-unknown", code, other=other)
    yield from _missing_contracts(book, data, rows)


def _shown(day: dt.date) -> str:
    return "…" if day == contracts.FOREVER else day.isoformat()


def _missing_contracts(book: BookData, contracts_sheet: SheetData,
                       rows: pl.DataFrame) -> Iterator[Issue]:
    employees = book.get("employees")
    if employees is None or employees.frame is None or "employee" not in employees.frame.columns:
        return
    first_rows = (employees.frame.filter(pl.col("employee").is_not_null())
                  .group_by("employee", maintain_order=True).agg(pl.col("_row").first()))
    missing = first_rows.join(rows.select("employee").unique(), on="employee", how="anti")
    # Someone who left before the first contract the sheet records left before the company
    # kept contracts here: not a gap to fill.
    kept_since = rows.get_column("start").min()
    if kept_since is not None:
        gone = people.employment(book).filter(pl.col("last_day") < kept_since)
        missing = missing.join(gone.select("employee"), on="employee", how="anti")
    for code, row in missing.select("employee", "_row").iter_rows():
        yield make_issue("hr-contract-missing", employees.sheet, row=row,
                         column=employees.letters.get("employee"), field="employee", value=code,
                         contracts=contracts_sheet.sheet)


def leave_inputs(book: BookData) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """(requests with their days, employment spans) of a book with a Leave sheet."""
    data = _sheet(book, "leave_requests")
    if data is None:
        return None
    return leave.requests(data.frame), people.employment(book)


def leave_balances(book: BookData, reqs: pl.DataFrame, spans: pl.DataFrame,
                   until: int | None = None) -> tuple[pl.DataFrame, dict[str, Decimal]]:
    """Annual leave balances from the first year with a request through ``until`` (else
    the last year with one), under the policy in force at the end of that year."""
    years = reqs.select(pl.col("start").dt.year().min(), pl.col("end").dt.year().max()).row(0) \
        if reqs.height else (until, until)
    first = years[0] if years[0] is not None else (until or dt.date.today().year)
    last = until or years[1] or first
    first = min(first, last)
    pol = policy(book, dt.date(last, 12, 31))
    return leave.balances(reqs, spans, pol, range(first, last + 1)), pol


@register("leave_requests")
def check_leave(book: BookData) -> Iterator[Issue]:
    """End before start, longer than the law allows, overlapping, outside employment,
    annual leave before the right arises or beyond the balance."""
    data = _sheet(book, "leave_requests")
    if data is None:
        return
    yield from _unknown_employees(book, "leave_requests")
    cell = data.letters.get
    frame = data.frame
    backwards = frame.filter(pl.col("end") < pl.col("start"))
    for row, code, start, end in backwards.select("_row", "request", "start", "end").iter_rows():
        yield make_issue("hr-leave-end-before-start", data.sheet, row=row, column=cell("end"),
                         field="end", value=code, start=start.isoformat(), end=end.isoformat())
    inputs = leave_inputs(book)
    assert inputs is not None
    reqs, spans = inputs
    known = sorted(holidays.covered_years())
    unknown = reqs.filter(~pl.col("start").dt.year().is_in(known)
                          | ~pl.col("end").dt.year().is_in(known))
    for row, code, start, end in unknown.select("_row", "request", "start", "end").iter_rows():
        year = start.year if start.year not in known else end.year
        yield make_issue("hr-holidays-unknown", data.sheet, row=row, column=cell("start"),
                         field="start", value=code, year=year)
    kinds = {c.value: c for c in data.schema.field("kind").choices}
    for rec in _too_long(reqs).sort("_row").iter_rows(named=True):
        choice = kinds[rec["kind"]]
        limit = rec["limit"]
        shown = Localized(f"{limit} months", f"{limit} bulan") if rec["unit"] == "months" \
            else Localized(f"{limit} days", f"{limit} hari")
        yield make_issue("hr-leave-over-length", data.sheet, row=rec["_row"], column=cell("end"),
                         field="end", value=rec["request"], days=rec["days"],
                         kind=Localized(choice.en, choice.id), limit=shown,
                         source=_kind_source(rec["kind"]))
    for rec in leave.overlapping(reqs).sort("_row").iter_rows(named=True):
        yield make_issue("hr-leave-overlap", data.sheet, row=rec["_row"], column=cell("start"),
                         field="start", value=rec["request"], employee=rec["employee"],
                         other=rec["other"], start=rec["other_start"].isoformat(),
                         end=rec["other_end"].isoformat())
    for rec in leave.outside_employment(reqs, spans).sort("_row").iter_rows(named=True):
        yield make_issue("hr-leave-outside-employment", data.sheet, row=rec["_row"],
                         column=cell("start"), field="start", value=rec["request"],
                         employee=rec["employee"], start=rec["start"].isoformat(),
                         end=rec["end"].isoformat(), joined=rec["joined"].isoformat(),
                         left=_shown(rec["last_day"] or contracts.FOREVER))
    table, pol = leave_balances(book, reqs, spans)
    months = int(pol["annual_leave_service_months"])
    for rec in leave.over_balance(reqs, spans, table, pol).sort("_row").iter_rows(named=True):
        if rec["early"]:
            yield make_issue("hr-leave-not-yet-entitled", data.sheet, row=rec["_row"],
                             column=cell("start"), field="start", value=rec["request"],
                             employee=rec["employee"], months=months,
                             date=rec["entitled"].isoformat(), source="UU 13/2003 Ps. 79(3)")
        else:
            yield make_issue("hr-leave-over-balance", data.sheet, row=rec["_row"],
                             column=cell("end"), field="end", value=rec["request"],
                             days=rec["days"], employee=rec["employee"],
                             balance=max(rec["balance"], 0), year=rec["year"])


def _too_long(reqs: pl.DataFrame) -> pl.DataFrame:
    """Requests over their legal length, each judged by the law in force on its first day
    (maternity leave grew from 3 to up to 6 months on 2 July 2024, UU 4/2024)."""
    starts = rules.change_dates()
    parts = []
    for begin, end in zip(starts, [*starts[1:], dt.date.max], strict=True):
        part = reqs.filter((pl.col("start") >= begin) & (pl.col("start") < end))
        if part.height:
            parts.append(leave.too_long(part, rules.law_on(begin)))
    return pl.concat(parts) if parts else reqs.head(0).with_columns(
        pl.lit(0, pl.Int64).alias("limit"), pl.lit("").alias("unit"))


_KIND_SOURCES = {"paternity": "UU 13/2003 Ps. 93(4)e; UU 4/2024 Ps. 6(2)",
                 "marriage": "UU 13/2003 Ps. 93(4)a", "child_event": "UU 13/2003 Ps. 93(4)b-d",
                 "bereavement": "UU 13/2003 Ps. 93(4)f",
                 "household_bereavement": "UU 13/2003 Ps. 93(4)g",
                 "miscarriage": "UU 13/2003 Ps. 82(2); UU 4/2024 Ps. 4(3)b",
                 "maternity": "UU 4/2024 Ps. 4(3)a", "maternity_extra": "UU 4/2024 Ps. 4(3)a"}


def _kind_source(kind: str) -> str:
    return _KIND_SOURCES.get(kind, "")


def letter_rows(book: BookData) -> pl.DataFrame | None:
    """The book's complete warning letters with their rank and last day in force."""
    data = _sheet(book, "warning_letters")
    if data is None:
        return None
    validity = int(policy(book, dt.date.today())["warning_validity_months"])
    return letters.prepared(data.frame, validity)


@register("warning_letters")
def check_letters(book: BookData) -> Iterator[Issue]:
    """Unknown employees, and letters issued out of order while an earlier one is in force."""
    data = _sheet(book, "warning_letters")
    if data is None:
        return
    yield from _unknown_employees(book, "warning_letters")
    rows = letter_rows(book)
    assert rows is not None
    for rec in letters.out_of_order(rows).sort("_row").iter_rows(named=True):
        yield make_issue("hr-warning-out-of-order", data.sheet, row=rec["_row"],
                         column=data.letters.get("level"), field="level", value=rec["letter"],
                         letter=rec["level"], date=rec["date"].isoformat(),
                         earlier=rec["other_level"], other=rec["other"],
                         until=rec["other_until"].isoformat(), expected=rec["expected"])
