"""Hiring: one Candidates row becomes the new employee's Employees and Contracts rows.

Nothing is retyped: name, position, department, start, salary and PTKP status go to
Employees (From and Joined are the start), the contract type, end and probation to
Contracts as ``<employee>-1``. The candidate's *Employee* code is the link both ways. The
book must check clean first, and the rows are appended in one atomic save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from backoffice import money
from backoffice.bookkind import require_kind
from backoffice.books import open_book, open_writer
from backoffice.catalogue import Localized
from backoffice.checking import check_and_read
from backoffice.errors import ActionRefused
from backoffice.issues import Report
from backoffice.schema import Kind, SheetSchema
from backoffice.schemas import REGISTRY

_WRITE_KIND = {Kind.AMOUNT: "amount", Kind.DATE: "date", Kind.NUMBER: "number",
               Kind.INTEGER: "number"}


@dataclass(frozen=True)
class HireResult:
    """The book's check report, and when hired the employee code, contract and rows written."""

    report: Report
    employee: str | None = None
    contract: str | None = None
    rows: tuple[tuple[str, int], ...] = ()


def _refuse(en: str, id_: str, fix_en: str, fix_id: str) -> ActionRefused:
    return ActionRefused(detail=Localized(en, id_), fix=Localized(fix_en, fix_id))


def hire(path: str, candidate: str, lang: str | None = None) -> HireResult:
    """Append the Employees and Contracts rows of ``candidate`` to the payroll book at
    ``path``; refuse (ActionRefused) a candidate not there, not complete or already hired."""
    require_kind(path, "payroll", "hire")  # a ledger's "no Candidates sheet" pointed at upgrade
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    if not report.valid:
        return HireResult(report)
    data = read.data
    for kind in ("candidates", "employees", "contracts"):
        if kind not in read.matches:
            name = REGISTRY[kind].name(data.lang)
            raise _refuse(f"{path} has no {name} sheet.", f"{path} tidak punya sheet {name}.",
                          "Run 'backoffice upgrade' on the book to add it.",
                          "Jalankan 'backoffice upgrade' pada buku untuk menambahkannya.")
    frame = data.get("candidates").frame  # type: ignore[union-attr]
    found = frame.filter(pl.col("candidate") == candidate)
    if found.height == 0:
        raise _refuse(f"No candidate '{candidate}' in Candidates.",
                      f"Tidak ada kandidat '{candidate}' di Kandidat.",
                      "Give the code in the Candidate column.",
                      "Berikan kode di kolom Kandidat.")
    rec = found.row(0, named=True)
    missing = [key for key in ("employee", "start", "type", "basic") if rec.get(key) is None]
    if rec.get("type") == "pkwt" and rec.get("end") is None:
        missing.append("end")
    if missing:
        schema = REGISTRY["candidates"]
        names = ", ".join(schema.field(k).header(data.lang) for k in missing)
        raise _refuse(f"Candidate '{candidate}' lacks {names}.",
                      f"Kandidat '{candidate}' belum punya {names}.",
                      "Fill them in on the candidate's row, then hire again.",
                      "Isi di baris kandidat, lalu rekrut lagi.")
    code = rec["employee"]
    employees = data.get("employees").frame  # type: ignore[union-attr]
    if employees.height and code in set(employees.get_column("employee").drop_nulls()):
        raise _refuse(f"Employee '{code}' of candidate '{candidate}' is already in Employees.",
                      f"Karyawan '{code}' dari kandidat '{candidate}' sudah ada di Karyawan.",
                      "The candidate has been hired; give another code to hire someone new.",
                      "Kandidat sudah direkrut; berikan kode lain untuk merekrut orang baru.")
    contract = f"{code}-1"
    base = data.settings.get("base_currency") or "IDR"
    employee_row = {"employee": code, "name": rec["name"], "from": rec["start"],
                    "joined": rec["start"], "department": rec.get("department"),
                    "ptkp": rec.get("ptkp"), "basic": rec["basic"],
                    "fixed_allowances": rec.get("fixed_allowances"),
                    "position": rec.get("position")}
    contract_row = {"contract": contract, "employee": code, "type": rec["type"],
                    "start": rec["start"], "end": rec.get("end"),
                    "probation_end": rec.get("probation_end"),
                    "note": {"en": f"Hired from candidate {candidate}",
                             "id": f"Direkrut dari kandidat {candidate}"}[data.lang]}
    written = []
    with open_writer(path) as writer:
        for kind, row in (("employees", employee_row), ("contracts", contract_row)):
            match = read.matches[kind]
            schema = REGISTRY[kind]
            cells = _cells(schema, match.letters, row, data.lang, base)
            kinds = {match.letters[f.key]: _WRITE_KIND.get(f.kind, "text")
                     for f in schema.fields if f.key in match.letters}
            first = writer.append_rows(read.found[kind], match.row, [cells], kinds)
            written.append((read.found[kind], first))
        writer.save()
    return HireResult(report, code, contract, tuple(written))


def _cells(schema: SheetSchema, letters: dict[str, str], row: dict[str, Any], lang: str,
           base: str) -> dict[str, object]:
    """A record (field key -> coerced value) as cells (column letter -> value to write)."""
    cells: dict[str, object] = {}
    for key, value in row.items():
        if value is None or key not in letters:
            continue
        field = schema.field(key)
        if field.kind == Kind.AMOUNT:
            value = money.from_minor(value, money.exponent(base))
        elif field.kind == Kind.CHOICE:
            value = next(c.label(lang) for c in field.choices if c.value == value)
        cells[letters[key]] = value
    return cells
