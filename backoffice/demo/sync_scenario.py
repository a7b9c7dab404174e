"""The demo's two-person Sync: two copies of the ledger book, edits on both, one conflict.

Ana keeps the books; Budi, her colleague, works in a copy. Both sync with the
company's store (a SQLite file in ``DIR/sync``):

1. Ana syncs first: every row gets its ID, and the year is loaded into the store.
2. Budi takes a copy of her synced book.
3. Ana corrects the description of an entry and records a new one; Budi
   corrects the description of another entry, and, differently from Ana, the
   same line Ana corrected.
4. Ana syncs (her changes go up), Budi syncs (his other correction goes up,
   Ana's new entry comes in, and the entry both corrected is a conflict, listed in his
   Conflicts sheet with both versions), Ana syncs again (Budi's correction
   comes in).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal

from backoffice.sync.bookedit import SyncWriter, TableEdit
from backoffice.sync.bookread import read_for_sync
from backoffice.sync.engine import SyncOptions, SyncResult, sync

FOLDER = "sync"


def _edit(path: str, changes: dict[int, dict[str, object]],
          append: list[dict[str, object]] = ()) -> None:  # type: ignore[assignment]
    """A person's edits to the Journal: cells by (data row index, field), rows appended."""
    sheet = read_for_sync(path).sheets["journal"]
    rows = sheet.frame["_row"].to_list()
    edit = TableEdit(sheet.header_row,
                     cells={rows[i]: {sheet.letters[k]: v for k, v in values.items()}
                            for i, values in changes.items()},
                     append=[{sheet.letters[k]: v for k, v in row.items()} for row in append])
    with SyncWriter(path) as writer:
        writer.edit_table(sheet.sheet, edit)
        writer.save()


def run_sync_scenario(directory: str, ledger: str, lang: str) -> tuple[list[SyncResult], str]:
    """Play the scenario on copies of ``ledger``; the Sync results and a summary."""
    folder = os.path.join(directory, FOLDER)
    os.makedirs(folder, exist_ok=True)
    ana, budi = os.path.join(folder, "ana.xlsx"), os.path.join(folder, "budi.xlsx")
    store = f"sqlite:///{os.path.abspath(os.path.join(folder, 'store.sqlite'))}"
    shutil.copy(ledger, ana)
    results = [sync(ana, SyncOptions(store, "ana"))]
    shutil.copy(ana, budi)
    frame = read_for_sync(ana).sheets["journal"].frame
    entries = frame["entry"].to_list()
    # Rows Post generated (invoices, payments: Source set) change only where they come from,
    # so the people edit entries typed by hand.
    typed = {e for e, source in zip(entries, frame["source"].to_list(), strict=True) if not source}
    lines = {e: entries.count(e) for e in dict.fromkeys(entries[:400]) if e in typed}
    small = [e for e, n in lines.items() if n <= 3]  # short entries: the clearest picture
    first, second = small[0], small[1]
    target, other = entries.index(first), entries.index(second)
    day = dt.date(2025, 12, 31)
    # Paid from petty cash (1101): the bank accounts have asserted year-end balances.
    new = [{"date": day, "entry": "DEMO-SYNC-1", "account": "6108",
            "description": "Demo: biaya bank" if lang == "id" else "Demo: bank charges",
            "debit": Decimal("25000")},
           {"date": day, "entry": "DEMO-SYNC-1", "account": "1101",
            "description": "Demo: biaya bank" if lang == "id" else "Demo: bank charges",
            "credit": Decimal("25000")}]
    _edit(ana, {target: {"description": "Dikoreksi Ana"}}, new)
    _edit(budi, {target: {"description": "Dikoreksi Budi"},
                 other: {"description": "Dikoreksi Budi"}})
    results.append(sync(ana, SyncOptions(store, "ana")))
    results.append(sync(budi, SyncOptions(store, "budi")))
    results.append(sync(ana, SyncOptions(store, "ana")))
    return results, _summary(results, ana, budi, first, lang)


def _summary(results: list[SyncResult], ana: str, budi: str, entry: str, lang: str) -> str:
    loaded = results[0].pushed.get("journal", (0, 0, 0))[0]
    budi_result = results[2]
    units = ", ".join(c.unit for c in budi_result.conflicts)
    if lang == "id":
        return "\n".join([
            f"Sync dua orang ({os.path.dirname(ana)}): Ana memuat {loaded:,} baris jurnal ke "
            "store; Budi bekerja di salinannya.",
            f"  Budi menerima {budi_result.pulled.get('journal', (0, 0, 0))[0]} baris baru dari "
            f"Ana dan mengirim {budi_result.pushed.get('journal', (0, 0, 0))[1]} koreksi; "
            f"{len(budi_result.conflicts)} konflik ({units}) ada di sheet Konflik {budi}.",
        ])
    return "\n".join([
        f"Two-person Sync ({os.path.dirname(ana)}): Ana loaded {loaded:,} journal rows into the "
        "store; Budi works in a copy.",
        f"  Budi received {budi_result.pulled.get('journal', (0, 0, 0))[0]} new rows from Ana "
        f"and sent {budi_result.pushed.get('journal', (0, 0, 0))[1]} correction; "
        f"{len(budi_result.conflicts)} conflict ({units}) waits in the Conflicts sheet of {budi}.",
    ])
