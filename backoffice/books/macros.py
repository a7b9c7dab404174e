"""The buttons of a macro-enabled book (.xlsm): which actions a book kind offers, their
labels in the book's language, the VBA Sub each runs, and the VBA project that holds them.

Each button runs its own Sub of the ``Backoffice`` module (``vba/Backoffice.bas``), and that
Sub calls xlwings' ``RunPython`` with the action's name; so the macro a button names is how
Python learns which button was pressed (addin/README.md, Excel section, explains the
choice). ``vba/vbaProject.bin`` is built from the text beside it by
:mod:`backoffice.books.vbabuild`; it is never edited by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from backoffice.catalogue import Localized

#: The content type of a macro-enabled workbook's main part; Excel refuses an .xlsm
#: whose workbook part says plain ``sheet.main+xml``.
MACRO_ENABLED = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
#: The VBA module our buttons' Subs live in.
MODULE = "Backoffice"
#: The VBA module of the ribbon tab's callbacks (each calls the button's Sub).
RIBBON_MODULE = "BackofficeRibbon"


@dataclass(frozen=True)
class Button:
    """One action's button: ``action`` is what Python runs (``backoffice.addin.excel.button``),
    ``sub`` the VBA Sub of :data:`MODULE` that asks for it, ``label`` its caption."""

    action: str
    sub: str
    label: Localized
    #: The built-in Office icon (imageMso) of its button on the Back office ribbon tab.
    image: str = "MacroPlay"

    @property
    def macro(self) -> str:
        """The macro a button's OnAction names (module-qualified, as Excel stores it)."""
        return f"{MODULE}.{self.sub}"

    @property
    def ribbon_macro(self) -> str:
        """The ribbon callback (module-qualified, as xlwings' own ribbon names its callbacks)
        that runs the same Sub: ``BackofficeRibbon.BackofficeRibbonCheck`` for Check."""
        return f"{RIBBON_MODULE}.{RIBBON_MODULE}{self.sub.removeprefix(MODULE)}"


# Icons: built-in imageMso names seen in other workbooks' ribbons; not seen in Excel here.
CHECK = Button("check", "BackofficeCheck", Localized("Check", "Periksa"), "DataValidation")
POST = Button("post", "BackofficePost", Localized("Post", "Posting"), "CalculateNow")
PAYROLL = Button("payroll", "BackofficePayroll", Localized("Run payroll", "Jalankan penggajian"),
                 "CurrencySymbol")
STOCK = Button("stock", "BackofficeStock", Localized("Stock and reorder", "Stok dan pesan ulang"),
               "TableInsert")
SYNC = Button("sync", "BackofficeSync", Localized("Sync", "Sinkronkan"), "RefreshAll")
ALL = (CHECK, POST, PAYROLL, STOCK, SYNC)

#: The buttons each kind of book shows, left to right.
BUTTONS: dict[str, tuple[Button, ...]] = {
    "ledger": (CHECK, POST, SYNC),
    "payroll": (CHECK, PAYROLL, SYNC),
    "inventory": (CHECK, STOCK, SYNC),
}

#: Where the buttons sit on the Help sheet: this row (0-based), this size in pixels.
BUTTON_ROW = 2
BUTTON_WIDTH, BUTTON_HEIGHT, BUTTON_GAP = 170, 28, 12

#: The Help sheet's line about the buttons.
BUTTONS_HELP = Localized(
    "The buttons above run the actions on this open book in Excel for Windows or macOS, "
    "once xlwings is set up (see 'backoffice addin doctor'). Excel for the web and Excel on "
    "iPad run no macros, so there the buttons do nothing: use 'backoffice check BOOK' "
    "and the other commands instead.",
    "Tombol di atas menjalankan perintah pada buku yang terbuka ini di Excel untuk Windows "
    "atau macOS, setelah xlwings disiapkan (lihat 'backoffice addin doctor'). Excel untuk web "
    "dan Excel di iPad tidak menjalankan makro, jadi di sana tombol tidak berbuat apa-apa: "
    "gunakan 'backoffice check BUKU' dan perintah lainnya.")


def vba_project() -> bytes:
    """The bytes of ``xl/vbaProject.bin`` for a book with buttons."""
    return resources.files("backoffice.books").joinpath("vba/vbaProject.bin").read_bytes()


#: sha256 of the VBA projects earlier backoffice versions put into books (vba/vbaProject.bin
#: as committed): ``backoffice addin excel`` replaces them with this version's.
EARLIER_PROJECTS = frozenset({
    "90056cc396c62833aa925bd329b7eb51135f215cf58c5c3a1e0893f116dfd490",  # buttons, no ribbon
})


def is_earlier_project(project: bytes) -> bool:
    """Whether ``project`` (a book's vbaProject.bin) is one an earlier backoffice wrote."""
    import hashlib

    return hashlib.sha256(project).hexdigest() in EARLIER_PROJECTS


def is_macro_name(path: str) -> bool:
    """Whether ``path`` names a macro-enabled workbook (.xlsm)."""
    return path.lower().endswith(".xlsm")


def insert_buttons(worksheet: Any, kind: str, lang: str) -> None:
    """Put ``kind``'s buttons on an XlsxWriter ``worksheet`` (the Help sheet), side by side
    on :data:`BUTTON_ROW`, captioned in ``lang``."""
    worksheet.set_row(BUTTON_ROW, BUTTON_HEIGHT + 8)
    for index, button in enumerate(BUTTONS[kind]):
        worksheet.insert_button(BUTTON_ROW, 0, {
            "macro": button.macro, "caption": button.label.pick(lang),
            "width": BUTTON_WIDTH, "height": BUTTON_HEIGHT,
            "x_offset": 4 + index * (BUTTON_WIDTH + BUTTON_GAP), "y_offset": 4})


#: The Help sheet's column widths (characters) in a new book, where the buttons are drawn.
HELP_WIDTHS = (28, 10, 70, 40)


def buttons_vml(kind: str, lang: str) -> bytes:
    """The VML drawing of ``kind``'s buttons as XlsxWriter draws them on a new book's Help
    sheet: the part :mod:`backoffice.books.macrobook` adds to an existing book."""
    import io
    import zipfile

    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for col, width in enumerate(HELP_WIDTHS):
        sheet.set_column(col, col, width)
    insert_buttons(sheet, kind, lang)
    workbook.close()
    with zipfile.ZipFile(buffer) as book:
        return book.read("xl/drawings/vmlDrawing1.vml")
