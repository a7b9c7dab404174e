"""Adding the buttons to an existing book: the VBA project, the macro-enabled content type
and the buttons' drawing on the Help sheet, through the lossless writer.

Nothing else changes: every other part is copied byte for byte, the Help sheet only gains
its ``<legacyDrawing>``; the package gains the Back office ribbon tab
(:mod:`backoffice.books.ribbon`) unless it has a ribbon of its own. An .xlsx is never
renamed or changed: the buttons go into a NEW .xlsm beside it (the .xlsx stays as it
was). A book that has VBA of its own is refused (we never replace someone's macros); a
book that has ours already is left alone, or, when its project is an earlier backoffice's
or it lacks the ribbon tab, brought up to date.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from backoffice.books import macros, ribbon
from backoffice.books.new_xlsx import HELP_SHEET
from backoffice.books.writer import WorkbookWriter, _add_relationship, _empty_rels, _rels_part
from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused

VBA_PART = "xl/vbaProject.bin"
PACKAGE_RELS = "_rels/.rels"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Elements that follow ``legacyDrawing`` in a worksheet (CT_Worksheet's order).
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst")


def macro_path(path: str) -> str:
    """Where the macro-enabled book goes: ``path`` itself for an .xlsm, else the same name
    with .xlsm beside it."""
    return path if macros.is_macro_name(path) else str(Path(path).with_suffix(".xlsm"))


#: What :func:`add_buttons` did: nothing, added the buttons and the ribbon tab, or brought
#: a book that had our buttons up to date (this version's project, the ribbon tab).
NOTHING, ADDED, UPDATED = "nothing", "added", "updated"


def add_buttons(path: str, kind: str, lang: str) -> tuple[str, str]:
    """Give the book at ``path`` ``kind``'s buttons and the Back office ribbon tab, captioned
    in ``lang``; (the book written, :data:`NOTHING`/:data:`ADDED`/:data:`UPDATED`). An .xlsx
    gets a new .xlsm beside it."""
    target = macro_path(path)
    if target != path and os.path.exists(target):
        raise ActionRefused(
            detail=Localized(f"{target} already exists.", f"{target} sudah ada."),
            fix=Localized(f"Move or rename {target}; backoffice never writes over a file.",
                          f"Pindahkan atau ganti nama {target}; backoffice tidak pernah "
                          "menimpa berkas."))
    with WorkbookWriter(path) as probe:
        names = probe.zip.namelist()
        project = probe.zip.read(VBA_PART) if VBA_PART in names else None
        package_rels = probe._text(PACKAGE_RELS) if PACKAGE_RELS in names else ""
    if project is not None:
        if project != macros.vba_project() and not macros.is_earlier_project(project):
            raise ActionRefused(
                detail=Localized(f"{path} has macros of its own.",
                                 f"{path} punya makro sendiri."),
                fix=Localized("backoffice never replaces a workbook's VBA project: copy your "
                              "sheets into a book made by 'backoffice new KIND BOOK.xlsm'.",
                              "backoffice tidak pernah mengganti proyek VBA buku kerja: salin "
                              "sheet Anda ke buku dari 'backoffice new JENIS BUKU.xlsm'."))
        if project == macros.vba_project() and ribbon.has_ribbon(package_rels):
            return path, NOTHING
        # Ours, from this version or an earlier one: bring the project up to date and add
        # the ribbon tab; the buttons on the Help sheet are there already.
        _update(target, path, kind, lang)
        return target, UPDATED
    _update(target, path, kind, lang, _add)
    return target, ADDED


def _update(target: str, path: str, kind: str, lang: str,
            edit: Callable[[str, str, str], None] | None = None) -> None:
    """Apply ``edit`` (default: the project and ribbon only) to ``target``: in place when it
    is ``path``, else on a copy of ``path`` moved into place."""
    edit = edit or _refresh
    if target == path:
        edit(path, kind, lang)
        return
    # A copy in the same folder, edited, then moved into place: the .xlsx is never touched,
    # and a failure leaves no half-made .xlsm behind.
    handle, scratch = tempfile.mkstemp(suffix=".xlsm", dir=os.path.dirname(target) or ".")
    os.close(handle)
    try:
        shutil.copyfile(path, scratch)
        edit(scratch, kind, lang)
        if os.path.exists(target):
            raise FileExistsError(target)
        os.replace(scratch, target)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)


def _refresh(path: str, kind: str, lang: str) -> None:
    """A book with our buttons: this version's VBA project, and the ribbon tab if the book
    has no ribbon of its own."""
    with WorkbookWriter(path) as writer:
        writer.changes[VBA_PART] = macros.vba_project()
        _add_ribbon(writer, kind, lang)
        writer.save()


def _add_ribbon(writer: WorkbookWriter, kind: str, lang: str) -> None:
    """The Back office ribbon tab, unless the book has a ribbon (customUI) already: someone
    else's is never replaced."""
    rels = writer._text(PACKAGE_RELS)
    if ribbon.has_ribbon(rels):
        return
    writer.changes[PACKAGE_RELS] = ribbon.with_ribbon_rel(rels).encode("utf-8")
    writer.changes[ribbon.PART] = ribbon.ribbon_xml(kind, lang)


def _add(path: str, kind: str, lang: str) -> None:
    with WorkbookWriter(path) as writer:
        names = {sheet.name: sheet.part for sheet in writer.package.sheets}
        help_name = next((n for n in (HELP_SHEET[lang], *HELP_SHEET.values()) if n in names),
                         None)
        if help_name is None:
            raise ActionRefused(
                detail=Localized(f"{path} has no Help sheet to put the buttons on.",
                                 f"{path} tidak punya sheet Bantuan untuk tombol."),
                fix=Localized("Add a sheet named Help (English) or Bantuan (Indonesian) and "
                              "run the command again.",
                              "Tambahkan sheet bernama Bantuan (atau Help) lalu jalankan "
                              "perintahnya lagi."))
        part = names[help_name]
        sheet_xml = writer._text(part)
        if re.search(r"<(?:\w+:)?legacyDrawing\b", sheet_xml):
            raise ActionRefused(
                detail=Localized(f"The {help_name} sheet of {path} has notes or controls "
                                 "already.",
                                 f"Sheet {help_name} di {path} sudah punya catatan atau "
                                 "kontrol."),
                fix=Localized(f"Remove the notes from {help_name} and run the command again.",
                              f"Hapus catatan di {help_name} lalu jalankan perintahnya lagi."))
        taken = set(writer.zip.namelist())
        number = next(n for n in range(1, 10_000) if f"xl/drawings/vmlDrawing{n}.vml" not in taken)
        vml_part = f"xl/drawings/vmlDrawing{number}.vml"
        rels_part = _rels_part(part)
        rels = writer._text(rels_part) if rels_part in taken else _empty_rels()
        rels, rel_id = _add_relationship(rels, VML_REL, f"../drawings/vmlDrawing{number}.vml")
        writer.changes[part] = _with_legacy_drawing(sheet_xml, rel_id).encode("utf-8")
        writer.changes[rels_part] = rels.encode("utf-8")
        writer.changes[vml_part] = macros.buttons_vml(kind, lang)
        writer.changes[VBA_PART] = macros.vba_project()
        _add_ribbon(writer, kind, lang)
        workbook_dir = os.path.dirname(writer.workbook_part)
        writer.workbook_rels, _ = _add_relationship(
            writer.workbook_rels, VBA_REL, os.path.relpath(VBA_PART, workbook_dir))
        writer.workbook = _with_code_name(writer.workbook)
        types = writer.content_types.replace(
            f'PartName="/{writer.workbook_part}" ContentType="{macros.PLAIN}"',
            f'PartName="/{writer.workbook_part}" ContentType="{macros.MACRO_ENABLED}"')
        types = types.replace("</Types>", f'<Override PartName="/{VBA_PART}" '
                                          f'ContentType="{VBA_TYPE}"/></Types>', 1)
        if not re.search(r'<Default\b[^>]*Extension="vml"', types):
            types = types.replace("</Types>", f'<Default Extension="vml" '
                                              f'ContentType="{VML_TYPE}"/></Types>', 1)
        writer.content_types = types
        writer.save()


def _with_legacy_drawing(sheet_xml: str, rel_id: str) -> str:
    """The sheet with ``<legacyDrawing r:id=…/>`` where the schema wants it."""
    prefix = re.match(r"<\?xml[^>]*\?>\s*<(\w+:)?worksheet\b", sheet_xml)
    ns = prefix.group(1) or "" if prefix else ""
    r_prefix = next(iter(re.findall(rf'xmlns:(\w+)="{re.escape(NS_R)}"', sheet_xml)), None)
    if r_prefix is None:
        r_prefix = "r"
        sheet_xml = re.sub(r"<((?:\w+:)?worksheet)\b", rf'<\1 xmlns:r="{NS_R}"', sheet_xml,
                           count=1)
    element = f'<{ns}legacyDrawing {r_prefix}:id="{rel_id}"/>'
    follower = re.search(rf"<(?:\w+:)?(?:{'|'.join(_AFTER_LEGACY)})\b|</(?:\w+:)?worksheet>",
                         sheet_xml)
    assert follower is not None
    return sheet_xml[:follower.start()] + element + sheet_xml[follower.start():]


def _with_code_name(workbook: str) -> str:
    """The workbook part naming its code module ThisWorkbook, as the VBA project expects."""
    pr = re.search(r"<((?:\w+:)?)workbookPr\b[^>]*?(/?)>", workbook)
    if pr is None:
        follower = re.search(r"<(?:\w+:)?(?:workbookProtection|bookViews|sheets)\b", workbook)
        assert follower is not None
        return (workbook[:follower.start()] + '<workbookPr codeName="ThisWorkbook"/>'
                + workbook[follower.start():])
    if "codeName=" in pr.group(0):
        # A book without VBA may still carry a localized name (German Excel writes
        # "DieseArbeitsmappe"); our project's document module is ThisWorkbook.
        named = re.sub(r'codeName="[^"]*"', 'codeName="ThisWorkbook"', pr.group(0), count=1)
        return workbook.replace(pr.group(0), named, 1)
    tag = f"<{pr.group(1)}workbookPr"
    return workbook.replace(tag, f'{tag} codeName="ThisWorkbook"', 1)
