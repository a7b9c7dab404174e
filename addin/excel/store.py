"""Which store the Excel Sync button would use for the open book.

A book opened from OneDrive or SharePoint has an https URL for ``FullName``: "beside the
file" means nothing there (a SQLite file cannot live beside a URL, and the synced local
copy's folder is not the book's). So the store comes from the environment
(BACKOFFICE_STORE), the book's Settings or the store the book remembers in its hidden sync
state, and only a book on a local disk may fall back to the default store beside it.
"""

from __future__ import annotations

import os

from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused


def is_web_path(full_name: str) -> bool:
    """Whether Excel's ``FullName`` of a book is a URL (OneDrive, SharePoint, a web share)."""
    return full_name.lower().startswith(("http://", "https://"))


def store_for(full_name: str, remembered: str | None,
              environ: dict[str, str] | None = None) -> str | None:
    """The store URL for the book Excel calls ``full_name``: BACKOFFICE_STORE, else the
    ``remembered`` one (hidden state), else None for a local book (the default beside it);
    refused for a book at a URL that names no store."""
    env = os.environ if environ is None else environ
    chosen = env.get("BACKOFFICE_STORE") or remembered
    if chosen:
        return chosen
    if is_web_path(full_name):
        raise ActionRefused(
            detail=Localized(f"{full_name} is on OneDrive or SharePoint and names no store.",
                             f"{full_name} ada di OneDrive atau SharePoint dan tidak "
                             "menyebut store."),
            fix=Localized("Write the store's address in the Settings sheet's Store row, or "
                          "set BACKOFFICE_STORE, or sync it once from a local copy with "
                          "'backoffice sync BOOK --store URL' (the book then remembers its "
                          "store).",
                          "Tulis alamat store di baris Store pada sheet Pengaturan, atau isi "
                          "BACKOFFICE_STORE, atau sinkronkan sekali dari salinan lokal dengan "
                          "'backoffice sync BUKU --store URL' (buku lalu mengingat "
                          "store-nya)."))
    return None
