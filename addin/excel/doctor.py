"""``backoffice addin doctor``: what can be checked of the Excel buttons' set-up, and what
to do about each failure.

The usual failures of xlwings set-ups (from its issue tracker): Excel cannot find the
Python interpreter, the package and the book's VBA module are different xlwings versions,
macros are blocked for files from the internet (Mark of the Web), Microsoft Defender's
attack-surface rule stops Office from starting child processes (Python), ``xlwings.conf``
is missing or points nowhere. Checks that only Windows or macOS can run say so ("cannot
check on Linux") instead of passing.
"""

from __future__ import annotations

import configparser
import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from backoffice.books import macros
from backoffice.books.vbabuild import VBA_DIR
from backoffice.catalogue import Localized

OK, FAIL, CANNOT = "ok", "fail", "cannot"
STATUS = {OK: Localized("ok", "ok"), FAIL: Localized("FAIL", "GAGAL")}
#: Defender's rule "Block all Office applications from creating child processes".
ASR_CHILD_PROCESSES = "d4f940ab-401b-4efc-aadc-ad5f3c50688a"


@dataclass(frozen=True)
class Finding:
    """One check: its name, ``ok``/``fail``/``cannot``, what was found, what to do."""

    name: Localized
    status: str
    found: Localized
    fix: Localized | None = None

    def lines(self, lang: str, on: str | None = None) -> list[str]:
        """The finding as report lines; ``on``: the system named by "cannot check on …"."""
        where = {"Darwin": "macOS"}.get(on or system(), on or system())
        status = STATUS.get(self.status) or Localized(f"cannot check on {where}",
                                                      f"tidak bisa diperiksa di {where}")
        head = f"[{status.pick(lang)}] {self.name.pick(lang)}: " \
               f"{self.found.pick(lang)}"
        return [head] + ([f"    -> {self.fix.pick(lang)}"] if self.fix else [])


def system() -> str:
    """``Windows``, ``Darwin`` (macOS) or another system's name."""
    return platform.system()


def module_version() -> str:
    """The xlwings version of the VBA module our books carry."""
    found = re.search(r"'Version: (\S+)", (VBA_DIR / "xlwings.bas").read_text())
    return found.group(1) if found else "?"


def run_checks(book: str | None = None, conf: Path | None = None,
               on: str | None = None) -> list[Finding]:
    """Every check, for ``book`` when given; ``conf`` is the user's xlwings.conf (default
    ~/.xlwings/xlwings.conf), ``on`` the system to report for (default this one)."""
    on = on or system()
    conf = conf or Path.home() / ".xlwings" / "xlwings.conf"
    findings = [_python(), _xlwings_package(), _conf(conf, on)]
    if book is not None:
        findings += _book(book)
    findings += [_mark_of_the_web(book, on), _defender(on), _excel_trust(on)]
    return findings


def _python() -> Finding:
    return Finding(Localized("Python", "Python"), OK,
                   Localized(f"{sys.executable} ({platform.python_version()})",
                             f"{sys.executable} ({platform.python_version()})"))


def _xlwings_package() -> Finding:
    name = Localized("xlwings package", "paket xlwings")
    try:
        import xlwings
    except ImportError:
        return Finding(name, FAIL, Localized("not installed", "tidak terpasang"),
                       Localized(f"pip install 'backoffice[excel]' (xlwings {module_version()})",
                                 f"pip install 'backoffice[excel]' (xlwings {module_version()})"))
    if xlwings.__version__ != module_version():
        return Finding(name, FAIL,
                       Localized(f"{xlwings.__version__}, but the books' VBA module is "
                                 f"{module_version()}",
                                 f"{xlwings.__version__}, tetapi modul VBA buku adalah "
                                 f"{module_version()}"),
                       Localized(f"pip install xlwings=={module_version()}, then restart "
                                 "Excel (the UDF server keeps the old version running)",
                                 f"pip install xlwings=={module_version()}, lalu mulai ulang "
                                 "Excel (server UDF masih menjalankan versi lama)"))
    return Finding(name, OK, Localized(xlwings.__version__, xlwings.__version__))


def _conf(conf: Path, on: str) -> Finding:
    name = Localized(f"xlwings.conf ({conf})", f"xlwings.conf ({conf})")
    key = {"Windows": "INTERPRETER_WIN", "Darwin": "INTERPRETER_MAC"}.get(on)
    if not conf.exists():
        if key is None:
            return Finding(name, CANNOT, Localized(
                "absent; Excel reads it on Windows and macOS only",
                "tidak ada; Excel membacanya hanya di Windows dan macOS"))
        return Finding(name, FAIL, Localized("missing", "tidak ada"), Localized(
            f"Run 'xlwings config create', then set \"{key}\" to the Python that has "
            f"backoffice installed: {sys.executable}",
            f"Jalankan 'xlwings config create', lalu isi \"{key}\" dengan Python yang "
            f"memasang backoffice: {sys.executable}"))
    parser = configparser.ConfigParser(interpolation=None)  # paths may hold %USERPROFILE%
    # xlwings.conf is "KEY","value" lines without a section.
    text = "[conf]\n" + "\n".join(line.replace('","', "=").strip('"')
                                  for line in conf.read_text(errors="replace").splitlines())
    parser.read_string(text)
    values = {k.upper(): v for k, v in parser["conf"].items()}
    if key is None:
        return Finding(name, CANNOT, Localized(
            f"found ({', '.join(sorted(values)) or 'empty'}); the interpreter is checked on "
            "Windows or macOS", f"ada ({', '.join(sorted(values)) or 'kosong'}); interpreter "
                                "diperiksa di Windows atau macOS"))
    interpreter = values.get(key)
    if not interpreter:
        return Finding(name, FAIL, Localized(f"{key} is not set", f"{key} belum diisi"),
                       Localized(f"Set \"{key}\",\"{sys.executable}\" in {conf}",
                                 f"Isi \"{key}\",\"{sys.executable}\" di {conf}"))
    usable = shutil.which(interpreter) or (os.path.exists(interpreter) and interpreter)
    if not usable:
        return Finding(name, FAIL, Localized(f"{key} = {interpreter}: no such program",
                                             f"{key} = {interpreter}: program tidak ada"),
                       Localized(f"Point {key} at {sys.executable}",
                                 f"Arahkan {key} ke {sys.executable}"))
    probe = subprocess.run([usable, "-c", "import backoffice.addin.excel, xlwings"],
                           capture_output=True, timeout=60)
    if probe.returncode != 0:
        return Finding(name, FAIL, Localized(f"{interpreter} cannot import backoffice",
                                             f"{interpreter} tidak bisa mengimpor backoffice"),
                       Localized(f"{interpreter} -m pip install 'backoffice[excel]'",
                                 f"{interpreter} -m pip install 'backoffice[excel]'"))
    return Finding(name, OK, Localized(f"{key} = {interpreter}", f"{key} = {interpreter}"))


def _book(book: str) -> list[Finding]:
    name = Localized(f"buttons in {book}", f"tombol di {book}")
    if book.lower().startswith(("http://", "https://")):
        return [Finding(name, CANNOT, Localized(
            "a OneDrive/SharePoint address; check the downloaded file",
            "alamat OneDrive/SharePoint; periksa berkas yang diunduh"))]
    try:
        with zipfile.ZipFile(book) as package:
            types = package.read("[Content_Types].xml").decode()
            project = package.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in \
                package.namelist() else None
    except (OSError, zipfile.BadZipFile, KeyError):
        return [Finding(name, FAIL, Localized("not a readable workbook",
                                              "bukan buku kerja yang terbaca"),
                        Localized("Check the path", "Periksa jalurnya"))]
    if macros.MACRO_ENABLED not in types or project is None:
        return [Finding(name, FAIL, Localized("no macros (a plain .xlsx workbook)",
                                              "tanpa makro (buku .xlsx biasa)"),
                        Localized(f"backoffice addin excel {book}",
                                  f"backoffice addin excel {book}"))]
    if macros.is_earlier_project(project):
        return [Finding(name, FAIL, Localized(
            "the VBA project is an earlier backoffice's (no ribbon tab, older macros)",
            "proyek VBA dari backoffice versi lama (tanpa tab pita, makro lama)"),
            Localized(f"backoffice addin excel {book}", f"backoffice addin excel {book}"))]
    if project != macros.vba_project():
        return [Finding(name, FAIL, Localized(
            "the VBA project is not this backoffice's (edited, or someone else's)",
            "proyek VBA bukan milik backoffice versi ini (diubah, atau milik orang lain)"),
            Localized("Make a new book with 'backoffice new KIND BOOK.xlsm' and copy the "
                      "sheets over", "Buat buku baru dengan 'backoffice new JENIS BUKU.xlsm' "
                                     "dan salin sheet-nya"))]
    return [Finding(name, OK, Localized(
        f"macro-enabled, xlwings module {module_version()}, buttons present",
        f"makro aktif, modul xlwings {module_version()}, tombol ada"))]


def _mark_of_the_web(book: str | None, on: str) -> Finding:
    name = Localized("Mark of the Web (file from the internet)",
                     "Mark of the Web (berkas dari internet)")
    fix = Localized("In Explorer: right-click the book, Properties, tick Unblock, OK",
                    "Di Explorer: klik kanan buku, Properties, centang Unblock, OK")
    if on != "Windows" or book is None:
        return Finding(name, CANNOT, Localized(
            "Windows keeps it in the file's Zone.Identifier stream",
            "Windows menyimpannya di aliran Zone.Identifier berkas"), fix)
    try:
        with open(f"{book}:Zone.Identifier", encoding="utf-8", errors="replace") as stream:
            zone = re.search(r"ZoneId=(\d)", stream.read())
    except OSError:
        return Finding(name, OK, Localized("not marked", "tidak ditandai"))
    if zone and int(zone.group(1)) >= 3:
        return Finding(name, FAIL, Localized("marked: Excel blocks its macros",
                                             "ditandai: Excel memblokir makronya"), fix)
    return Finding(name, OK, Localized("not from the internet", "bukan dari internet"))


def _defender(on: str) -> Finding:
    return Finding(
        Localized("Defender: Office may start Python", "Defender: Office boleh menjalankan Python"),
        CANNOT, Localized(f"rule {ASR_CHILD_PROCESSES} is read by Windows' security tools only",
                          f"aturan {ASR_CHILD_PROCESSES} hanya terbaca oleh alat keamanan "
                          "Windows"),
        Localized("If a click does nothing and Windows Security shows 'Block all Office "
                  "applications from creating child processes', ask IT for an exclusion for "
                  "the Python in xlwings.conf",
                  "Jika klik tidak berbuat apa-apa dan Keamanan Windows menampilkan 'Block all "
                  "Office applications from creating child processes', minta TI "
                  "mengecualikan Python di xlwings.conf"))


def _excel_trust(on: str) -> Finding:
    return Finding(
        Localized("Excel's macro settings", "Pengaturan makro Excel"),
        CANNOT, Localized("Excel's Trust Center is read inside Excel only",
                          "Trust Center Excel hanya terbaca di dalam Excel"),
        Localized("Open the book, click 'Enable Content' on the yellow bar (or put the folder "
                  "in File > Options > Trust Center > Trusted Locations)",
                  "Buka buku, klik 'Enable Content' di bilah kuning (atau masukkan foldernya "
                  "ke File > Options > Trust Center > Trusted Locations)"))
