"""PDF e-statements and OFX files in (issue 24).

Real bank PDFs were not available: each PDF here is written by the test (fpdf2, text
placed in columns as a bank's PDF generator places it) in the layout kept in
``backoffice/data/bank_pdf_layouts.toml``, which follows the text of BCA's and
Mandiri's e-statements as open-source parsers of them read it. pypdf reads them
back exactly as it reads any PDF's text layer, so what is tested is the reading and
the proof (lines adding up to the printed summary), not the banks' real files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fpdf import FPDF

from backoffice.bank.frames import statement_lines
from backoffice.bank.importing import import_statement
from backoffice.bank.readers import read_statement
from backoffice.books import open_book
from backoffice.checking import read_book
from backoffice.errors import ActionRefused
from backoffice.templates import new_book

D = dt.date

#: (date, description lines, amount text, DB mark, balance text) of a BCA e-statement
BCA_LINES = [
    ("02/01", ["TRSF E-BANKING CR", "0201/FTSCY/WS95051", "INV-2026-001 PT MAJU JAYA"],
     "2,500,000.00", "", ""),
    ("02/01", ["BIAYA ADM"], "15,000.00", "DB", ""),
    ("02/01", ["BIAYA ADM"], "15,000.00", "DB", "12,470,000.00"),
    ("15/01", ["TRSF E-BANKING DB", "1501/FTFVA/WS95031", "BILL-77 CV SUMBER"],
     "1,200,000.00", "DB", "11,270,000.00"),
    ("31/01", ["BUNGA"], "4,700.00", "", ""),
    ("31/01", ["PAJAK BUNGA"], "900.00", "DB", "11,273,800.00"),
]


class _Page(FPDF):
    def row(self, cells: list[tuple[float, float, str, str]]) -> None:
        """Cells (x, width, text, align) on one line, as a statement generator draws them."""
        y = self.get_y()
        for x, width, text, align in cells:
            self.set_xy(x, y)
            self.cell(width, 4, text, align=align)
        self.set_xy(10, y + 4)


def _bca_head(pdf: _Page, period: str) -> None:
    pdf.add_page()
    pdf.row([(10, 60, "REKENING GIRO", "L"), (120, 28, "NO. REKENING", "L"), (148, 4, ":", "L"),
             (152, 40, "0123456789", "L")])
    pdf.row([(10, 60, "PT SINAR ABADI NIAGA", "L"), (120, 28, "HALAMAN", "L"),
             (148, 4, ":", "L"), (152, 40, f"{pdf.page_no()} / 2", "L")])
    pdf.row([(120, 28, "PERIODE", "L"), (148, 4, ":", "L"), (152, 40, period, "L")])
    pdf.row([(120, 28, "MATA UANG", "L"), (148, 4, ":", "L"), (152, 40, "IDR", "L")])
    pdf.row([(10, 15, "TANGGAL", "L"), (25, 70, "KETERANGAN", "L"), (95, 12, "CBG", "L"),
             (107, 34, "MUTASI", "R"), (150, 40, "SALDO", "R")])


def bca_pdf(path: Path, lines=BCA_LINES, closing: str = "11,273,800.00",  # type: ignore[no-untyped-def]
            period: str = "JANUARI 2026", text: bool = True) -> Path:
    """A BCA e-statement of two pages: the table breaks after the third line."""
    pdf = _Page(format="A4")
    pdf.set_font("Helvetica", size=8)
    _bca_head(pdf, period)
    pdf.row([(10, 15, "01/01", "L"), (25, 70, "SALDO AWAL", "L"),
             (150, 40, "10,000,000.00", "R")])
    for n, (day, words, amount, mark, balance) in enumerate(lines):
        if n == 3:
            pdf.row([(60, 90, "Bersambung ke Halaman berikut", "C")])
            _bca_head(pdf, period)
        pdf.row([(10, 15, day, "L"), (25, 70, words[0], "L"), (95, 12, "0998", "L"),
                 (107, 34, amount, "R"), (142, 7, mark, "L"), (150, 40, balance, "R")])
        for more in words[1:]:
            pdf.row([(25, 70, more, "L")])
    pdf.row([(10, 40, "SALDO AWAL :", "L"), (60, 40, "10,000,000.00", "R")])
    pdf.row([(10, 40, "MUTASI CR :", "L"), (60, 40, "2,504,700.00", "R"), (105, 10, "2", "L")])
    pdf.row([(10, 40, "MUTASI DB :", "L"), (60, 40, "1,230,900.00", "R"), (105, 10, "4", "L")])
    pdf.row([(10, 40, "SALDO AKHIR :", "L"), (60, 40, closing, "R")])
    if not text:  # a scan: the page as a picture, no text layer
        pdf = _Page(format="A4")
        pdf.add_page()
        pdf.rect(10, 10, 100, 40, style="F")
    pdf.output(str(path))
    return path


def test_a_bca_pdf_is_read_across_pages_with_continued_descriptions(tmp_path: Path) -> None:
    s = read_statement(str(bca_pdf(tmp_path / "bca.pdf")))
    assert (s.source, s.account_number, s.currency) == ("bca-pdf", "0123456789", "IDR")
    assert (s.opening, s.closing) == (1_000_000_000, 1_127_380_000)
    assert [(line.date, line.amount, line.balance) for line in s.lines] == [
        (D(2026, 1, 2), 250_000_000, None), (D(2026, 1, 2), -1_500_000, None),
        (D(2026, 1, 2), -1_500_000, 1_247_000_000), (D(2026, 1, 15), -120_000_000,
                                                     1_127_000_000),
        (D(2026, 1, 31), 470_000, None), (D(2026, 1, 31), -90_000, 1_127_380_000)]
    # the lines under a line continue its description; the page break adds nothing
    assert s.lines[0].description == "TRSF E-BANKING CR 0201/FTSCY/WS95051 INV-2026-001 PT MAJU JAYA"
    assert s.lines[2].description == "BIAYA ADM"
    assert s.lines[3].description == "TRSF E-BANKING DB 1501/FTFVA/WS95031 BILL-77 CV SUMBER"


def test_a_bca_pdf_imports_once_and_two_equal_fees_stay_two(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.xlsx"
    new_book("ledger", str(ledger), "en", chart="emkm")
    pdf = bca_pdf(tmp_path / "bca.pdf")
    first = import_statement(str(ledger), str(pdf), "1102")
    again = import_statement(str(ledger), str(pdf), "1102")
    assert (first.appended, again.appended, again.already) == (6, 0, 6)
    with open_book(str(ledger)) as book:
        lines = statement_lines(read_book(book).data)
    assert lines.filter(lines["description"] == "BIAYA ADM").height == 2


@pytest.mark.parametrize(("change", "words"), [
    # a debit's amount garbled in the text layer: the debits no longer add up
    (lambda lines: [lines[0], (*lines[1][:2], "16,000.00", *lines[1][3:]), *lines[2:]],
     "debits"),
    # a line lost: the credits no longer add up
    (lambda lines: [*lines[:4], *lines[5:]], "credits"),
])
def test_a_pdf_whose_lines_do_not_add_up_is_refused(tmp_path: Path, change, words: str) -> None:  # type: ignore[no-untyped-def]
    path = bca_pdf(tmp_path / "bca.pdf", lines=change(BCA_LINES))
    with pytest.raises(ActionRefused) as refused:
        read_statement(str(path))
    assert words in refused.value.render("en") and "CSV" in refused.value.render("en")
    assert "tidak bisa dibaca dengan andal" in refused.value.render("id")


def test_a_wrong_closing_balance_is_refused(tmp_path: Path) -> None:
    path = bca_pdf(tmp_path / "bca.pdf", closing="11,273,900.00")
    with pytest.raises(ActionRefused, match="closing balance"):
        read_statement(str(path))


def test_a_scanned_pdf_and_an_unknown_bank_pdf_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ActionRefused) as scanned:
        read_statement(str(bca_pdf(tmp_path / "scan.pdf", text=False)))
    assert "no text" in scanned.value.render("en") and "tidak berisi teks" in \
        scanned.value.render("id")
    bri = _Page(format="A4")
    bri.set_font("Helvetica", size=8)
    bri.add_page()
    bri.row([(10, 190, "LAPORAN TRANSAKSI FINANSIAL", "L")])
    bri.row([(10, 30, "Tanggal Transaksi", "L"), (40, 60, "Uraian Transaksi", "L"),
             (100, 20, "Teller", "L"), (120, 25, "Debet", "R"), (145, 25, "Kredit", "R"),
             (170, 25, "Saldo", "R")])
    bri.output(str(tmp_path / "bri.pdf"))
    with pytest.raises(ActionRefused) as unknown:
        read_statement(str(tmp_path / "bri.pdf"))
    assert "BRI" in unknown.value.render("en") and "CSV" in unknown.value.render("en")
    with pytest.raises(ActionRefused, match="not read"):
        read_statement(str(tmp_path / "bri.pdf"), bank="bri")


def test_a_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = bca_pdf(tmp_path / "bca.pdf")
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt("ddmmyy", algorithm="RC4-128")  # BCA locks e-statements with a birthday
    with open(tmp_path / "locked.pdf", "wb") as f:
        writer.write(f)
    with pytest.raises(ActionRefused, match="password"):
        read_statement(str(tmp_path / "locked.pdf"))


def test_a_mandiri_pdf_with_its_bilingual_summary(tmp_path: Path) -> None:
    pdf = _Page(format="A4")
    pdf.set_font("Helvetica", size=8)
    pdf.add_page()
    pdf.row([(10, 60, "Rekening Koran / Account Statement", "L")])
    pdf.row([(10, 60, "No. Rekening / Account No. : 1370012345678", "L")])
    pdf.row([(10, 90, "Periode / Period : 01/01/26 s/d 31/01/26", "L")])
    pdf.row([(10, 60, "Mata Uang / Currency : IDR", "L")])
    pdf.row([(10, 20, "Date", "L"), (30, 80, "Remarks", "L"), (110, 35, "Amount", "R"),
             (150, 40, "Balance", "R")])
    for day, text, amount, mark, balance in (
            ("05/01", "TRANSFER DARI PT MAJU JAYA INV-2026-001", "2,500,000.00", "", "12,500,000.00"),
            ("10/01", "PEMBAYARAN KE CV SUMBER BILL-77", "1,200,000.00", "D", "11,300,000.00"),
            ("31/01", "BIAYA ADM", "15,000.00", "D", "11,285,000.00")):
        pdf.row([(10, 20, day, "L"), (30, 80, text, "L"), (110, 35, amount, "R"),
                 (146, 4, mark, "L"), (150, 40, balance, "R")])
    for label, value in (("Saldo Awal / Previous Balance :", "10,000,000.00"),
                         ("Mutasi Kredit / Total of Credit Transactions :", "2,500,000.00"),
                         ("Mutasi Debit / Total of Debit Transactions :", "1,215,000.00"),
                         ("Saldo Akhir / Current Balance :", "11,285,000.00")):
        pdf.row([(10, 80, label, "L"), (90, 40, value, "R")])
    pdf.output(str(tmp_path / "mandiri.pdf"))
    s = read_statement(str(tmp_path / "mandiri.pdf"))
    assert (s.source, s.account_number, s.start, s.end) == (
        "mandiri-pdf", "1370012345678", D(2026, 1, 1), D(2026, 1, 31))
    assert [(line.date, line.amount, line.balance) for line in s.lines] == [
        (D(2026, 1, 5), 250_000_000, 1_250_000_000), (D(2026, 1, 10), -120_000_000,
                                                      1_130_000_000),
        (D(2026, 1, 31), -1_500_000, 1_128_500_000)]


OFX = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
<DTSERVER>20260201120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>IDR
<BANKACCTFROM><BANKID>014<ACCTID>0123456789<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260101<DTEND>20260131
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260105<TRNAMT>2500000.00<FITID>F001
<NAME>PT MAJU JAYA<MEMO>INV-2026-001</STMTTRN>
<STMTTRN><TRNTYPE>FEE<DTPOSTED>20260131<TRNAMT>-15000.00<FITID>F002<NAME>BIAYA ADM</STMTTRN>
<STMTTRN><TRNTYPE>FEE<DTPOSTED>20260131<TRNAMT>-15000.00<FITID>F003<NAME>BIAYA ADM</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>12470000.00<DTASOF>20260131</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""


def test_an_ofx_statement_with_its_balance_worked_back(tmp_path: Path) -> None:
    """An OFX 1.02 (SGML) file as the OFX 1.0.2 specification writes one."""
    path = tmp_path / "bank.ofx"
    path.write_text(OFX)
    s = read_statement(str(path))
    assert (s.source, s.account_number, s.currency) == ("ofx", "0123456789", "IDR")
    assert (s.opening, s.closing) == (1_000_000_000, 1_247_000_000)
    assert [(line.date, line.amount, line.balance, line.reference) for line in s.lines] == [
        (D(2026, 1, 5), 250_000_000, 1_250_000_000, "F001"),
        (D(2026, 1, 31), -1_500_000, 1_248_500_000, "F002"),
        (D(2026, 1, 31), -1_500_000, 1_247_000_000, "F003")]
    assert s.lines[0].description == "PT MAJU JAYA INV-2026-001"
    broken = tmp_path / "broken.ofx"
    broken.write_text(OFX.replace("<TRNAMT>2500000.00", "<TRNAMT>2.500.000,00"))
    with pytest.raises(ActionRefused, match="OFX"):
        read_statement(str(broken))
