"""PDF e-statements (BCA, Mandiri), read through their text layer with ``pypdf``.

A PDF holds positioned text, not a table, so a statement is only taken when what
was read proves itself: its lines must add up from the summary's opening balance
to its closing balance, and to the summary's totals of credits and debits where
the bank prints them. A line the text layer lost, split or garbled breaks that
sum, and the file is refused with what to download instead — never imported with
a wrong amount. A scanned PDF (no text), a password-protected one, or one of a
bank whose layout is not kept (BRI's and BNI's PDFs, whose separate debit and
credit columns leave no trace of an empty cell in the text) is refused the same way.

The layouts are data (``backoffice/data/bank_pdf_layouts.toml``). Real bank PDFs
were not available when they were written: they follow the e-statements' text as
open-source parsers of them read it (see the data file), and the tests build
their PDFs in those layouts.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from backoffice import money
from backoffice.bank.messages import refuse
from backoffice.bank.model import Statement, StatementLine

Layout = dict[str, Any]

#: Indonesian (and English) month names, as BCA's "PERIODE : OKTOBER 2025" writes them.
MONTHS = {name: n for n, names in enumerate(
    (("JANUARI", "JANUARY"), ("FEBRUARI", "FEBRUARY"), ("MARET", "MARCH"), ("APRIL",),
     ("MEI", "MAY"), ("JUNI", "JUNE"), ("JULI", "JULY"), ("AGUSTUS", "AUGUST"),
     ("SEPTEMBER",), ("OKTOBER", "OCTOBER"), ("NOVEMBER",), ("DESEMBER", "DECEMBER")),
    start=1) for name in names}


@cache
def pdf_layouts() -> dict[str, Layout]:
    """Every shipped PDF layout by its bank's key ("bca", "mandiri")."""
    text = resources.files("backoffice").joinpath("data/bank_pdf_layouts.toml").read_text("utf-8")
    return tomllib.loads(text)


def _fix() -> tuple[str, str]:
    return ("Download the statement as CSV (or MT940) from internet banking and import that.",
            "Unduh mutasinya sebagai CSV (atau MT940) dari internet banking lalu impor berkas "
            "itu.")


def _refuse(name: str, en: str, id_: str):  # type: ignore[no-untyped-def]
    return refuse(f"{name}: {en}", f"{name}: {id_}", *_fix())


def pdf_pages(path: str, name: str) -> list[str]:
    """The text of each page; refused when the PDF is damaged, locked or has no text."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = [] if locked else [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises its own errors, and bare ones, on damaged files
        raise _refuse(name, f"not a readable PDF ({exc}).",
                      f"bukan PDF yang terbaca ({exc}).") from exc
    if locked:
        raise _refuse(name, "the PDF is protected with a password.",
                      "PDF-nya dilindungi kata sandi.")
    if not any(p.strip() for p in pages):
        raise _refuse(name, "the PDF has no text (a scan or a picture), so its amounts cannot "
                            "be read exactly.",
                      "PDF-nya tidak berisi teks (hasil pindai atau gambar), jadi jumlahnya "
                      "tidak bisa dibaca dengan tepat.")
    return pages


def parse_pdf(path: str, name: str, bank: str | None = None,
              currency: str = "IDR") -> Statement:
    """The statement in the PDF e-statement at ``path``; ActionRefused when its layout is
    not a shipped one or what its text says does not add up."""
    pages = pdf_pages(path, name)
    layouts = pdf_layouts()
    if bank is not None and bank not in layouts:
        raise _refuse(name, f"PDF e-statements of {bank} are not read (only "
                            f"{', '.join(layouts)}): its layout is not verified.",
                      f"rekening koran PDF {bank} tidak dibaca (hanya {', '.join(layouts)}): "
                      "tata letaknya belum diverifikasi.")
    first = pages[0]
    key = bank or next((k for k, layout in layouts.items()
                        if all(re.search(p, first, re.MULTILINE) for p in layout["detect"])),
                       None)
    if key is None:
        raise _refuse(name, "this PDF is not an e-statement layout backoffice reads "
                            f"({', '.join(layouts)}; BRI's and BNI's PDFs are not read).",
                      "PDF ini bukan tata letak rekening koran yang dibaca backoffice "
                      f"({', '.join(layouts)}; PDF BRI dan BNI tidak dibaca).")
    return _read(pages, layouts[key], key, name, currency)


def _read(pages: list[str], layout: Layout, key: str, name: str, currency: str) -> Statement:
    text = "\n".join(pages)
    found = re.search(layout["currency"], text) if layout.get("currency") else None
    currency = found.group(1).upper() if found else currency
    exp = money.exponent(currency)
    statement = Statement(f"{key}-pdf", currency)
    found = re.search(layout["account"], text) if layout.get("account") else None
    statement.account_number = found.group(1).replace("-", "") if found else None
    _period(statement, text, layout, name)
    line_re = re.compile(layout["line"])
    stops = [re.compile(p, re.IGNORECASE) for p in layout.get("stop", ())]
    skip = {s.upper() for s in layout.get("skip_descriptions", ())}
    for page in pages:
        rows = [" ".join(r.split()) for r in page.splitlines()]
        at = next((i for i, r in enumerate(rows) if re.search(layout["header"], r)), None)
        if at is None:  # a page without the table (the bank's notes)
            continue
        current: dict[str, str] | None = None
        for row in rows[at + 1:]:
            if not row:
                continue
            if any(s.search(row) for s in stops):
                break
            hit = line_re.match(row)
            if hit is None:
                if current is not None:  # the description goes on under the line
                    current["description"] += " " + row
                continue
            if current is not None:
                statement.lines.append(_line(current, layout, exp, statement, name))
            current = hit.groupdict(default="")
            if current["description"].upper() in skip:
                current = None
        if current is not None:
            statement.lines.append(_line(current, layout, exp, statement, name))
    totals = {k: _summary(text, layout.get(k), layout, exp, name)
              for k in ("opening", "closing", "credit_total", "debit_total")}
    statement.opening, statement.closing = totals["opening"], totals["closing"]
    _prove(statement, totals, name)
    return statement


def _period(statement: Statement, text: str, layout: Layout, name: str) -> None:
    if layout.get("period_month"):
        found = re.search(layout["period_month"], text)
        if found and found.group(1).upper() in MONTHS:
            month, year = MONTHS[found.group(1).upper()], int(found.group(2))
            statement.start = dt.date(year, month, 1)
            statement.end = (dt.date(year + month // 12, month % 12 + 1, 1)
                             - dt.timedelta(days=1))
    elif layout.get("period"):
        found = re.search(layout["period"], text)
        if found:
            fmt = layout["period_format"]
            statement.start = dt.datetime.strptime(found.group(1), fmt).date()
            statement.end = dt.datetime.strptime(found.group(2), fmt).date()
    if statement.start is None:
        raise _refuse(name, "the statement's period is not in its text, and its dates have no "
                            "year.",
                      "periode rekening koran tidak ada di teksnya, dan tanggalnya tanpa tahun.")


def _number(text: str, layout: Layout, exp: int, name: str) -> int:
    body = text.replace(layout["group_mark"], "").replace(layout["decimal_mark"], ".")
    try:
        minor = money.to_minor(Decimal(body), exp)
    except InvalidOperation:
        minor = None
    if minor is None:
        raise _refuse(name, f"{text!r} is not an amount.", f"{text!r} bukan jumlah uang.")
    return minor


def _line(found: dict[str, str], layout: Layout, exp: int, statement: Statement,
          name: str) -> StatementLine:
    day, month = (int(p) for p in found["date"].split("/")[:2])
    assert statement.start is not None and statement.end is not None  # _period saw to it
    date = next((d for year in range(statement.start.year, statement.end.year + 1)
                 for d in [_date(year, month, day)]
                 if d is not None and statement.start <= d <= statement.end), None)
    if date is None:
        raise _refuse(name, f"{found['date']} is outside the period {statement.start} – "
                            f"{statement.end}.",
                      f"{found['date']} di luar periode {statement.start} – {statement.end}.")
    amount = _number(found["amount"], layout, exp, name)
    mark = found.get("mark") or ""
    debit = mark in layout["debit_marks"] or (not mark and layout.get("unmarked") == "debit")
    balance = found.get("balance")
    return StatementLine(date=date, amount=-amount if debit else amount,
                         description=" ".join(found["description"].split()),
                         balance=_number(balance, layout, exp, name) if balance else None)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _summary(text: str, pattern: str | None, layout: Layout, exp: int, name: str) -> int | None:
    found = re.search(pattern, text, re.MULTILINE) if pattern else None
    return _number(found.group(1), layout, exp, name) if found else None


def _prove(statement: Statement, totals: dict[str, int | None], name: str) -> None:
    """Refuse unless the lines read add up to the summary the bank printed."""
    opening, closing = totals["opening"], totals["closing"]
    if opening is None or closing is None:
        raise _refuse(name, "its opening or closing balance is not in its text, so the lines "
                            "read cannot be proven complete.",
                      "saldo awal atau saldo akhirnya tidak ada di teksnya, jadi baris yang "
                      "terbaca tidak bisa dibuktikan lengkap.")
    credits = sum(line.amount for line in statement.lines if line.amount > 0)
    debits = -sum(line.amount for line in statement.lines if line.amount < 0)
    wrong = [(en, id_, want, got) for en, id_, want, got in (
        ("the credits", "kreditnya", totals["credit_total"], credits),
        ("the debits", "debitnya", totals["debit_total"], debits),
        ("the closing balance", "saldo akhirnya", closing, opening + credits - debits))
        if want is not None and want != got]
    if wrong:
        en, id_, want, got = wrong[0]
        raise _refuse(name, f"the {len(statement.lines)} lines read from the PDF's text give "
                            f"{got} for {en} but the bank printed {want} (minor units): the "
                            "text cannot be read reliably.",
                      f"{len(statement.lines)} baris yang terbaca dari teks PDF memberi {got} "
                      f"untuk {id_} padahal bank mencetak {want} (satuan terkecil): teksnya "
                      "tidak bisa dibaca dengan andal.")
