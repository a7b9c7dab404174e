"""Replay gspread's recordings of real Google traffic against the emulator (fidelity oracle).

The cassettes (``/work/shared/gspread_cassettes``, or ``$GSPREAD_CASSETTES``) are copied
from burnash/gspread v6.2.1, recorded against live Google by gspread's maintainers. Each
request is sent as recorded, with the recorded spreadsheet and sheet ids mapped to the ones
the emulator gave; the answers are compared after normalising ids and timestamps.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

CASSETTES = Path(os.environ.get("GSPREAD_CASSETTES", "/work/shared/gspread_cassettes"))
VOLATILE = {"createdTime", "modifiedTime", "spreadsheetUrl", "defaultFormat", "spreadsheetTheme"}


@dataclass
class Outcome:
    cassette: str
    total: int = 0
    same: int = 0
    differences: list[str] = field(default_factory=list)


def _normal(value: Any, ids: dict[str, str], sheet_ids: dict[int, int]) -> Any:
    if isinstance(value, dict):
        return {k: _normal(v, ids, sheet_ids) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_normal(v, ids, sheet_ids) for v in value]
    if isinstance(value, str):
        for old, new in ids.items():
            value = value.replace(old, new)
        return value
    return value


def _learn_sheet_ids(recorded: Any, actual: Any, sheet_ids: dict[int, int]) -> None:
    """Map recorded random sheetIds to the emulator's, walking both answers side by side."""
    if isinstance(recorded, dict) and isinstance(actual, dict):
        for key, value in recorded.items():
            if key == "sheetId" and isinstance(value, int) and isinstance(actual.get(key), int):
                sheet_ids.setdefault(value, actual[key])
            elif key in actual:
                _learn_sheet_ids(value, actual[key], sheet_ids)
    elif isinstance(recorded, list) and isinstance(actual, list):
        for a, b in zip(recorded, actual, strict=False):
            _learn_sheet_ids(a, b, sheet_ids)


def _map_sheet_ids(value: Any, sheet_ids: dict[int, int]) -> Any:
    if isinstance(value, dict):
        return {k: (sheet_ids.get(v, v) if k == "sheetId" and isinstance(v, int)
                    else _map_sheet_ids(v, sheet_ids)) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_sheet_ids(v, sheet_ids) for v in value]
    return value


def replay(emulator: Any, path: Path) -> Outcome:
    """Replay one cassette on a reset emulator; DELETE answers are only checked for status."""
    emulator.reset()
    outcome = Outcome(path.name)
    ids: dict[str, str] = {}
    sheet_ids: dict[int, int] = {}
    session = requests.Session()
    for n, interaction in enumerate(json.loads(path.read_text())["interactions"]):
        req, res = interaction["request"], interaction["response"]
        uri = re.sub(r"^https://[^/]+", "", req["uri"])
        recorded_id = re.search(r"/(?:spreadsheets|files)/([A-Za-z0-9_-]+)", uri)
        if recorded_id and recorded_id[1] not in ids and res["status"]["code"] == 403:
            emulator.create(file_id=recorded_id[1])  # someone else's file, not shared with us
            emulator.restrict(recorded_id[1])
        for old, new in ids.items():
            uri = uri.replace(old, new)
        body = req["body"]
        if body:
            data = _map_sheet_ids(json.loads(body), sheet_ids)
            body = json.dumps(data)
            for old, new in ids.items():
                body = body.replace(old, new)
        headers = {"Content-Type": "application/json"} if body else {}
        answer = session.request(req["method"], emulator.base_url + uri, data=body, headers=headers)
        expected_text = res["body"]["string"]
        expected = json.loads(expected_text) if expected_text else None
        actual = answer.json() if answer.content else None
        if req["method"] == "POST" and uri.startswith("/drive/v3/files?") and actual and expected:
            ids[expected["id"]] = actual["id"]
        if expected is not None and actual is not None:
            _learn_sheet_ids(expected, actual, sheet_ids)
        outcome.total += 1
        left = (res["status"]["code"], _normal(_map_sheet_ids(expected, sheet_ids), ids, sheet_ids))
        right = (answer.status_code, _normal(actual, ids, sheet_ids))
        if req["method"] == "DELETE":
            left, right = left[0], right[0]
        if left == right:
            outcome.same += 1
        else:
            outcome.differences.append(f"#{n} {req['method']} {uri[:100]}: expected {str(left)[:300]} "
                                       f"got {str(right)[:300]}")
    return outcome
