"""The demo's Sync: the company's books meet in one store, and two people edit copies.

First the company's store (``DIR/backoffice-store.sqlite``, the default beside
the books) is filled: the ledger book loads its year; the payroll book sends
the journal of its finalized months (never the salaries); the ledger book's
next Sync receives that journal, so the statements Post writes include payroll.

Then two people: Ana keeps the books and Budi, her colleague, works in a copy;
both copies of the ledger book (``DIR/sync``) sync with the same store:

1. Ana corrects the description of an entry and records a new one; Budi
   corrects the description of another entry, and, differently from Ana, the
   same line Ana corrected.
2. Ana syncs (her changes go up), Budi syncs (his other correction goes up,
   Ana's new entry comes in, and the entry both corrected is a conflict, listed in his
   Conflicts sheet with both versions), Ana syncs again (Budi's correction
   comes in).

``DIR/ledger.xlsx`` itself is not edited: its next Sync brings their changes in.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from decimal import Decimal

from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused
from backoffice.sync.bookedit import SyncWriter, TableEdit
from backoffice.sync.bookread import read_for_sync
from backoffice.sync.engine import SyncOptions, SyncResult, sync
from backoffice.sync.store import DEFAULT_FILE
from backoffice.wording import grouped

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


@dataclass
class CompanySync:
    """The store's first fill: the URL, and the Syncs of the ledger and payroll books."""

    url: str
    ledger: str
    payroll: str
    results: list[SyncResult]

    def summary(self, lang: str) -> str:
        loaded = self.results[0].pushed.get("journal", (0, 0, 0))[0]
        sent = self.results[1].pushed.get("journal", (0, 0, 0))[0]
        received = self.results[2].pulled.get("journal", (0, 0, 0))[0]
        store = os.path.relpath(self.url.removeprefix("sqlite:///"))
        ledger, payroll = os.path.basename(self.ledger), os.path.basename(self.payroll)
        if lang == "id":
            return (f"Store perusahaan ({store}): {ledger} memuat {grouped(loaded, lang)} baris jurnal; "
                    f"{payroll} mengirim jurnal gaji 2025 ({grouped(sent, lang)} baris, tanpa data gaji "
                    f"karyawan), dan {ledger} menerimanya ({grouped(received, lang)} baris).")
        return (f"Company store ({store}): {ledger} loaded {loaded:,} journal rows; {payroll} "
                f"sent its 2025 payroll journal ({sent} rows, no employee's salary), which "
                f"{ledger} received ({received} rows).")


def demo_file_exists(path: str) -> ActionRefused:
    """The demo never writes over a file: the refusal when one of its files exists."""
    return ActionRefused(detail=Localized(f"{path} already exists.", f"{path} sudah ada."),
                         fix=Localized("Choose an empty folder for the demo.",
                                       "Pilih folder kosong untuk demo."))


def company_sync(directory: str, ledger: str, payroll: str) -> CompanySync:
    """Fill the company's store: the ledger's year, the payroll journal, back to the ledger."""
    path = os.path.abspath(os.path.join(directory, DEFAULT_FILE))
    if os.path.exists(path):
        raise demo_file_exists(path)
    url = f"sqlite:///{path}"
    results = [sync(ledger, SyncOptions(url, "ana")), sync(payroll, SyncOptions(url, "citra")),
               sync(ledger, SyncOptions(url, "ana"))]
    for result in results:
        assert result.exit_code == 0, (result.book, result.held, result.conflicts)
    return CompanySync(url, ledger, payroll, results)


def run_sync_scenario(directory: str, ledger: str, store: CompanySync,
                      lang: str) -> tuple[list[SyncResult], str]:
    """Play the two people on copies of ``ledger`` (in step with ``store``); the Sync
    results and a summary."""
    folder = os.path.join(directory, FOLDER)
    os.makedirs(folder, exist_ok=True)
    ana, budi = os.path.join(folder, "ana.xlsx"), os.path.join(folder, "budi.xlsx")
    shutil.copy(ledger, ana)
    shutil.copy(ledger, budi)
    url = store.url
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
    results = [sync(ana, SyncOptions(url, "ana")), sync(budi, SyncOptions(url, "budi")),
               sync(ana, SyncOptions(url, "ana"))]
    return results, _summary(results, ana, budi, lang)


def _summary(results: list[SyncResult], ana: str, budi: str, lang: str) -> str:
    budi_result = results[1]
    units = ", ".join(c.unit for c in budi_result.conflicts)
    received = budi_result.pulled.get("journal", (0, 0, 0))[0]
    corrected = budi_result.pushed.get("journal", (0, 0, 0))[1]
    if lang == "id":
        return "\n".join([
            f"Sync dua orang ({os.path.dirname(ana)}): Ana dan Budi bekerja di salinan buku "
            "besar, dengan store yang sama.",
            f"  Budi menerima {received} baris baru dari Ana dan mengirim {corrected} koreksi; "
            f"{len(budi_result.conflicts)} konflik ({units}) ada di sheet Konflik {budi}.",
        ])
    return "\n".join([
        f"Two-person Sync ({os.path.dirname(ana)}): Ana and Budi work in copies of the ledger, "
        "with the same store.",
        f"  Budi received {received} new rows from Ana and sent {corrected} correction; "
        f"{len(budi_result.conflicts)} conflict ({units}) waits in the Conflicts sheet of {budi}.",
    ])
