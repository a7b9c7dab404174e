"""Saving a workbook without ever leaving a broken one behind.

A save never writes into the user's file. It writes a complete new file beside
it, flushes it to disk, checks it opens as a package, keeps the old file as a
backup, moves the new file into place with one atomic rename, makes the rename
durable, and only then drops the backup. A process killed at any moment leaves
the old workbook or the new one at the path, never a partial file (a stale
temporary file may remain beside it; it is removed by the next save).

Before writing, the file must not be open for editing in Excel (a ``~$`` lock
file beside it) or LibreOffice (``.~lock.NAME#``), and must be writable:
otherwise :class:`~backoffice.errors.FileLocked`, exit 3, retry later (or
:class:`~backoffice.errors.NotWritable`, exit 2, when the file is read-only or its
folder is missing: waiting would not help).
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from backoffice.catalogue import Localized
from backoffice.errors import CorruptWorkbook, FileLocked, NotWritable

TEMP_PREFIX = ".~backoffice-"


def lock_files(path: Path) -> list[Path]:
    """The lock files Excel or LibreOffice keep beside ``path`` while it is open."""
    candidates = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    if len(path.stem) >= 8:
        # Excel shortens long names (eight characters or more before the extension):
        # "~$" replaces the first two. A shorter name's lock always has the whole name,
        # so "~$dger.xlsx" (another book's lock) never blocks "ledger.xlsx".
        candidates.append(path.with_name("~$" + path.name[2:]))
    return [c for c in candidates if c.exists()]


def ensure_writable(path: Path) -> None:
    """Raise :class:`FileLocked` when ``path`` is open in Excel/LibreOffice,
    :class:`NotWritable` when it or its folder is read-only or the folder is missing."""
    locks = lock_files(path)
    if locks:
        raise FileLocked(path=str(path), detail=Localized(
            f"open in Excel or LibreOffice (lock file {locks[0].name})",
            f"terbuka di Excel atau LibreOffice (berkas kunci {locks[0].name})"))
    if path.exists() and not os.access(path, os.W_OK):
        raise NotWritable(path=str(path), detail=Localized("the file is read-only",
                                                           "berkasnya hanya-baca"),
                          fix=Localized("Allow writing to it (file properties) and try again.",
                                        "Izinkan berkas ditulisi (properti berkas) lalu coba "
                                        "lagi."))
    folder = path.parent
    if not folder.is_dir():
        raise NotWritable(path=str(path), detail=Localized(
            f"the folder {folder} does not exist", f"folder {folder} tidak ada"),
            fix=Localized("Create the folder first, or give a path in an existing folder.",
                          "Buat foldernya dulu, atau berikan path di folder yang sudah ada."))
    if not os.access(folder, os.W_OK):
        raise NotWritable(path=str(path), detail=Localized(
            "its folder cannot be written to", "foldernya tidak bisa ditulisi"),
            fix=Localized("Choose a folder you may write to.",
                          "Pilih folder yang boleh Anda tulisi."))


def save_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Replace ``path`` with what ``write`` produces, atomically, keeping a backup meanwhile.

    ``write`` receives a binary file open for reading and writing (it may seek)
    and must write the complete new workbook. A symbolic link is written through:
    its target is replaced and the link stays a link.
    """
    path = Path(os.path.realpath(path))
    ensure_writable(path)
    folder = path.parent
    for stale in folder.glob(TEMP_PREFIX + "*"):
        _remove_stale(stale)
    temp = folder / f"{TEMP_PREFIX}{os.getpid()}-{path.name}"
    backup = folder / f"{TEMP_PREFIX}backup-{path.name}"
    try:
        try:
            with open(temp, "w+b") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            _verify(temp)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            # A part of the old book, copied as it is stored, is damaged: the book is
            # unusable as it is (exit 2), and stays byte for byte as it was.
            detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
            raise CorruptWorkbook(path=str(path),
                                  detail=f"{type(exc).__name__}: {detail}") from exc
        if path.exists():
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
            _make_backup(path, backup)
        os.replace(temp, path)
        _fsync_folder(folder)
    except PermissionError as exc:
        raise FileLocked(path=str(path), detail=Localized(
            "it could not be replaced (open in another program?)",
            "tidak bisa diganti (terbuka di program lain?)")) from exc
    finally:
        temp.unlink(missing_ok=True)
    backup.unlink(missing_ok=True)


def _verify(temp: Path) -> None:
    """The new file must open as a zip whose members are all readable."""
    with zipfile.ZipFile(temp) as archive:
        bad = archive.testzip()
    if bad is not None:
        raise zipfile.BadZipFile(f"part {bad} fails its CRC")


def _make_backup(path: Path, backup: Path) -> None:
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup)  # instant, and the old bytes stay reachable
    except OSError:
        import shutil

        shutil.copy2(path, backup)


def _remove_stale(stale: Path) -> None:
    """Remove a temporary file left by a save that was killed (never another live save's)."""
    pid = stale.name[len(TEMP_PREFIX):].split("-", 1)[0]
    if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
        return
    if stale.name.startswith(TEMP_PREFIX + "backup-"):
        original = stale.with_name(stale.name[len(TEMP_PREFIX + "backup-"):])
        if not original.exists():  # the rename never happened: the backup is the workbook
            os.replace(stale, original)
            return
    stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
