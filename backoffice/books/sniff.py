"""Tell what a file is before trying to read it, so the user hears what to do about it.

An .xlsx/.xlsm is a zip package. A password-protected one is not: Office wraps
it in an OLE compound file with an ``EncryptedPackage`` stream, the same
container as a legacy .xls. LibreOffice's .ods is a zip too, but another format.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile

from backoffice.books import limits
from backoffice.catalogue import Localized
from backoffice.errors import (
    CorruptWorkbook,
    EncryptedWorkbook,
    FileLocked,
    LegacyWorkbook,
    NotAWorkbook,
    UsageError,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

_EMPTY = Localized("the file is empty", "berkasnya kosong")
_NOT_SPREADSHEET = Localized("not a spreadsheet file", "bukan berkas spreadsheet")
_WORD_DOCUMENT = Localized("it is a Word document", "ini dokumen Word")
_ZIP_FILE = Localized("it is a zip file", "ini berkas zip")
_NO_PERMISSION = Localized("no permission to read it", "tidak ada izin untuk membacanya")

# Windows reports a file open in Excel as a sharing violation (winerror 32/33).
_SHARING_VIOLATIONS = (32, 33)


def sniff_workbook(path: str) -> None:
    """Raise the right failure unless ``path`` is a readable .xlsx/.xlsm package."""
    if not os.path.exists(path):
        raise UsageError(detail=Localized(f"{path}: no such file.", f"{path}: berkas tidak ada."))
    if os.path.isdir(path):
        raise UsageError(detail=Localized(f"{path} is a folder, not a workbook.",
                                          f"{path} adalah folder, bukan buku kerja."))
    if not stat.S_ISREG(os.stat(path).st_mode):
        # A FIFO or a device would block the open or never end: only files are books.
        raise UsageError(detail=Localized(f"{path} is not a regular file, so not a workbook.",
                                          f"{path} bukan berkas biasa, jadi bukan buku kerja."))
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            body = head + handle.read(1 << 20) if head == _OLE_MAGIC else head
    except PermissionError as exc:
        if getattr(exc, "winerror", None) in _SHARING_VIOLATIONS:
            raise FileLocked(path=path, detail=Localized("open in another program",
                                                         "terbuka di program lain")) from exc
        raise NotAWorkbook(path=path, detail=_NO_PERMISSION) from exc
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EBUSY):
            raise FileLocked(path=path, detail=exc.strerror) from exc
        raise NotAWorkbook(path=path, detail=exc.strerror or str(exc)) from exc
    if not head:
        raise NotAWorkbook(path=path, detail=_EMPTY)
    if head == _OLE_MAGIC:
        if _ENCRYPTED_STREAM in body:
            raise EncryptedWorkbook(path=path)
        raise LegacyWorkbook(path=path, format="Excel 97-2003 (.xls)")
    if head[:4] != _ZIP_MAGIC:
        raise NotAWorkbook(path=path, detail=_NOT_SPREADSHEET)
    _check_package(path)


def _check_package(path: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            limits.check_package(path, archive)
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace") \
                if "mimetype" in names else ""
    except zipfile.BadZipFile as exc:
        raise CorruptWorkbook(path=path, detail=str(exc)) from exc
    except (OSError, EOFError, ValueError) as exc:  # a truncated central directory
        raise CorruptWorkbook(path=path, detail=str(exc) or type(exc).__name__) from exc
    if "opendocument.spreadsheet" in mimetype:
        raise LegacyWorkbook(path=path, format="OpenDocument (.ods)")
    if "xl/workbook.bin" in names:
        raise LegacyWorkbook(path=path, format="Excel Binary (.xlsb)")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        word = any(n.startswith("word/") for n in names)
        raise NotAWorkbook(path=path, detail=_WORD_DOCUMENT if word else _ZIP_FILE)
