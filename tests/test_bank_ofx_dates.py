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
