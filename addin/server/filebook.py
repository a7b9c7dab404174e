"""A book that is a file under the server's folder, and how an action writes it safely.

A writing action runs on a private copy beside the file. Before the copy replaces the
file (one atomic rename), the file must still be byte for byte what the action read: a
colleague who saved it meanwhile makes the run stale (exit 3, "click again"), and the
colleague's work stays. Excel's or LibreOffice's lock file beside the book refuses the
write the same way a CLI save does. Sync runs on the file itself: its writes go to the
store and the book in one step of its own, and its three-way merge keeps both sides.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from backoffice.actions.base import ActionResult, BookRef
from backoffice.books.editplan import StalePlan
from backoffice.books.save import ensure_writable
from backoffice.catalogue import Localized

#: The private copies' folders; never served (addresses with a dot-part are refused).
WORK_PREFIX = ".~bo-serve-"


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes: what the action read."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


@dataclass(frozen=True)
class FileBook:
    """A workbook file the server reaches (see :mod:`backoffice.addin.server.addresses`)."""

    address: str
    company: str
    name: str
    path: Path
    root: Path

    def run(self, action, writes: bool, in_place: bool = False) -> ActionResult:  # type: ignore[no-untyped-def]
        """Run ``action`` on the book; a writing one on a copy that replaces the file only
        if the file did not change meanwhile."""
        if not writes or in_place:
            return _named(action(str(self.path)), str(self.path), self.address, self.root)
        work = self.path.parent / f"{WORK_PREFIX}{secrets.token_hex(6)}"
        work.mkdir()
        try:
            read = file_digest(self.path)
            copy = work / self.path.name
            shutil.copyfile(self.path, copy)
            result = action(str(copy))
            if file_digest(copy) != read:
                self._replace(copy, read)
            return _named(result, str(copy), self.address, self.root)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _replace(self, copy: Path, read: str) -> None:
        """Put the action's copy in the file's place, if the file is still as it was read."""
        ensure_writable(self.path)
        if file_digest(self.path) != read:
            raise StalePlan(sheets=self.name)
        os.replace(copy, self.path)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename survives a power cut
        finally:
            os.close(folder)


def _named(result: ActionResult, path: str, address: str, root: Path) -> ActionResult:
    """The result with the book called by its address, and other paths on the server (a
    store beside the book) by their place under the books folder: the caller never learns
    the server's folders."""
    def fix(line: Localized) -> Localized:
        return Localized(*(text.replace(path, address).replace(f"{root}{os.sep}", "")
                           for text in (line.en, line.id)))

    files = tuple(address if file == path else file for file in result.written.files)
    blocks = {address if key == path else key: value for key, value in result.written.blocks.items()}
    written = dataclasses.replace(result.written, files=files, blocks=blocks)
    return dataclasses.replace(result, outcome=fix(result.outcome), written=written,
                               details=tuple(fix(line) for line in result.details))


__all__ = ["BookRef", "FileBook", "file_digest"]
