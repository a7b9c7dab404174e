"""Build ``backoffice/books/vba/vbaProject.bin`` from the VBA text beside it, with ms-ovba.

The binary is never hand-made: ``python -m backoffice.books.vbabuild`` runs ms-ovba (the
named tool, pinned in the ``excel`` extra) over ``Backoffice.bas`` (ours) and
``BackofficeRibbon.bas`` (the ribbon tab's callbacks) and
``xlwings.bas`` (xlwings' BSD-3 standalone module, copied verbatim from the wheel: origin
and sha256 in ``vba/SOURCES.md`` and :data:`XLWINGS_BAS_SHA256`). ms-ovba writes a
version-independent project (no compiled p-code, performance cache version 0xFFFF), so
Excel compiles the modules from their source the first time the book is opened.
tests/test_excel_buttons.py builds it again and extracts it with olevba. Run it as its own
process: ms-cfb 0.x leaves one file handle for the garbage collector to flush.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from backoffice.books import ovbacompress

VBA_DIR = Path(__file__).resolve().parent / "vba"
#: The modules of our project, in this order.
SOURCES = ("xlwings.bas", "Backoffice.bas", "BackofficeRibbon.bas")
#: xlwings 0.37.8's ``xlwings/xlwings.bas`` (BSD-3, Zoomer Analytics), byte for byte.
XLWINGS_BAS_SHA256 = "af7ac7ea4708d08e76f799c1e996e964ccb82bf7dd61072a8e90481829a816a7"
#: A fixed project id: the same sources always give the same binary.
PROJECT_ID = "{5B7A1C1E-2F3D-4B5A-9C6E-0BAC0FF1CE19}"


def build(out: Path) -> bytes:
    """Build the project from :data:`SOURCES` and write it to ``out``; the bytes written."""
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba

    digest = hashlib.sha256((VBA_DIR / "xlwings.bas").read_bytes()).hexdigest()
    if digest != XLWINGS_BAS_SHA256:  # the copy must stay verbatim (licence and behaviour)
        raise RuntimeError(f"vba/xlwings.bas is not xlwings 0.37.8's file (sha256 {digest})")
    blank = Path(sys.modules[VbaProject.__module__].__file__ or "").parent / "blank_files"
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        # ms-ovba writes its intermediate files beside each source, appending to any left
        # there: build from fresh copies in an empty folder, which is also where it writes.
        for source in SOURCES:
            shutil.copyfile(VBA_DIR / source, Path(work, source))
        for cls in ("ThisWorkbook.cls", "Sheet1.cls"):
            shutil.copyfile(blank / cls, Path(work, cls))
        os.chdir(work)
        broken = MsOvba.compress
        MsOvba.compress = lambda _self, data: ovbacompress.compress(data)  # see ovbacompress
        # The PROJECT stream's CMG/DPB/GC are "encrypted" with a seed from ``random``: a
        # fixed seed makes the same sources give the same bytes.
        saved = random.getstate()
        random.seed(PROJECT_ID)
        try:
            ProjectOleFile.write_file(_project(Path(work)))
            data = Path(work, "vbaProject.bin").read_bytes()
        finally:
            MsOvba.compress = broken
            random.setstate(saved)
            os.chdir(here)
    out.write_bytes(data)
    return data


def _project(work: Path) -> object:
    """The ms-ovba project of the copies in ``work``."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject

    project = VbaProject()
    project.project_id = PROJECT_ID
    # The document modules Excel expects; XlsxWriter names the workbook and first sheet so.
    for name, cls, guid in (("ThisWorkbook", "ThisWorkbook.cls", "0002081900000000C000000000000046"),
                            ("Sheet1", "Sheet1.cls", "0002082000000000C000000000000046")):
        module = DocModule(name)
        module.add_file(str(work / cls))
        module.add_guid(uuid.UUID(guid))
        module.normalize_file()
        project.add_module(module)
    for source in SOURCES:
        module = StdModule(Path(source).stem)
        module.add_file(str(work / source))
        module.normalize_file()
        project.add_module(module)
    stdole = LibidReference(uuid.UUID("0002043000000000C000000000000046"), "2.0", "0",
                            "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
    project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
    # The ribbon's callbacks take an IRibbonControl, a type of the Office library: the same
    # reference (libid, version 2.0) as xlwings' own add-in, xlwings.xlam, carries.
    office = LibidReference(uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"), "2.0", "0",
                            "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
                            "Microsoft Office 16.0 Object Library")
    project.add_reference(Reference(ReferenceRegistered(office), "Office"))
    return project


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else VBA_DIR / "vbaProject.bin"
    print(f"{target}: {len(build(target))} bytes")
