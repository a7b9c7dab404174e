"""Text for people: a Sync's summary, the store's status, a row's history."""

from __future__ import annotations

import json
import re

from backoffice.sync.anchoring import StoreWentBack
from backoffice.sync.audit import Verification
from backoffice.sync.engine import SyncResult
from backoffice.sync.store import StoreStatus, display_url

from backoffice.issues import Issue
from backoffice.schema import Kind


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
    if result.went_back is not None:
        lines.append(_went_back(result.went_back, en))
    if result.identity is not None and result.identity.how == "copy":
        lines.append("  This book is a copy of another synced book: it now has its own identity "
                     "in the store (the original keeps its own)." if en else
                     "  Buku ini salinan dari buku lain yang sudah disinkronkan: kini punya "
                     "identitas sendiri di store (buku aslinya tetap dengan identitasnya).")
    if result.matched:
        lines.append(_matched(result, en))
    if result.stamped and result.planned:  # a grid book: its client writes them in
        lines.append(f"  IDs given to {result.stamped:,} new rows." if en else
                     f"  ID diberikan ke {result.stamped:,} baris baru.")
    elif result.stamped:
        lines.append(f"  IDs given to {result.stamped:,} new rows (the book was saved first)."
                      if en else f"  ID diberikan ke {result.stamped:,} baris baru (buku disimpan "
                                 f"lebih dulu).")
    lines.append(("  sent: " if en else "  dikirim: ")
                 + (_counts(result.pushed, result.sheets) or ("nothing" if en else "tidak ada"))
                 + ((f" (store version {result.version})" if en else
                     f" (versi store {result.version})") if result.version else ""))
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


def _matched(result: SyncResult, en: bool) -> str:
    """The rows without a known ID that the store already held: matched, not sent again."""
    count = sum(result.matched.values())
    each = ", ".join(f"{result.sheets.get(k, k)} {n:,}" for k, n in result.matched.items())
    if result.relinked:
        return (f"  Re-linked: this book has no memory of an earlier Sync (a new book, or one "
                f"whose hidden sync sheet was lost or that was copied into a new workbook), "
                f"and the store already held {count:,} of its rows ({each}); they were "
                f"matched by their numbers, codes and content, not sent again." if en else
                f"  Ditautkan ulang: buku ini tidak punya catatan Sync sebelumnya (buku baru, "
                f"atau sheet sinkron tersembunyinya hilang atau disalin ke workbook baru), dan "
                f"store sudah menyimpan {count:,} barisnya ({each}); baris itu dicocokkan "
                f"menurut nomor, kode dan isinya, tidak dikirim lagi.")
    return (f"  {count:,} rows without a known ID were already in the store ({each}): matched "
            f"by their numbers, codes and content, not sent again." if en else
            f"  {count:,} baris tanpa ID yang dikenal sudah ada di store ({each}): dicocokkan "
            f"menurut nomor, kode dan isinya, tidak dikirim lagi.")


def _went_back(found: StoreWentBack, en: bool) -> str:
    """The store lost versions this book saw: said once, with what and what was done."""
    lost = (f"{found.first}" if found.first == found.seen else f"{found.first}–{found.seen}")
    if en:
        cause = ("its audit log was rewritten, or it was restored from an older copy and "
                 "written to since" if found.rewritten else
                 "it was restored from an older copy, or its newest records were removed")
        text = (f"  The store went back: it no longer holds version{'s' * (found.first != found.seen)} "
                f"{lost} as this book saw {'them' if found.first != found.seen else 'it'} (this "
                f"book last synced at version {found.seen}; the store was at version "
                f"{found.counter}): {cause}. This book sent back the {found.sent_back:,} rows it "
                "holds that the store lacked")
        text += (f"; {found.conflicts:,} rows changed in the store since are conflicts." if
                 found.conflicts else ".")
        return text + (" A row deleted in the lost versions comes back: delete it again. "
                       "Your colleagues' books send theirs at their next Sync. The audit log "
                       "records this notice.")
    cause = ("log auditnya ditulis ulang, atau store dipulihkan dari salinan lama lalu ditulisi "
             "lagi" if found.rewritten else
             "store dipulihkan dari salinan lama, atau catatan terbarunya dihapus")
    text = (f"  Store mundur: versi {lost} tidak lagi ada di store seperti yang dilihat buku ini "
            f"(buku ini terakhir disinkronkan pada versi {found.seen}; store ada di versi "
            f"{found.counter}): {cause}. Buku ini mengirim kembali {_count(found.sent_back, 'id')} "
            "baris miliknya yang tidak ada di store")
    text += (f"; {_count(found.conflicts, 'id')} baris yang diubah di store sejak itu menjadi "
             "konflik." if found.conflicts else ".")
    return text + (" Baris yang dihapus pada versi yang hilang muncul kembali: hapus lagi. Buku "
                   "rekan Anda mengirim miliknya pada Sync berikutnya. Log audit mencatat "
                   "pemberitahuan ini.")


def _where(issue: Issue) -> str:
    return f"{issue.sheet} {issue.cell or ''}".strip()


def status_text(found: StoreStatus, lang: str = "en") -> str:
    """``backoffice store status``."""
    en = lang != "id"
    if found.version == 0:
        return (f"Store {found.url}: not initialized (backoffice store init)." if en else
                f"Store {found.url}: belum disiapkan (backoffice store init).")
    lines = [f"Store {found.url}: structure version {found.version} "
             f"(this backoffice knows {found.known})." if en else
             f"Store {found.url}: struktur versi {found.version} "
             f"(backoffice ini mengenal {found.known})."]
    lines += [f"  migration {v}: {name} (applied {at})" if en else
              f"  migrasi {v}: {name} (diterapkan {at})" for v, name, at in found.migrations]
    for company, version, counts in found.companies:
        shown = ", ".join(f"{k} {_count(n, lang)}" for k, n in counts.items() if n)
        lines.append(f"  company {company}: version {version}; rows: {shown or 'none'}" if en
                     else f"  perusahaan {company}: versi {version}; baris: "
                          f"{shown or 'tidak ada'}")
    lines += _books_lines(found.books, lang)
    lines.append(f"  audit log: {_count(found.audit_records, lang)} records" if en else
                 f"  log audit: {_count(found.audit_records, lang)} catatan")
    return "\n".join(lines)


def _books_lines(books: list[tuple[str, str, str, str | None, str]], lang: str) -> list[str]:
    """The books (identities) the store knows, per company: file name (and ID), where it
    is, whose copy it is, when it last synced."""
    en = lang != "id"
    by_company: dict[str, list[tuple[str, str, str | None, str]]] = {}
    for company, book_id, location, copied_from, last_sync in books:
        by_company.setdefault(company, []).append((book_id, location, copied_from, last_sync))
    lines = []
    for company, known in by_company.items():
        lines.append(f"  books of {company}: {_count(len(known), lang)}" if en else
                     f"  buku {company}: {_count(len(known), lang)}")
        for book_id, location, copied_from, last_sync in known:
            # The place is a path (either OS's separators) or a spreadsheet's id.
            name = re.split(r"[\\/]", location)[-1] or location
            copy = (f", {'copy of' if en else 'salinan dari'} {copied_from}"
                    if copied_from else "")
            when = last_sync[:16].replace("T", " ") + " UTC"
            lines.append(f"    {name} ({book_id}): {location}{copy}, "
                         f"{'last sync' if en else 'sinkron terakhir'} {when}")
    return lines


def _count(number: int, lang: str) -> str:
    """1,234 in English, 1.234 in Indonesian."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "id" else text


def verification_text(url: str, result: Verification, lang: str = "en") -> str:
    """``backoffice audit verify``: each finding, the notes, then one line."""
    en = lang != "id"
    lines = [f"{'BROKEN' if en else 'RUSAK'}: {'company' if en else 'perusahaan'} "
             f"{f.company}, {f.where.pick(lang)}: {f.what.pick(lang)}" for f in result.findings]
    lines += [f"{'NOT CHECKED' if en else 'TIDAK DIPERIKSA'}: "
              f"{'company' if en else 'perusahaan'} {f.company}, {f.where.pick(lang)}: "
              f"{f.what.pick(lang)}" for f in result.notes]
    records, rows = _count(result.records, lang), _count(result.rows, lang)
    if en:
        verdict = ("the chain holds, and the tables hold what it says." if result.holds else
                   f"{len(result.findings)} broken.")
        lines.append(f"{display_url(url)}: {records} audit records and {rows} rows checked, "
                     + verdict)
    else:
        verdict = ("rantainya utuh, dan tabel memuat yang dicatatnya." if result.holds else
                   f"{len(result.findings)} rusak.")
        lines.append(f"{display_url(url)}: {records} catatan audit dan {rows} baris diperiksa, "
                     + verdict)
    return "\n".join(lines)


def history_text(book: str, sheet: str, row_id: str, store_url: str | None,
                 lang: str | None = None) -> str:
    """``backoffice history BOOK SHEET ID``: every push that touched the row."""
    from backoffice.schemas import REGISTRY
    from backoffice.sync.audit import history
    from backoffice.sync.engine import company_id
    from backoffice.sync.state import read_state
    from backoffice.sync.store import Store
    from backoffice.sync.storeurl import store_url_for

    from backoffice.errors import UsageError
    from backoffice.locales import resolve_language

    schema = REGISTRY.match_sheet(sheet)
    if schema is None or not schema.syncable:
        raise UsageError(detail=f"{sheet} is not a synced sheet")
    state = read_state(book)
    company = state.company
    settings: dict = {}
    if company is None:
        from backoffice.books import open_book
        from backoffice.checking import check_and_read

        with open_book(book) as opened:
            settings = check_and_read(opened)[1].data.settings
        company = company_id(settings)
    if settings:
        lang = resolve_language(lang, settings.get("language"))
    else:  # the book's language, though its company came from the sync state
        from backoffice.wording import book_language

        lang = book_language(book, lang)
    en = lang != "id"
    with Store(store_url_for(book, store_url), readonly=True) as store:
        store.check_readable()
        found = {row_id: list(history(store, company, schema.kind, row_id))}
        if not found[row_id]:  # an entry or document number: each of its rows
            found = {rid: list(history(store, company, schema.kind, rid))
                     for rid in rows_numbered(store, company, schema.kind, row_id)} or found
    if not any(found.values()):
        return (f"No record of {sheet} {row_id} in the audit log of company {company}." if en
                else f"Tidak ada catatan {sheet} {row_id} di log audit perusahaan {company}.")
    lines: list[str] = []
    for rid, events in found.items():
        lines += _story(sheet, rid, company, events, schema, lang)
    return "\n".join(lines)


#: The field that numbers a row's entry or document, by sheet kind: history finds rows by it.
NUMBER_FIELDS = {"journal": "entry", "invoices": "number", "bills": "number",
                 "payments": "number"}


def rows_numbered(store, company: str, kind: str, number: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The IDs of the company's rows of ``kind`` whose entry or document number is
    ``number`` (deleted ones included: their story is in the log)."""
    import sqlalchemy as sa

    key, table = NUMBER_FIELDS.get(kind), store.tables.sheets.get(kind)
    if key is None or table is None or key not in table.c:
        return []
    with store.begin() as connection:
        return [r[0] for r in connection.execute(
            sa.select(table.c.row_id).where(table.c.company_id == company,
                                            table.c[key] == number)
            .order_by(table.c.row_id))]


def _story(sheet: str, row_id: str, company: str, events: list, schema,  # type: ignore[no-untyped-def]
           lang: str) -> list[str]:
    """One row's story: a line per push that touched it, and what changed as a table."""
    en = lang != "id"
    lines = [f"{sheet} {row_id} ({'company' if en else 'perusahaan'} {company}):"]
    for event in events:
        lines.append(f"  {'version' if en else 'versi'} {event['version']}  {event['at']}  "
                     f"{event['user']} {'from' if en else 'dari'} {event['book']}: "
                     f"{event['action']}")
        if event["before"] is not None or event["after"] is not None:
            lines += [f"    {line}" for line in change_table(schema, event["before"],
                                                              event["after"], lang)]
    return lines


def change_table(schema, before: dict | None, after: dict | None,  # type: ignore[no-untyped-def]
                 lang: str) -> list[str]:
    """A row's change as an aligned table: each field that changed (every field of a row
    added or deleted), its value before and after, headed in ``lang``."""
    before, after = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if not k.startswith("_")
            and before.get(k) != after.get(k)]
    if not keys:
        return []
    names = {f.key: f.header(lang) for f in schema.fields}
    amounts = {f.key for f in schema.fields if f.kind == Kind.AMOUNT}
    rows = [("Field" if lang != "id" else "Kolom", "Before" if lang != "id" else "Sebelum",
             "After" if lang != "id" else "Sesudah")]
    for key in keys:
        shown = [_amount(side, key) if key in amounts else _shown(side.get(key))
                 for side in (before, after)]
        rows.append((names.get(key, key), *shown))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    return [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]


def _amount(row: dict, key: str) -> str:
    """An amount the store keeps in minor units, as written: 10000 IDR cents -> 100.00."""
    from decimal import Decimal

    from backoffice import money

    value = row.get(key)
    if not isinstance(value, int):
        return _shown(value)
    currency = str(row.get("currency") or "IDR")
    exp = money.exponent(currency) if money.is_currency(currency) else 2
    return f"{Decimal(value).scaleb(-exp):.{exp}f}"


def _shown(value: object) -> str:
    """A stored value as the table shows it: blank for none, text as it is."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
