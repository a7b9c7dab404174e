"""Customers and Suppliers as the tax office's files see them: NPWP, NITKU, identity.

:func:`read_parties` reads one of the two sheets into :class:`Party` records with
the identity Coretax asks for already worked out (:mod:`backoffice.taxid`): the
16-digit NPWP, the NITKU (typed, or the head office's), and for a buyer without
an NPWP the identity document's type and number.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice import taxid
from backoffice.schema import BookData


@dataclass(frozen=True)
class Party:
    """One Customers or Suppliers row, with its identity for Coretax.

    Attributes:
        code, name, address, email: as typed.
        row: the row on its sheet (for issues at the cell).
        npwp_typed: the NPWP cell as typed; ``npwp`` the 16-digit NPWP (None: none or
            not an NPWP).
        nitku: the NITKU (typed, or NPWP + 000000); ``nitku_problem`` why a typed one
            is refused ("format" or "npwp").
        id_type: TIN, National ID, Passport or Other ID (blank: TIN).
        id_number: the identity document's number, digits and letters as typed.
        country: 3 letters (blank: IDN).
        collector: "no", "government" or "other" (customers).
    """

    code: str
    name: str
    row: int
    address: str = ""
    email: str = ""
    npwp_typed: str | None = None
    npwp: str | None = None
    nitku_typed: str | None = None
    nitku: str | None = None
    nitku_problem: str | None = None
    id_type: str = "TIN"
    id_number: str | None = None
    country: str = "IDN"
    collector: str = "no"

    @property
    def identified(self) -> bool:
        """Whether the party can be named on a Coretax file: an NPWP, or another identity
        document with its number."""
        if self.id_type == "TIN":
            return self.npwp is not None
        return bool(self.id_number)


def read_parties(book: BookData, kind: str) -> dict[str, Party]:
    """The parties of sheet ``kind`` ("customers" or "suppliers") by code."""
    data = book.get(kind)
    if data is None:
        return {}
    parties: dict[str, Party] = {}
    for row in data.frame.iter_rows(named=True):
        code = row.get("code")
        if code is None or code in parties:
            continue
        npwp = taxid.npwp16(row.get("npwp"))
        nitku = taxid.nitku(row.get("nitku"), npwp)
        parties[code] = Party(
            code, row.get("name") or code, row["_row"], row.get("address") or "",
            row.get("email") or "", row.get("npwp"), npwp, row.get("nitku"), nitku.value,
            nitku.problem, row.get("id_type") or "TIN", _text(row.get("id_number")),
            (row.get("country") or "IDN").upper(), row.get("vat_collector") or "no")
    return parties


def _text(value: object) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None
