"""The Dashboard sheet Post writes: figures that tie to the ledger, and native charts over them.

The figures are checked against the other reports (trial balance at each month
end, income statement per month), the charts against the cells they reference,
and the book against real LibreOffice: it renders the charts to PDF, keeps them
when it saves the book, and a later Post replaces them instead of piling up parts.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import JOURNAL_HEADER, SETTINGS, write_book
from programs import needs

from backoffice.books import open_book, zipcopy
from backoffice.books.charts import OWNED_PREFIX
from backoffice.books.ooxml import Package
from backoffice.checking import check_and_read
from backoffice.cli import main
from backoffice.demo import run_demo
from backoffice.demo.company import CASH_FLOW
from backoffice.ledger import reports
from backoffice.ledger.posting import post

SOFFICE = shutil.which("soffice")
needs_libreoffice = needs("soffice", "pdftoppm", "pdftotext")

NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo company's English ledger, posted (read-only for the tests: copy to change)."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKOFFICE_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("LANG", "C.UTF-8")
        patch.delenv("BACKOFFICE_LANG", raising=False)
        run_demo(str(folder), lang="en")
    return folder / "ledger.xlsx"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def dashboard_rows(path: Path, sheet: str = "Dashboard") -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def amount(value: object) -> Decimal:
    return Decimal(str(value))


# -- the figures ---------------------------------------------------------------------------

def test_figures_tie_to_the_trial_balance_and_the_income_statement(demo_book):
    rows = dashboard_rows(demo_book)
    assert rows[0] == ("Month", "Income", "Expenses", "Net result", "Cash position")
    months = rows[1:13]
    assert [m[0] for m in months] == [f"{name} 2025" for name in calendar.month_abbr[1:]]
    with open_book(str(demo_book)) as book:
        _, read = check_and_read(book, "en")
    data = read.data
    types = dict(data.get("accounts").frame.select("code", "type").iter_rows())
    cash_accounts = {code for code, role in CASH_FLOW.items() if role == "cash"}
    earned_before = spent_before = Decimal(0)
    for number, (_, income, expenses, net, cash) in enumerate(months, start=1):
        end = month_end(2025, number)
        trial = reports.build("trial-balance", data, reports.Options(as_of=end), "en")
        balances = {r[0]: r[5] for r in trial.rows if r[0] != "Total"}
        # The cash position is the trial balance of the cash and bank accounts at month end.
        assert amount(cash) == sum(balances.get(code, 0) for code in cash_accounts)
        earned = -sum(v for code, v in balances.items() if types.get(code) == "income")
        spent = sum(v for code, v in balances.items() if types.get(code) == "expense")
        assert (amount(income), amount(expenses)) == (earned - earned_before,
                                                      spent - spent_before)
        earned_before, spent_before = earned, spent
        statement = reports.build("income-statement", data,
                                  reports.Options(start=dt.date(2025, number, 1), end=end), "en")
        net_income = next(r[2] for r in statement.rows if r[1] == "Net income")
        assert amount(net) == amount(income) - amount(expenses) == net_income
    total = rows[13]
    year = reports.build("income-statement", data, reports.Options(
        start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)), "en")
    assert total[0] == "Total"
    assert amount(total[3]) == next(r[2] for r in year.rows if r[1] == "Net income")
    assert amount(total[4]) == amount(months[-1][4])
    assert rows[15][0].startswith("Amounts in IDR (base currency), fiscal year Jan 2025 to Dec")
    assert rows[16][0] == ("Cash position: the balance of the cash and bank accounts at month "
                           "end (1101, 1102, 1103).")


def test_report_command_gives_the_figures_for_scripts(demo_book, capsys):
    assert main(["report", str(demo_book), "dashboard"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    sheet = dashboard_rows(demo_book)[1:13]
    assert [r["month"] for r in rows] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert [(Decimal(r["income"]), Decimal(r["cash"])) for r in rows] == \
        [(amount(s[1]), amount(s[4])) for s in sheet]
    assert main(["report", str(demo_book), "dashboard", "--format", "json", "--as-of",
                 "2025-03-15"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["report"] == "dashboard" and report["as_of"] == "2025-03-15"
    april = report["rows"][3]
    assert april == {"month": "2025-04", "income": None, "expenses": None, "net": None,
                     "cash": None}
    assert Decimal(report["rows"][1]["income"]) == amount(sheet[1][1])


# -- the charts --------------------------------------------------------------------------

def charts_of(path: Path, sheet: str) -> list[tuple[str, bytes]]:
    """The chart parts drawn on ``sheet``, in the drawing's order: (part, xml)."""
    with Package(str(path)) as package:
        part = package.sheet(sheet).part
        zf = package.zip
        rels = zf.read(_rels(part)).decode()
        drawing_target = re.search(r'Type="[^"]*/drawing" Target="([^"]+)"', rels)
        assert drawing_target is not None
        drawing = _join(part, drawing_target.group(1))
        drawing_rels = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"',
                                       zf.read(_rels(drawing)).decode()))
        ids = re.findall(r'<c:chart [^>]*r:id="([^"]+)"', zf.read(drawing).decode())
        charts = [_join(drawing, drawing_rels[i]) for i in ids]
        return [(c, zf.read(c)) for c in charts]


def _rels(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _join(part: str, target: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def cells_of(workbook: openpyxl.Workbook, reference: str) -> list[object]:
    """The values of ``'Sheet'!$B$2:$B$13`` as openpyxl reads them."""
    match = re.fullmatch(r"'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", reference)
    assert match is not None, reference
    sheet = workbook[match.group(1).replace("''", "'")]
    first, last = int(match.group(3)), int(match.group(5) or match.group(3))
    return [sheet[f"{match.group(2)}{row}"].value for row in range(first, last + 1)]


def test_charts_reference_the_table_and_carry_its_values(demo_book):
    from xml.etree import ElementTree

    charts = charts_of(demo_book, "Dashboard")
    workbook = openpyxl.load_workbook(demo_book)
    assert len(charts) == 2
    seen = []
    for _, xml in charts:
        root = ElementTree.fromstring(xml)
        title = "".join(t.text for t in root.iterfind("c:chart/c:title//a:t", NS))
        kind = "column" if root.find(".//c:barChart", NS) is not None else "line"
        refs = []
        for series in root.iterfind(".//c:ser", NS):
            name_ref = series.findtext("c:tx/c:strRef/c:f", namespaces=NS)
            cat_ref = series.findtext("c:cat/c:strRef/c:f", namespaces=NS)
            val_ref = series.findtext("c:val/c:numRef/c:f", namespaces=NS)
            refs.append((name_ref, cat_ref, val_ref))
            cached_name = series.findtext("c:tx/c:strRef/c:strCache/c:pt/c:v", namespaces=NS)
            assert [cached_name] == cells_of(workbook, name_ref)
            categories = {int(p.get("idx")): p.findtext("c:v", namespaces=NS)
                          for p in series.iterfind("c:cat//c:pt", NS)}
            assert [categories.get(i) for i in range(12)] == cells_of(workbook, cat_ref)
            values = {int(p.get("idx")): Decimal(p.findtext("c:v", namespaces=NS))
                      for p in series.iterfind("c:val//c:pt", NS)}
            assert series.find("c:val//c:ptCount", NS).get("val") == "12"
            assert [values.get(i) for i in range(12)] == \
                [None if v is None else amount(v) for v in cells_of(workbook, val_ref)]
        seen.append((kind, title, refs))
    assert seen == [
        ("column", "Income and expenses FY2025 (IDR million)",
         [("'Dashboard'!$B$1", "'Dashboard'!$A$2:$A$13", "'Dashboard'!$B$2:$B$13"),
          ("'Dashboard'!$C$1", "'Dashboard'!$A$2:$A$13", "'Dashboard'!$C$2:$C$13")]),
        ("line", "Cash position FY2025 (IDR million)",
         [("'Dashboard'!$E$1", "'Dashboard'!$A$2:$A$13", "'Dashboard'!$E$2:$E$13")]),
    ]


def test_the_book_loads_in_openpyxl_with_its_charts(demo_book):
    # pytest turns warnings into errors, so a chart openpyxl cannot read fails here.
    sheet = openpyxl.load_workbook(demo_book)["Dashboard"]
    assert [type(c).__name__ for c in sheet._charts] == ["BarChart", "LineChart"]


def test_posting_again_replaces_the_charts_and_keeps_the_users_drawing(demo_book, tmp_path):
    book = tmp_path / "ledger.xlsx"
    shutil.copy(demo_book, book)
    add_user_shape(book)
    parts = []
    for _ in range(3):
        assert post(str(book)).sheets[-1] == "Dashboard"
        with zipfile.ZipFile(book) as zf:
            parts.append(sorted(zf.namelist()))
            types = zf.read("[Content_Types].xml").decode()
            drawing = zf.read("xl/drawings/drawing1.xml").decode()
        assert drawing.count(f'name="{OWNED_PREFIX}') == 2
        assert 'name="Owner\'s note"' in drawing
        assert types.count("drawingml.chart+xml") == 2
    assert parts[0] == parts[1] == parts[2]
    assert [p for p in parts[0] if "chart" in p or "drawing" in p] == [
        "xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/_rels/drawing1.xml.rels",
        "xl/drawings/drawing1.xml"]
    # The style and colour parts Excel adds to a chart it saves went with the old chart.
    assert not any("style" in p.rsplit("/", 1)[-1] and "charts" in p for p in parts[0])
    assert len(openpyxl.load_workbook(book)["Dashboard"]._charts) == 2


def add_user_shape(book: Path) -> None:
    """What Excel leaves after the owner drew a text box on the Dashboard and saved: her
    shape in the same drawing, and a style part related from one of backoffice's charts."""
    with zipfile.ZipFile(book) as zf:
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
        types = zf.read("[Content_Types].xml").decode()
    shape = ('<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff>'
             '<xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
             '<xdr:ext cx="1000000" cy="300000"/><xdr:sp macro="" textlink=""><xdr:nvSpPr>'
             '<xdr:cNvPr id="40" name="Owner\'s note"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
             '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000000" cy="300000"/></a:xfrm>'
             '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody>'
             '<a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Check March</a:t></a:r></a:p></xdr:txBody>'
             '</xdr:sp><xdr:clientData/></xdr:oneCellAnchor>')
    style_type = "application/vnd.ms-office.chartstyle+xml"
    changes = {
        "xl/drawings/drawing1.xml": drawing.replace("</xdr:wsDr>", shape + "</xdr:wsDr>").encode(),
        "xl/charts/_rels/chart1.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
            b'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            b'Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/chartStyle" '
            b'Target="style1.xml"/></Relationships>'),
        "xl/charts/style1.xml": b'<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/'
                                b'office/drawing/2012/chartStyle" id="201"/>',
        "[Content_Types].xml": types.replace(
            "</Types>", f'<Override PartName="/xl/charts/style1.xml" ContentType="{style_type}"/>'
                        "</Types>").encode(),
    }
    copy = book.with_suffix(".tmp")
    with zipfile.ZipFile(book) as source, open(copy, "wb") as target:
        zipcopy.rewrite(source, target, changes)
    copy.replace(book)


# -- a small book, for LibreOffice and for the book without cash accounts --------------------

ACCOUNTS = [
    ["Code", "Name", "Type", "Parent", "Cash flow"],
    ["11", "Cash and bank", "asset", None, "Cash"],
    ["1101", "Cash", "asset", "11", None],
    ["1102", "Bank", "asset", "11", None],
    ["2101", "Payables", "liability", None, None],
    ["3101", "Capital", "equity", None, None],
    ["4101", "Sales", "income", None, None],
    ["5101", "Expenses", "expense", None, None],
]


def small_journal() -> list[list[object]]:
    """Four months of a shop: capital paid in, cash sales, expenses from the bank and on credit."""
    rows: list[list[object]] = [
        [dt.date(2025, 1, 2), "JV-1", "1102", "Capital paid in", 50_000_000, None, None],
        [dt.date(2025, 1, 2), "JV-1", "3101", "Capital paid in", None, 50_000_000, None]]
    sales = {1: 12_000_000, 2: 9_500_000, 3: 15_250_000, 4: 11_000_000}
    costs = {1: 8_000_000, 2: 11_000_000, 3: 9_000_000, 4: 10_500_000}
    for month in range(1, 5):
        day = dt.date(2025, month, 15)
        rows += [[day, f"S-{month}", "1101", "Cash sales", sales[month], None, None],
                 [day, f"S-{month}", "4101", "Cash sales", None, sales[month], None],
                 [day, f"E-{month}", "5101", "Rent and wages", costs[month], None, None],
                 [day, f"E-{month}", "1102", "Rent and wages", None, costs[month] - 1_000_000,
                  None],
                 [day, f"E-{month}", "2101", "Rent and wages", None, 1_000_000, None]]
    return rows


def small_book(tmp_path: Path, accounts: list[list[object]] = ACCOUNTS,
               settings: list[list[object]] = SETTINGS) -> Path:
    return write_book(tmp_path / "shop.xlsx", {
        "Settings": settings, "Accounts": accounts,
        "Journal": [[*JOURNAL_HEADER, "Source"], *small_journal()]})


def test_cash_accounts_come_with_their_sub_accounts_and_later_months_stay_blank(tmp_path):
    book = small_book(tmp_path)
    assert post(str(book)).sheets[-1] == "Dashboard"
    rows = dashboard_rows(book)
    assert [(r[0], r[1], r[2], r[4]) for r in rows[1:6]] == [
        ("Jan 2025", 12_000_000, 8_000_000, 50_000_000 + 12_000_000 - 7_000_000),
        ("Feb 2025", 9_500_000, 11_000_000, 55_000_000 + 9_500_000 - 10_000_000),
        ("Mar 2025", 15_250_000, 9_000_000, 54_500_000 + 15_250_000 - 8_000_000),
        ("Apr 2025", 11_000_000, 10_500_000, 61_750_000 + 11_000_000 - 9_500_000),
        ("May 2025", None, None, None)]
    assert rows[2][3] == -1_500_000
    assert rows[13][:5] == ("Total", 47_750_000, 38_500_000, 9_250_000, 63_250_000)
    # Sub-accounts of an account marked Cash are cash too.
    assert rows[16][0].endswith("(11, 1101, 1102).")


def test_a_closed_year_shows_its_months_not_the_closing_entry(tmp_path):
    from backoffice.ledger.closing import close_year

    settings = [*SETTINGS, ["Retained earnings account", "3201"]]
    book = small_book(tmp_path, accounts=[*ACCOUNTS, ["3201", "Retained earnings", "equity",
                                                      None, None]], settings=settings)
    post(str(book))
    before = dashboard_rows(book)
    assert close_year(str(book), "FY2025") > 0
    post(str(book))
    rows = dashboard_rows(book)
    assert rows[1:5] == before[1:5]
    assert rows[12][:4] == ("Dec 2025", 0, 0, 0)  # the close is dated 31 December
    assert rows[13][:5] == ("Total", 47_750_000, 38_500_000, 9_250_000, 63_250_000)


def test_a_fiscal_year_from_april_runs_april_to_march(tmp_path):
    settings = [*SETTINGS, ["Fiscal year start", 4]]
    book = small_book(tmp_path, settings=settings)
    post(str(book))
    rows = dashboard_rows(book)
    assert [r[0] for r in rows[1:13]] == [
        "Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025",
        "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]
    # January to March belong to the year before: here only their cash carries over.
    assert rows[1][1:] == (11_000_000, 10_500_000, 500_000, 63_250_000)
    titles = [re.search(rb"<a:t>([^<]*)</a:t>", xml).group(1) for _, xml in charts_of(book, "Dashboard")]
    assert titles == [b"Income and expenses FY2025/26 (IDR million)",
                      b"Cash position FY2025/26 (IDR million)"]


def test_a_book_without_cash_accounts_gets_its_income_chart_and_is_told_why_cash_is_empty(
        tmp_path):
    accounts = [row[:4] for row in ACCOUNTS]  # an older book: no Cash flow column
    book = small_book(tmp_path, accounts=accounts)
    post(str(book))
    rows = dashboard_rows(book)
    assert [r[4] for r in rows[1:14]] == [None] * 13
    assert rows[1][1:4] == (12_000_000, 8_000_000, 4_000_000)
    why = "No cash or bank accounts: set Cash flow to Cash for them on the Accounts sheet."
    assert rows[16][0] == why
    (_, income), (_, cash) = charts_of(book, "Dashboard")
    assert income.count(b"<c:pt idx=") == 2 * (1 + 12 + 4)  # name, months, four values
    assert why.encode() in cash and b"<c:numCache><c:formatCode>General</c:formatCode>" \
        b'<c:ptCount val="12"/></c:numCache>' in cash


def test_an_indonesian_book_gets_a_dasbor(tmp_path):
    settings = [row if row[0] != "Language" else ["Language", "Bahasa Indonesia"]
                for row in SETTINGS]
    book = write_book(tmp_path / "buku.xlsx", {
        "Pengaturan": settings, "Akun": ACCOUNTS, "Jurnal": [JOURNAL_HEADER, *small_journal()]})
    assert post(str(book)).sheets[-1] == "Dasbor"
    rows = dashboard_rows(book, "Dasbor")
    assert rows[0] == ("Bulan", "Pendapatan", "Beban", "Laba (rugi) bersih", "Posisi kas")
    assert [r[0] for r in rows[5:9]] == ["Mei 2025", "Jun 2025", "Jul 2025", "Agu 2025"]
    (_, income), (_, cash) = charts_of(book, "Dasbor")
    assert b"<a:t>Pendapatan dan beban FY2025 (juta IDR)</a:t>" in income
    assert b"<c:f>'Dasbor'!$B$2:$B$13</c:f>" in income


# -- real LibreOffice ----------------------------------------------------------------------

def soffice(args: list[str], tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
                   check=True, capture_output=True, timeout=240)


def pixels_like(ppm: bytes, rgb: tuple[int, int, int], tolerance: int = 24) -> int:
    """How many pixels of a binary PPM (P6) image are within ``tolerance`` of ``rgb``."""
    match = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    assert match is not None
    data = ppm[match.end():]
    red, green, blue = rgb
    return sum(1 for i in range(0, len(data), 3)
               if abs(data[i] - red) <= tolerance and abs(data[i + 1] - green) <= tolerance
               and abs(data[i + 2] - blue) <= tolerance)


@needs_libreoffice
def test_libreoffice_renders_the_charts_and_keeps_them_when_it_saves(tmp_path):
    book = small_book(tmp_path)
    post(str(book))
    out = tmp_path / "lo"
    soffice(["--convert-to", "pdf", "--outdir", str(out), str(book)], tmp_path)
    pdf = out / "shop.pdf"
    page = next(p for p in range(1, 30) if all(word in subprocess.run(
        ["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True,
        text=True, check=True).stdout for word in ("Cash position", "Net result")))
    subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(out / "page")], check=True, timeout=60)
    image = (out / "page.ppm").read_bytes()
    # Income bars blue, expense bars orange, the cash line green: drawn, not just a frame.
    assert pixels_like(image, (0x2E, 0x75, 0xB6)) > 150
    assert pixels_like(image, (0xED, 0x7D, 0x31)) > 150
    assert pixels_like(image, (0x54, 0x82, 0x35)) > 40
    # Saved by LibreOffice, the book keeps both charts, and Post then replaces them.
    soffice(["--convert-to", "xlsx", "--outdir", str(out), str(book)], tmp_path)
    saved = out / "shop.xlsx"
    assert [type(c).__name__ for c in openpyxl.load_workbook(saved)["Dashboard"]._charts] == \
        ["BarChart", "LineChart"]
    assert post(str(saved)).sheets[-1] == "Dashboard"
    assert len(charts_of(saved, "Dashboard")) == 2
    with zipfile.ZipFile(saved) as zf:
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 2


def test_the_owners_own_dashboard_sheet_is_left_alone_and_post_says_so(tmp_path, capsys):
    book = write_book(tmp_path / "shop.xlsx", {
        "Settings": SETTINGS, "Accounts": ACCOUNTS,
        "Journal": [JOURNAL_HEADER, *[row[:7] for row in small_journal()]],
        "Dashboard": [["My KPIs"], ["Target", 100]]})
    assert main(["post", str(book)]) == 0
    out = capsys.readouterr().out
    assert "Dashboard not written: the book has its own sheet of that name" in out
    workbook = openpyxl.load_workbook(book)
    assert [[c.value for c in row] for row in workbook["Dashboard"].iter_rows()] == [
        ["My KPIs", None], ["Target", 100]]
    assert "Balance Sheet" in workbook.sheetnames


def test_foreign_currency_lines_count_at_their_base_amounts_and_unrated_ones_are_named(
        tmp_path):
    header = [*JOURNAL_HEADER, "Rate"]
    journal = [[dt.date(2025, 2, 3), "X-1", "1102", "Export", 100, None, "USD", 16000],
               [dt.date(2025, 2, 3), "X-1", "4101", "Export", None, 100, "USD", 16000],
               [dt.date(2025, 3, 3), "X-2", "1101", "Cash sale", 500_000, None, None, None],
               [dt.date(2025, 3, 3), "X-2", "4101", "Cash sale", None, 500_000, None, None],
               [dt.date(2025, 3, 4), "X-3", "1102", "Export", 50, None, "USD", None],
               [dt.date(2025, 3, 4), "X-3", "4101", "Export", None, 50, "USD", None]]
    book = write_book(tmp_path / "fx.xlsx", {"Settings": SETTINGS, "Accounts": ACCOUNTS,
                                             "Journal": [header, *journal]})
    assert post(str(book)).sheets[-1] == "Dashboard"
    rows = dashboard_rows(book)
    assert [r[1:] for r in rows[1:4]] == [(0, 0, 0, 0), (1_600_000, 0, 1_600_000, 1_600_000),
                                          (500_000, 0, 500_000, 2_100_000)]
    assert rows[-1][0] == ("2 postings in other currencies are not included (they have no "
                           "exchange rate).")


def test_writing_a_sheet_with_no_charts_removes_the_drawing_and_every_chart_part(tmp_path):
    from backoffice.books.sheetxml import Column, OutputTable
    from backoffice.books.writer import WorkbookWriter

    book = small_book(tmp_path)
    post(str(book))
    with WorkbookWriter(str(book)) as writer:
        writer.write_output_sheet("Dashboard", OutputTable([Column("Month")], [["Jan 2025"]]),
                                  "dashboard", charts=[])
        writer.save()
    with Package(str(book)) as package:
        names = package.zip.namelist()
        types = package.zip.read("[Content_Types].xml").decode()
        sheet_xml = package.zip.read(package.sheet("Dashboard").part).decode()
    assert not [n for n in names if "chart" in n or "drawing" in n]
    assert "chart" not in types and "drawing+xml" not in types
    assert "<drawing" not in sheet_xml
    assert openpyxl.load_workbook(book)["Dashboard"]["A2"].value == "Jan 2025"
