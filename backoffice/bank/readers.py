"""Which reader a statement file needs, from its content and the user's options.

MT940 and camt.053 are recognised by their content; a CSV by the header row of
one of the shipped bank layouts (or the layout named with ``--bank``), or read
with the user's column mapping (``--columns``). An XLS or XLSX download is
read (its first sheet) the same way, its number and date cells written in the
layout's notation. A PDF e-statement is read through its text layer
(:mod:`.pdfread`: BCA and Mandiri, taken only when its lines add up to the
summary the bank printed; other PDFs are refused with what to download instead),
and OFX through ``ofxtools`` (:mod:`.ofxread`).
"""

from __future__ import annotations

from pathlib import Path

from backoffice.bank.camtread import parse_camt053
from backoffice.bank.csvread import find_header, parse_statement, read_rows
from backoffice.bank.layouts import Layout, bank_layouts, generic_layout, parse_mapping
from backoffice.bank.messages import refuse
from backoffice.bank.model import Statement
from backoffice.bank.mt940read import parse_mt940


def read_statement(path: str, bank: str | None = None, columns: str | None = None,
                   date_format: str = "%Y-%m-%d", decimal_mark: str = ".",
                   group_mark: str = "", currency: str = "IDR") -> Statement:
    """The statement in the file at ``path``.

    Args:
        bank: a shipped layout's key ("bca", "mandiri", "bri", "bni"); None: recognise it
            (for a PDF, the PDF layout of that bank).
        columns: a generic CSV's column mapping ("date=Tanggal,amount=Jumlah,…").
        date_format, decimal_mark, group_mark: the generic CSV's notation.
        currency: the statement's currency when the file does not say it.
    """
    name = Path(path).name
    raw = Path(path).read_bytes()
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"%PDF") or name.lower().endswith(".pdf"):
        from backoffice.bank.pdfread import parse_pdf

        return parse_pdf(path, name, bank, currency)
    spreadsheet = head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0")
    if spreadsheet:  # an XLS/XLSX download: its first sheet, as the CSV would have it
        from backoffice.bank.xlsread import render, spreadsheet_rows

        cells = spreadsheet_rows(path, name)
        key, layout = _choose_layout([[_plain(c) for c in row] for row in cells], name, bank,
                                     columns, date_format, decimal_mark, group_mark)
        return parse_statement(render(cells, layout), layout, key, name, currency)
    if b"OFXHEADER" in head or b"<OFX>" in head.upper():
        from backoffice.bank.ofxread import parse_ofx

        return parse_ofx(raw, name)
    elif head.startswith(b"<"):
        return parse_camt053(raw, name)
    else:
        text = _decode(raw)
        if text.lstrip().startswith(":20:") or ":60F:" in text[:4096]:
            return parse_mt940(text, name)
    key, layout = _choose_layout(read_rows(text), name, bank, columns, date_format,
                                 decimal_mark, group_mark)
    return parse_statement(text, layout, key, name, currency)


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _choose_layout(rows: list[list[str]], name: str, bank: str | None, columns: str | None,
                   date_format: str, decimal_mark: str, group_mark: str) -> tuple[str, Layout]:
    """(source, layout): the user's mapping, the bank named, or the bank recognised."""
    if columns:
        return "csv", generic_layout(parse_mapping(columns), date_format, decimal_mark,
                                     group_mark)
    layouts = bank_layouts()
    if bank:
        if bank not in layouts:
            raise refuse(f"No bank layout {bank!r}; known: {', '.join(layouts)}.",
                         f"Tidak ada tata letak bank {bank!r}; yang dikenal: "
                         f"{', '.join(layouts)}.",
                         "Name a known bank, or give --columns for any other CSV.",
                         "Sebut bank yang dikenal, atau beri --columns untuk CSV lain.")
        return bank, layouts[bank]
    for key, layout in layouts.items():
        if find_header(rows, layout) is not None:
            return key, layout
    raise refuse(f"{name} is not a statement of a known bank ({', '.join(layouts)}), nor "
                 "MT940 or camt.053.",
                 f"{name} bukan mutasi bank yang dikenal ({', '.join(layouts)}), juga bukan "
                 "MT940 atau camt.053.",
                 "Import it with --columns naming its date, description and amount columns.",
                 "Impor dengan --columns yang menyebut kolom tanggal, keterangan dan "
                 "jumlahnya.")


def _decode(raw: bytes) -> str:
    """UTF-8 text, else Windows-1252 (what internet banking in a Windows browser saves)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
