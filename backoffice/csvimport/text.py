"""A CSV file's text and lines, however Excel saved it.

Excel saves "CSV UTF-8" with a byte-order mark, "CSV (Comma delimited)" in the
Windows code page (1252 on Indonesian and English Windows), and, where the
decimal mark is a comma (id-ID), separates fields with ";". The encoding is
taken from a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else
code page 1252 (the caller warns: a letter may be wrong). The separator is the
one of ``,`` ``;`` and tab that the header line has most of, outside quotes.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

SEPARATORS = (",", ";", "\t")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class CsvText:
    """A decoded CSV file.

    Attributes:
        rows: the lines, split into fields (the header first).
        encoding: the encoding it was read in ("utf-8", "utf-8-sig", "utf-16", "cp1252").
        separator: the field separator found.
    """

    rows: list[list[str]]
    encoding: str
    separator: str

    @property
    def guessed(self) -> bool:
        """True when neither a byte-order mark nor valid UTF-8 said the encoding."""
        return self.encoding == "cp1252"


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file's bytes; see the module docstring."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Five bytes have no letter in cp1252: they become U+FFFD rather than failing.
        return raw.decode("cp1252", errors="replace"), "cp1252"


def separator_of(header_line: str) -> str:
    """The separator the header line uses most outside quotes (``,`` when it has none)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def read_csv_text(raw: bytes) -> CsvText:
    """Decode ``raw`` and split it into rows (see the module docstring)."""
    text, encoding = decode(raw)
    first_line = text.split("\n", 1)[0]
    separator = separator_of(first_line)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    return CsvText(rows, encoding, separator)
