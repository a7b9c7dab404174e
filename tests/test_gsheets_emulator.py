"""The Sheets/Drive emulator answers as Google did in gspread's recordings of real traffic.

The emulator stands in for Google, which cannot be reached here; these tests pin it to
recorded real answers (gspread v6.2.1's cassettes, in the shared reference folder) so
that it is not shaped to our own connector."""

from __future__ import annotations

import pytest
import requests
from backoffice.addin.gsheets import a1
from backoffice.addin.gsheets.emulator import Emulator, parse_mask
from gsheets_replay import CASSETTES, replay

CASES = sorted(CASSETTES.glob("*.json"))


@pytest.fixture(scope="module")
def emulator():
    with Emulator() as emu:
        yield emu


@pytest.mark.skipif(not CASES, reason=f"gspread's cassettes are not at {CASSETTES}")
@pytest.mark.parametrize("cassette", CASES, ids=lambda p: p.stem)
def test_replayed_cassette_matches_google(emulator, cassette):
    outcome = replay(emulator, cassette)
    assert outcome.total > 0
    assert outcome.differences == [], "\n".join(outcome.differences)


def test_a1_quoting_and_parsing():
    assert a1.quote_title("Sheet1") == "Sheet1"
    assert a1.quote_title("D3") == "'D3'"
    assert a1.quote_title("It's") == "'It''s'"
    rng = a1.parse("'It''s'!B2:A1")
    assert (rng.title, rng.r0, rng.c0, rng.r1, rng.c1) == ("It's", 0, 0, 2, 2)
    assert a1.parse("Journal").whole
    assert a1.parse("A:A").r0 is None


def test_field_mask_groups_and_slashes():
    assert parse_mask("sheets(properties,data.rowData.values.note)") == {
        "sheets": {"properties": {}, "data": {"rowData": {"values": {"note": {}}}}}}
    assert parse_mask("gridProperties/frozenRowCount,title") == {
        "gridProperties": {"frozenRowCount": {}}, "title": {}}


def test_faults_are_injected_then_cleared(emulator):
    emulator.reset()
    file_id = emulator.create("Book", {"Sheet1": [["a"]]})
    url = f"{emulator.base_url}/v4/spreadsheets/{file_id}?includeGridData=false"
    emulator.fail(429, times=1)
    emulator.fail(500, times=1)
    first, second, third = (requests.get(url, timeout=5) for _ in range(3))
    assert first.status_code == 429 and first.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert second.status_code == 500
    assert third.status_code == 200
    emulator.fail(drop=True)
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
    assert emulator.count(file_id) == 4


def test_batch_update_is_all_or_nothing(emulator):
    emulator.reset()
    file_id = emulator.create("Book", {"Sheet1": [["keep"]]})
    url = f"{emulator.base_url}/v4/spreadsheets/{file_id}"
    cell = {"userEnteredValue": {"stringValue": "gone"}}
    bad = {"requests": [{"updateCells": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1,
                                                   "startColumnIndex": 0, "endColumnIndex": 1},
                                         "rows": [{"values": [cell]}], "fields": "userEnteredValue"}},
                        {"addSheet": {"properties": {"title": "Sheet1"}}}]}
    answer = requests.post(url + ":batchUpdate", json=bad, timeout=5)
    assert answer.status_code == 400 and "already exists" in answer.json()["error"]["message"]
    values = requests.get(url + "/values/Sheet1", timeout=5).json()
    assert values["values"] == [["keep"]]


def test_raw_keeps_text_and_formulas_as_text(emulator):
    emulator.reset()
    file_id = emulator.create("Book")
    url = f"{emulator.base_url}/v4/spreadsheets/{file_id}/values/Sheet1!A1"
    requests.put(url + "?valueInputOption=RAW", json={"values": [["0042", "=1+1", 7]]}, timeout=5)
    got = requests.get(url.replace("!A1", "") + "?valueRenderOption=UNFORMATTED_VALUE", timeout=5).json()
    assert got["values"] == [["0042", "=1+1", 7]]


def test_charts_are_added_read_back_and_deleted(emulator):
    """addChart stores the chart (read back under sheets[].charts), refuses what Google
    refuses (a range off the grid, a chart id in use, two chart kinds), and
    deleteEmbeddedObject removes it, refusing an id that is not there; all or nothing."""
    emulator.reset()
    file_id = emulator.create("Book", {"Sheet1": [["Month", "Sales"], ["Jan", 5], ["Feb", 7]]})
    url = f"{emulator.base_url}/v4/spreadsheets/{file_id}"

    def chart(chart_id, rows=3, **extra):
        source = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": rows,
                  "startColumnIndex": 1, "endColumnIndex": 2}
        return {"addChart": {"chart": {"chartId": chart_id, "spec": {"title": "Sales", "basicChart": {
            "chartType": "COLUMN", "headerCount": 1,
            "domains": [{"domain": {"sourceRange": {"sources": [{**source, "startColumnIndex": 0,
                                                                  "endColumnIndex": 1}]}}}],
            "series": [{"series": {"sourceRange": {"sources": [source]}}}]}, **extra},
            "position": {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 0,
                                                            "columnIndex": 3}}}}}}

    def post(*requests_):
        return requests.post(url + ":batchUpdate", json={"requests": list(requests_)}, timeout=5)

    def charts():
        got = requests.get(url + "?fields=sheets(charts(chartId,spec.title))", timeout=5).json()
        return got["sheets"][0].get("charts", [])

    answer = post(chart(11))
    assert answer.status_code == 200 and answer.json()["replies"][0]["addChart"]["chart"]["chartId"] == 11
    assert charts() == [{"chartId": 11, "spec": {"title": "Sales"}}]
    answer = post(chart(11))
    assert answer.status_code == 400 and "already exists" in answer.json()["error"]["message"]
    for bad, said in ((chart(12, rows=5000), "exceeds grid limits"),
                      (chart(13, pieChart={}), "exactly one chart type")):
        answer = post({"deleteEmbeddedObject": {"objectId": 11}}, bad)
        assert answer.status_code == 400 and said in answer.json()["error"]["message"], answer.text
        assert charts() == [{"chartId": 11, "spec": {"title": "Sales"}}]  # nothing applied
    answer = post({"deleteEmbeddedObject": {"objectId": 99}})
    assert answer.status_code == 400 and "No object with id 99" in answer.json()["error"]["message"]
    assert post({"deleteEmbeddedObject": {"objectId": 11}}, chart(12)).status_code == 200
    assert [c["chartId"] for c in charts()] == [12]
