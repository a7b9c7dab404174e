"""OFX posted dates are the bank's own calendar day as written, whatever zone the file
gives (the OFX specification: the date and time are local to the offset in brackets): never
converted through UTC to another zone's day. Real OFX 1.02 (SGML) files through the public
reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backoffice.bank.readers import read_statement

HEADER = """OFXHEADER:100
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
<DTSERVER>20250201120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>IDR
<BANKACCTFROM><BANKID>014<ACCTID>0123456789<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>{start}<DTEND>{end}
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>{posted}<TRNAMT>1000.00<FITID>F001<NAME>X</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>5000.00<DTASOF>20250201</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""


@pytest.mark.parametrize(("posted", "day"), [
    # 17:00 EST on the 31st is 22:00 UTC the same day: the 31st either way
    ("20250131170000.000[-5:EST]", dt.date(2025, 1, 31)),
    # 21:00 EST on the 31st is 02:00 UTC on 1 February: still the bank's 31st
    ("20250131210000.000[-5:EST]", dt.date(2025, 1, 31)),
    # 02:00 WIB on 1 February is 19:00 UTC on the 31st: the bank's day is the 1st
    ("20250201020000[+7:WIB]", dt.date(2025, 2, 1)),
    # 23:30 WIB on the 31st (16:30 UTC): the 31st
    ("20250131233000[+7:WIB]", dt.date(2025, 1, 31)),
    # UTC given as such: its own day
    ("20250131233000[0:GMT]", dt.date(2025, 1, 31)),
    # no offset: the date as written
    ("20250131233000", dt.date(2025, 1, 31)),
    ("20250131", dt.date(2025, 1, 31)),
])
def test_the_posted_day_is_the_one_written(tmp_path: Path, posted: str, day: dt.date) -> None:
    path = tmp_path / "bank.ofx"
    path.write_text(HEADER.format(posted=posted, start="20250101", end=posted))
    statement = read_statement(str(path))
    assert [line.date for line in statement.lines] == [day]
    assert (statement.start, statement.end) == (dt.date(2025, 1, 1), day)


# OFX 2.2 (XML): the XML declaration, then the OFX processing instruction with the header's
# attributes (OFX 2.2 specification, 2.2 "Open Financial Exchange Headers"); every element
# closed; a bank statement response (STMTTRNRS > STMTRS) with two postings in WIB.
XML = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <SIGNONMSGSRSV1>
    <SONRS>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <DTSERVER>20260302090000.000[+7:WIB]</DTSERVER>
      <LANGUAGE>ENG</LANGUAGE>
    </SONRS>
  </SIGNONMSGSRSV1>
  <BANKMSGSRSV1>
    <STMTTRNRS>
      <TRNUID>1001</TRNUID>
      <STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
      <STMTRS>
        <CURDEF>IDR</CURDEF>
        <BANKACCTFROM>
          <BANKID>014</BANKID>
          <ACCTID>8880012345</ACCTID>
          <ACCTTYPE>CHECKING</ACCTTYPE>
        </BANKACCTFROM>
        <BANKTRANLIST>
          <DTSTART>20260201000000.000[+7:WIB]</DTSTART>
          <DTEND>20260228235959.000[+7:WIB]</DTEND>
          <STMTTRN>
            <TRNTYPE>CREDIT</TRNTYPE>
            <DTPOSTED>20260201033000.000[+7:WIB]</DTPOSTED>
            <TRNAMT>2500000.00</TRNAMT>
            <FITID>20260201-001</FITID>
            <NAME>TRSF PT MAJU JAYA</NAME>
            <MEMO>INV 0042</MEMO>
          </STMTTRN>
          <STMTTRN>
            <TRNTYPE>DEBIT</TRNTYPE>
            <DTPOSTED>20260228231500.000[+7:WIB]</DTPOSTED>
            <TRNAMT>-750000.00</TRNAMT>
            <FITID>20260228-002</FITID>
            <CHECKNUM>000117</CHECKNUM>
            <NAME>BIAYA LISTRIK</NAME>
          </STMTTRN>
        </BANKTRANLIST>
        <LEDGERBAL>
          <BALAMT>11750000.00</BALAMT>
          <DTASOF>20260228235959.000[+7:WIB]</DTASOF>
        </LEDGERBAL>
      </STMTRS>
    </STMTTRNRS>
  </BANKMSGSRSV1>
</OFX>
"""


def test_an_ofx_2_xml_statement_is_read_with_its_days_as_written(tmp_path: Path) -> None:
    """03:30 WIB on 1 February is 20:30 UTC on 31 January, and 23:15 WIB on 28 February
    16:15 UTC the same day: the bank's days are the 1st and the 28th, as written."""
    path = tmp_path / "bank.ofx"
    path.write_text(XML, encoding="utf-8")
    statement = read_statement(str(path))
    assert statement.currency == "IDR" and statement.account_number == "8880012345"
    assert [(line.date, line.amount, line.description, line.reference, line.balance)
            for line in statement.lines] == [
        (dt.date(2026, 2, 1), 250_000_000, "TRSF PT MAJU JAYA INV 0042", "20260201-001",
         1_250_000_000),
        (dt.date(2026, 2, 28), -75_000_000, "BIAYA LISTRIK", "000117", 1_175_000_000)]
    assert (statement.opening, statement.closing) == (1_000_000_000, 1_175_000_000)
    assert (statement.start, statement.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


@pytest.mark.parametrize("variant", ["bom", "no-xml-declaration", "crlf"])
def test_an_ofx_2_file_as_windows_programs_save_it(tmp_path: Path, variant: str) -> None:
    """A UTF-8 byte-order mark (Notepad, Excel's "UTF-8" saves), the OFX instruction without
    the XML declaration before it, CRLF line ends: the same statement (before, the first two
    were refused as "OFX header is malformed")."""
    text = {"bom": "\ufeff" + XML, "no-xml-declaration": XML.split("\n", 1)[1],
            "crlf": XML.replace("\n", "\r\n")}[variant]
    path = tmp_path / "bank.ofx"
    path.write_bytes(text.encode("utf-8"))
    statement = read_statement(str(path))
    assert [line.date for line in statement.lines] == [dt.date(2026, 2, 1), dt.date(2026, 2, 28)]
    assert statement.closing == 1_175_000_000
