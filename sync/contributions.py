"""The journal a payroll or stock book sends to the store, for the ledger books to receive.

A payroll book holds salaries; the ledger must never receive them, only the
payroll journal. So a book that computes journal lines but holds no Journal of
its own (a payroll book, a stock book) *contributes* its generated blocks to the
company's Journal in the store, and every ledger book that syncs receives them
as ordinary Journal rows; the salaries themselves stay in the payroll book (a
book receives only the sheets it holds).

What is sent:

* a payroll book: the journal of every **finalized** month (``payroll:2026-03``),
  computed from the stored results, so it never changes once sent;
* a stock book: every month's stock journal up to today (``stock:2026-03``),
  when its Settings name the inventory accounts (blank ones: nothing is sent).

Each line is a store Journal row whose ID is its block and line number
(``payroll:2026-03#4``) and whose Source is the identity the ledger's Check knows
(``payroll:2026-03#4/9:1a2b3c4d``): the same rows ``--post-to`` would write.

The contributing book is the only author of its blocks, so it keeps no base:
each Sync compares what the engine generates now with the store's rows of its
namespace and pushes the difference (new lines, changed lines, lines no longer
generated as tombstones, under the mass-delete guard). The push's version check
still guards against anyone writing the same rows meanwhile. An entry the
ledger would reject is not sent, and is listed with the reason, as a held-back
row is: its number used by another book's rows, an account the company's
Accounts lack, a month the ledger closed (its locks are in the store).

One book keeps each family. When the latest rows of a family in the store came
from a book of another name (a copy made to try something, a second payroll
book), this book's changes to that family are held back instead of silently
replacing the other book's journal; ``--take-over`` lets a book that now keeps
the company's payroll (a renamed or new payroll book) replace it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl
import sqlalchemy as sa
from backoffice.schemas import REGISTRY
from backoffice.sync.bookread import BookRead, SheetRows
from backoffice.sync.plan import LocalRow, SheetPlan, StoreRow
from backoffice.sync.pushing import among, store_rows
from backoffice.sync.rows import digest_column, polars_type
from backoffice.sync.store import Store

from backoffice import money
from backoffice.issues import Issue, make_issue
from backoffice.ledger.generated import GeneratedLine, block_rows

KIND = "journal"
#: The block families a book can contribute; a store Journal row's ID tells its family.
NAMESPACES = ("payroll", "stock")
_OWNED_ID = re.compile(r"^(?:" + "|".join(NAMESPACES) + r"):[\w.-]+#\d+$")
#: The Journal fields a contribution manages (the cells ``post_block`` writes).
FIELDS = ("date", "entry", "account", "description", "debit", "credit", "currency", "rate",
          "source")


@dataclass
class Contribution:
    """What a book sends to the Journal in the store.

    Attributes:
        namespaces: the block families the book owns ("payroll", "stock").
        rows: the generated rows, as a sheet that exists only in memory.
        held: problems that kept the book from computing its journal (nothing of those
            namespaces is sent or deleted then).
    """

    namespaces: tuple[str, ...]
    rows: SheetRows
    held: list[Issue] = field(default_factory=list)

    @property
    def sheet(self) -> str:
        return self.rows.sheet


def gather(read: BookRead) -> Contribution | None:
    """The book's contribution, or None when it contributes nothing (a ledger book posts
    its own generated blocks; a book without payroll or stock sheets has none)."""
    data = read.data
    if data.get(KIND) is not None:
        return None
    blocks: dict[str, Sequence[GeneratedLine]] = {}
    namespaces: list[str] = []
    held: list[Issue] = []
    sheet = REGISTRY[KIND].name(read.lang)
    base = str(data.settings.get("base_currency") or "IDR")
    for namespace, source in (("payroll", _payroll_blocks), ("stock", _stock_blocks)):
        found = source(read)
        if found is None:
            continue
        namespaces.append(namespace)
        if not read.report.valid:
            held.append(make_issue("sync-journal-unsent", sheet, namespace=namespace))
            continue
        if isinstance(found, Issue):
            held.append(found)
            continue
        blocks.update(found)
    if not namespaces:
        return None
    return Contribution(tuple(namespaces), journal_rows(blocks, base, sheet), held)


def is_contributed(row_id: str) -> bool:
    """Whether a Journal row's ID is that of a row a payroll or stock book contributed."""
    return bool(_OWNED_ID.match(row_id))


def family(row_id: str) -> str:
    """The block family ("payroll", "stock") of a contributed row's ID."""
    return row_id.split(":", 1)[0]


def _payroll_blocks(read: BookRead) -> dict[str, Sequence[GeneratedLine]] | Issue | None:
    if read.data.get("employees") is None:
        return None
    if not read.report.valid:
        return {}
    from backoffice.payroll import journal
    from backoffice.payroll.inputs import read_payroll
    from backoffice.payroll.leavers import severance_of

    payroll = read_payroll(read.data)
    severance = severance_of(read.data)  # a leaver's severance is in the month of the last day
    return {journal.source(month): journal.journal_lines(
        list(results.values()), month, read.data.settings, read.lang, payroll.departments,
        severance)
        for month, results in sorted(payroll.stored.items())}


def _stock_blocks(read: BookRead) -> dict[str, Sequence[GeneratedLine]] | Issue | None:
    settings = read.data.settings
    if read.data.get("items") is None:
        return None
    if not settings.get("inventory_account") and not settings.get("stock_expense_account"):
        return None  # the company keeps stock out of the ledger: nothing sent, nothing removed
    if not read.report.valid:
        return {}
    from backoffice.inventory.engine import compute
    from backoffice.inventory.journal import StockAccountMissing, accounts_from, stock_journal

    result = compute(read.data, dt.date.today())
    needs_adjustment = bool(result.adjustments.filter(result.adjustments["qty"] != 0).height)
    try:
        accounts = accounts_from(settings, needs_adjustment)
    except StockAccountMissing as missing:
        return make_issue("sync-journal-unsent-setting", REGISTRY["settings"].name(read.lang),
                          namespace="stock", setting=missing.params["setting"])
    base = str(settings.get("base_currency") or "IDR")
    exp = money.exponent(base) if money.is_currency(base) else 2
    return {f"stock:{month}": lines
            for month, lines in stock_journal(result, accounts, exp, read.lang).items()}


def journal_rows(blocks: Mapping[str, Sequence[GeneratedLine]], base: str,
                 sheet: str) -> SheetRows:
    """The blocks' rows as a Journal sheet held in memory, typed as a book's Journal is
    read (amounts in minor units, a blank currency as the base, rates as exact text),
    so that their digests are the ones a ledger book computes for the same rows."""
    schema = REGISTRY[KIND]
    fields = [f for f in schema.fields if f.key in FIELDS]
    records: list[dict[str, object]] = []
    for block, lines in blocks.items():
        for index, row in enumerate(block_rows(block, lines, base), start=1):
            currency = str(row["currency"] or base)
            exp = money.exponent(currency) if money.is_currency(currency) else 2
            records.append({
                "row_id": f"{block}#{index}", **row, "currency": currency,
                "debit": _minor(row["debit"], exp), "credit": _minor(row["credit"], exp),
                "rate": _number_text(row["rate"])})
    frame = pl.DataFrame(
        {"_row": pl.Series(range(len(records)), dtype=pl.Int64),
         "row_id": pl.Series([r["row_id"] for r in records], dtype=pl.String),
         **{f.key: pl.Series([r[f.key] for r in records], dtype=polars_type(f))
            for f in fields}})
    frame = frame.with_columns(digest_column(frame, [f.key for f in fields]))
    return SheetRows(schema, sheet, 0, {f.key: f.key for f in fields}, "", False, fields, frame)


def _minor(value: object, exp: int) -> int | None:
    return None if value is None else money.to_minor(Decimal(str(value)), exp)


def _number_text(value: object) -> str | None:
    """A rate as a book's reader gives it back: plain decimal text, no trailing zeros."""
    if value is None:
        return None
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class InStore:
    """What the store holds that a contribution is planned against.

    Attributes:
        owned: the rows of the contribution's namespaces, tombstones included.
        others: live rows of other books that use one of the contribution's entry numbers.
        accounts: the company's account codes in the store, and those with sub-accounts.
        closed: the months (YYYY-MM) the company's ledger has closed (its locks).
    """

    owned: dict[str, StoreRow]
    others: dict[str, StoreRow]
    accounts: set[str]
    parents: set[str]
    closed: set[str] = field(default_factory=set)


def fetch_owned(store: Store, connection: sa.Connection, company: str,
                contribution: Contribution) -> InStore:
    """The store's side of the contribution (see :class:`InStore`)."""
    rows = contribution.rows
    table = store.tables.sheets[KIND]
    keys = [f.key for f in rows.fields]
    system = [table.c.row_id, table.c.version, table.c.deleted, table.c.changed_by, table.c.book]
    select = sa.select(*system, *[table.c[k] for k in keys]).where(table.c.company_id == company)
    owned_clause = sa.or_(*[table.c.row_id.like(f"{ns}:%") for ns in contribution.namespaces])
    owned = [dict(r) for r in connection.execute(select.where(owned_clause)).mappings()]
    entries = sorted(set(rows.frame["entry"].drop_nulls().to_list()))
    others = []
    if entries:
        others = [dict(r) for r in connection.execute(select.where(
            among(table.c.entry, entries), table.c.deleted.is_(False),
            sa.not_(owned_clause))).mappings()]
    accounts = store.tables.sheets["accounts"]
    codes: set[str] = set()
    parents: set[str] = set()
    for code, parent in connection.execute(sa.select(accounts.c.code, accounts.c.parent).where(
            accounts.c.company_id == company, accounts.c.deleted.is_(False))):
        codes.add(code)
        if parent:
            parents.add(parent)
    locks = store.tables.sheets["period-locks"]
    closed = {str(month) for (month,) in connection.execute(sa.select(locks.c.period).where(
        locks.c.company_id == company, locks.c.deleted.is_(False)).distinct())}
    return InStore(store_rows(owned, rows), store_rows(others, rows), codes, parents, closed)


def plan_owned(contribution: Contribution, found: InStore, book: str,
               take_over: bool = False) -> tuple[SheetPlan, list[Issue]]:
    """What to push so that the store holds exactly the generated rows. An entry the ledger
    would reject is held back with its reason: its number used by another book's rows, or
    an account the company's Accounts (in the store) lack or that has sub-accounts; a
    family whose latest rows came from another book than ``book`` is left alone unless
    ``take_over``."""
    plan = SheetPlan(KIND)
    rows = contribution.rows
    mine = rows.rows()
    taken: dict[str, StoreRow] = {}
    for row in found.others.values():
        taken.setdefault(str(row.group), row)
    issues: list[Issue] = []
    for entry, members in _by_entry(mine).items():
        block = str(members[0].values["source"]).split("#")[0]
        if entry in taken:
            issues.append(make_issue("sync-journal-entry-taken", rows.sheet, entry=entry,
                                     block=block, book=taken[entry].book or "?"))
            plan.held.add(entry)
            continue
        accounts = sorted({str(r.values["account"]) for r in members})
        unknown = [a for a in accounts if a not in found.accounts or a in found.parents]
        if unknown:
            issues.append(make_issue("sync-journal-account-unknown", rows.sheet, entry=entry,
                                     block=block, accounts=", ".join(unknown)))
            plan.held.add(entry)
    wanted = {r.row_id for r in mine}
    for row in mine:
        if row.group in plan.held:
            continue
        stored = found.owned.get(row.row_id)
        if stored is None or stored.deleted or stored.digest != row.digest:
            plan.push.append(row)
            plan.expected[row.row_id] = stored.version if stored is not None else 0
            plan.units.add(str(row.group))
    unsent = _unsent_namespaces(contribution)
    for row_id, stored in sorted(found.owned.items()):
        if row_id in wanted or stored.deleted or stored.group in plan.held:
            continue
        if family(row_id) in unsent:
            continue  # the book could not compute this namespace now: keep what was sent
        plan.tombstones.append(row_id)
        plan.expected[row_id] = stored.version
        plan.units.add(str(stored.group))
    _hold_closed(plan, contribution, found, issues)
    if not take_over:
        _hold_other_book(plan, contribution, found, book, issues)
    return plan, issues


def _hold_other_book(plan: SheetPlan, contribution: Contribution, found: InStore, book: str,
                     issues: list[Issue]) -> None:
    """A family (payroll, stock) whose latest rows in the store were written by a book of
    another name keeps them: this book's changes to it are held back and said. A book that
    would change nothing is not told anything (a copy that agrees does no harm)."""
    for namespace in contribution.namespaces:
        rows = [r for i, r in found.owned.items() if family(i) == namespace]
        if not rows:
            continue
        owner = max(rows, key=lambda r: r.version).book
        if owner is None or owner == book:
            continue
        entries = _entries_of(plan, found, namespace)
        if not entries:
            continue
        issues.append(make_issue("sync-journal-other-book", contribution.sheet,
                                 namespace=namespace, owner=owner, count=len(entries)))
        _hold(plan, found, entries)


def _entries_of(plan: SheetPlan, found: InStore, namespace: str) -> set[str]:
    """The entries of one family that the plan would change."""
    entries = {str(r.group) for r in plan.push if family(r.row_id) == namespace}
    return entries | {str(found.owned[i].group) for i in plan.tombstones
                      if family(i) == namespace}


def _hold(plan: SheetPlan, found: InStore, entries: set[str]) -> None:
    """Take these entries out of the plan: nothing of them is pushed or deleted."""
    plan.held |= entries
    plan.push = [r for r in plan.push if str(r.group) not in entries]
    plan.tombstones = [i for i in plan.tombstones if str(found.owned[i].group) not in entries]
    still = {r.row_id for r in plan.push} | set(plan.tombstones)
    plan.expected = {i: v for i, v in plan.expected.items() if i in still}
    plan.units -= entries


def _hold_closed(plan: SheetPlan, contribution: Contribution, found: InStore,
                 issues: list[Issue]) -> None:
    """Changes to an entry in a month the company closed (the ledger's locks, in the store)
    are held back: the store never holds what the ledger's Check would reject."""
    if not found.closed:
        return
    months: dict[str, str] = {}
    for row in plan.push:
        months.setdefault(str(row.group), f"{row.values['date']:%Y-%m}")
    for row_id in plan.tombstones:
        stored = found.owned[row_id]
        months.setdefault(str(stored.group), f"{stored.values['date']:%Y-%m}")
    closed = {entry: month for entry, month in months.items() if month in found.closed}
    if not closed:
        return
    for entry, month in sorted(closed.items()):
        issues.append(make_issue("sync-journal-period-closed", contribution.sheet, entry=entry,
                                 period=month))
    _hold(plan, found, set(closed))


def _by_entry(rows: Iterable[LocalRow]) -> dict[str, list[LocalRow]]:
    entries: dict[str, list[LocalRow]] = {}
    for row in rows:
        entries.setdefault(str(row.group), []).append(row)
    return entries


def _unsent_namespaces(contribution: Contribution) -> set[str]:
    return {str(dict(issue.params).get("namespace")) for issue in contribution.held}


def live_count(owned: Iterable[StoreRow]) -> int:
    """How many of the store's rows of the namespaces are not deleted."""
    return sum(1 for row in owned if not row.deleted)
