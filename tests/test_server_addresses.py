"""How the server reaches a book: files under its folder only, and the seam another kind of
book (the Google Sheets connector's ``gsheet:``) plugs into."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from backoffice.addin.server import addresses
from backoffice.addin.server.config import ServerConfig
from backoffice.addin.server.refusals import Refusal
from conftest import ledger, write_book


def test_files_under_the_folder_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "books" / "acme").mkdir(parents=True)
    write_book(tmp_path / "books" / "acme" / "ledger.xlsx", ledger([]))
    write_book(tmp_path / "outside.xlsx", ledger([]))
    (tmp_path / "books" / "acme" / "link.xlsx").symlink_to(tmp_path / "outside.xlsx")
    (tmp_path / "books" / "acme" / "notes.txt").write_text("x")
    config = ServerConfig(books=str(tmp_path / "books"), store="sqlite://")
    book = addresses.resolve("file:acme/ledger.xlsx", config)
    assert (book.address, book.company, book.name) == ("acme/ledger.xlsx", "acme", "ledger.xlsx")
    for address in ("acme/link.xlsx", "acme/notes.txt", "../outside.xlsx", "acme/../../outside.xlsx",
                    str(tmp_path / "outside.xlsx"), "ledger.xlsx", ".hidden/x.xlsx", "acme/missing.xlsx"):
        with pytest.raises(Refusal) as refused:
            addresses.resolve(address, config)
        assert refused.value.status == 404, address


def test_another_scheme_plugs_in_through_register(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclass(frozen=True)
    class Sheet:
        address: str
        company: str
        name: str

        def run(self, action, writes, in_place=False):  # type: ignore[no-untyped-def]
            return action(self)

    config = ServerConfig(books="/nonexistent", store="sqlite://")
    with pytest.raises(Refusal) as refused:
        addresses.resolve("onedrive:1AbC", config)
    assert refused.value.code == "unsupported-address"
    monkeypatch.setitem(addresses._SCHEMES, "onedrive", lambda rest, _config: Sheet(
        f"onedrive:{rest}", "acme", "Ledger 2025"))
    book = addresses.resolve("onedrive:1AbC", config)
    assert (book.address, book.company) == ("onedrive:1AbC", "acme")
    addresses.register("onedrive", lambda rest, _config: Sheet(f"onedrive:{rest}", "globex", "x"))
    assert addresses.resolve("onedrive:9", config).company == "globex"
