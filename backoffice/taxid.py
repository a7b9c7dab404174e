"""Indonesian tax identities as Coretax knows them: NPWP, NIK and NITKU.

* NPWP: 16 digits since PMK 112/PMK.03/2022 (an individual resident's NPWP is
  the NIK). A legacy 15-digit NPWP becomes 16 digits with a leading ``0``
  (PMK 112/2022 art. 2 and DJP's conversion), which is what Coretax's bulk
  templates expect (``TinType``: 15 or 16 digits, the examples use 16).
* NITKU (*Nomor Identitas Tempat Kegiatan Usaha*, "ID TKU"): 22 digits, the
  16-digit NPWP followed by 6 digits of the place of business; ``000000`` is
  the head office (PMK 112/2022 art. 1 and 3; DJP's Faktur PK template,
  Keterangan sheet: "ID TKU Penjual: wajib diisi 22 digit NITKU").

Formatting marks people type (dots, dashes, spaces) are ignored; anything else
is refused, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused

HEAD_OFFICE = "000000"
_MARKS = re.compile(r"[\s.\-/]")


def digits(text: object) -> str | None:
    """The digits of ``text`` without formatting marks; None when anything else is in it."""
    if text is None:
        return None
    raw = _MARKS.sub("", str(text).strip())
    return raw if raw.isdigit() else None


def npwp16(text: object) -> str | None:
    """The 16-digit NPWP (a 15-digit one gets its leading ``0``); None when not an NPWP."""
    found = digits(text)
    if found is None:
        return None
    if len(found) == 15:
        return "0" + found
    return found if len(found) == 16 else None


@dataclass(frozen=True)
class Nitku:
    """A NITKU checked against its NPWP: ``value`` (22 digits) or ``problem`` (why not)."""

    value: str | None
    problem: str | None = None  # "format" (not 22 digits) or "npwp" (does not start with it)


def nitku(typed: object, npwp: str | None) -> Nitku:
    """The NITKU of a party: as typed (22 digits starting with its 16-digit ``npwp``), or
    the head office's (``npwp`` + ``000000``) when none is typed."""
    if typed is None or str(typed).strip() == "":
        return Nitku(None if npwp is None else npwp + HEAD_OFFICE)
    found = digits(typed)
    if found is None or len(found) != 22:
        return Nitku(None, "format")
    if npwp is not None and not found.startswith(npwp):
        return Nitku(None, "npwp")
    return Nitku(found)


def company(settings: Mapping[str, object], sheet: str = "Settings") -> tuple[str, str]:
    """The company's 16-digit NPWP and its NITKU (typed, or the head office's) from the
    book's Settings; :class:`ActionRefused` (exit 2) when either is missing or wrong."""
    typed = settings.get("npwp")
    npwp = npwp16(typed)
    if npwp is None:
        raise ActionRefused(
            detail=Localized(f"{sheet}: Company NPWP is not a 16-digit NPWP "
                             f"({typed or 'empty'}).",
                             f"{sheet}: NPWP perusahaan bukan NPWP 16 digit "
                             f"({typed or 'kosong'})."),
            fix=Localized("Type the company's NPWP in Settings, as text.",
                          "Ketik NPWP perusahaan di Pengaturan, sebagai teks."))
    found = nitku(settings.get("nitku"), npwp)
    if found.value is None:
        raise ActionRefused(
            detail=Localized(f"{sheet}: Company NITKU {settings.get('nitku')} is not 22 digits "
                             f"starting with the NPWP {npwp}.",
                             f"{sheet}: NITKU perusahaan {settings.get('nitku')} bukan 22 digit "
                             f"yang diawali NPWP {npwp}."),
            fix=Localized("Correct it, or leave it blank for the head office.",
                          "Perbaiki, atau kosongkan untuk kantor pusat."))
    return npwp, found.value
