"""Text for people: a Sync's summary, the store's status, a row's history."""

from __future__ import annotations

import json

from backoffice.sync.engine import SyncResult
from backoffice.sync.store import StoreStatus, display_url

from backoffice.issues import Issue


def _counts(counts: dict[str, tuple[int, int, int]], sheets: dict[str, str]) -> str:
    return ", ".join(f"{sheets.get(k, k)} +{a} ~{u} -{d}" for k, (a, u, d) in counts.items())


def sync_summary(result: SyncResult) -> str:
    """What a Sync did, in a few lines (English; the counts read the same in Indonesian)."""
    en = result.lang != "id"
    lines = [(f"Synced {result.book} with {display_url(result.store)} (company {result.company})."
              if en else f"{result.book} disinkronkan dengan {display_url(result.store)} "
                         f"(perusahaan {result.company}).")]
    if result.other_store:
        lines.append("  This book last synced with another store: all its rows were offered to "
                      "this one (IDs kept; rows it already held were matched, not copied)."
                      if en else
                      "  Buku ini terakhir disinkronkan dengan store lain: semua barisnya "
                      "ditawarkan ke store ini (ID tetap; baris yang sudah ada dicocokkan, "
                      "tidak disalin).")
    if result.stamped:
        lines.append(f"  IDs given to {result.stamped:,} new rows (the book was saved first)."
                      if en else f"  ID diberikan ke {result.stamped:,} baris baru (buku disimpan "
                                 f"lebih dulu).")
    lines.append(("  sent: " if en else "  dikirim: ")
                 + (_counts(result.pushed, result.sheets) or ("nothing" if en else "tidak ada"))
                 + (f" (store version {result.version})" if result.version else ""))
    lines.append(("  received: " if en else "  diterima: ")
                 + (_counts(result.pulled, result.sheets) or ("nothing" if en else "tidak ada")))
    if result.held:
        lines.append("  held back (not sent), and why:" if en else
                      "  ditahan (tidak dikirim), dan alasannya:")
        lines += [f"    {_where(issue)}: {' '.join(issue.message(result.lang))}"
                  for issue in result.held]
    if result.conflicts:
        units = ", ".join(f"{result.sheets.get(c.kind, c.kind)} {c.unit}"
                          for c in result.conflicts[:10])
        lines.append(f"  {len(result.conflicts)} conflicts, neither side changed: {units}. "
                      "Choose in the Conflicts sheet (type x under Keep), then Sync again."
                      if en else
                      f"  {len(result.conflicts)} konflik, kedua sisi tidak diubah: {units}. "
                      "Pilih di sheet Konflik (ketik x di kolom Pilih), lalu Sync lagi.")
    return "\n".join(lines)


def _where(issue: Issue) -> str:
    return f"{issue.sheet} {issue.cell or ''}".strip()


def status_text(found: StoreStatus) -> str:
    """``backoffice store status``."""
    if found.version == 0:
        return f"Store {found.url}: not initialized (backoffice store init)."
    lines = [f"Store {found.url}: structure version {found.version} "
             f"(this backoffice knows {found.known})."]
    lines += [f"  migration {v}: {name} (applied {at})" for v, name, at in found.migrations]
    for company, version, counts in found.companies:
        shown = ", ".join(f"{k} {n:,}" for k, n in counts.items() if n)
        lines.append(f"  company {company}: version {version}; rows: {shown or 'none'}")
    lines.append(f"  audit log: {found.audit_records:,} records")
    return "\n".join(lines)


def history_text(book: str, sheet: str, row_id: str, store_url: str | None) -> str:
    """``backoffice history BOOK SHEET ID``: every push that touched the row."""
    from backoffice.schemas import REGISTRY
    from backoffice.sync.audit import history
    from backoffice.sync.engine import company_id
    from backoffice.sync.state import read_state
    from backoffice.sync.store import Store, resolve_url

    from backoffice.errors import UsageError

    schema = REGISTRY.match_sheet(sheet)
    if schema is None or not schema.syncable:
        raise UsageError(detail=f"{sheet} is not a synced sheet")
    state = read_state(book)
    company = state.company
    if company is None:
        from backoffice.books import open_book
        from backoffice.checking import check_and_read

        with open_book(book) as opened:
            company = company_id(check_and_read(opened)[1].data.settings)
    with Store(resolve_url(book, store_url)) as store:
        store.check_version()
        events = list(history(store, company, schema.kind, row_id))
    if not events:
        return f"No record of {sheet} {row_id} in the audit log of company {company}."
    lines = [f"{sheet} {row_id} (company {company}):"]
    for event in events:
        lines.append(f"  version {event['version']}  {event['at']}  {event['user']} from "
                     f"{event['book']}: {event['action']}")
        if event["before"] is not None or event["after"] is not None:
            lines.append(f"    before: {json.dumps(event['before'], ensure_ascii=False)}")
            lines.append(f"    after:  {json.dumps(event['after'], ensure_ascii=False)}")
    return "\n".join(lines)
