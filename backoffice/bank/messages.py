"""The bank engine's refusals, in English and Indonesian."""

from __future__ import annotations

from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused


def refuse(en: str, id_: str, fix_en: str, fix_id: str) -> ActionRefused:
    """An :class:`ActionRefused` with its reason and its fix in both languages."""
    return ActionRefused(detail=Localized(en, id_), fix=Localized(fix_en, fix_id))


def unreadable(name: str, en: str, id_: str) -> ActionRefused:
    """A statement file that cannot be read as it claims to be."""
    return refuse(f"{name}: {en}", f"{name}: {id_}",
                  "Download the statement again from the bank, or import it as a generic CSV "
                  "with --columns.",
                  "Unduh lagi mutasinya dari bank, atau impor sebagai CSV umum dengan "
                  "--columns.")
