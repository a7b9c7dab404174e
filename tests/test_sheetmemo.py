"""The warm worker keeps read sheets (backoffice.sheetmemo): a changed cell is read again.

The demo ledger's grid (read from the real .xlsx with openpyxl, as a client reads its open
document) goes through the worker's own ``run`` as a click sends it. Every outcome with the
memo on is compared with the outcome of the same grid with the memo off (the cold path)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from backoffice.addin import worker
from test_grid_book import grid_from_xlsx

from backoffice import sheetmemo
from backoffice.demo import run_demo


@pytest.fixture(scope="module")
def demo_grid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder: Path = tmp_path_factory.mktemp("demo")
    run_demo(str(folder), "en")
    return grid_from_xlsx(folder / "ledger.xlsx")


@pytest.fixture
def memo():
    sheetmemo.enable()
    yield
    sheetmemo.enable(False)


def click(grid: dict[str, Any], action: str = "check") -> dict[str, Any]:
    answer = worker.run({"action": action, "grid": grid, "name": "ledger.xlsx", "lang": "en"})
    answer.pop("seconds", None)
    return answer


def cold(grid: dict[str, Any], action: str = "check") -> dict[str, Any]:
    """The answer with nothing kept (a worker just started)."""
    on = sheetmemo.enabled()
    sheetmemo.enable(False)
    try:
        return click(grid, action)
    finally:
        sheetmemo.enable(on)


def changed(grid: dict[str, Any], sheet: str, ref: tuple[int, int], value: Any,
            kind: str) -> dict[str, Any]:
    out = copy.deepcopy(grid)
    row, column = ref
    out[sheet]["values"][row][column] = value
    out[sheet]["kinds"][row][column] = kind
    return out


def test_an_unchanged_book_is_served_from_the_memo_with_the_same_answer(demo_grid, memo):
    first = click(demo_grid)
    assert sheetmemo.stats()["hits"] == 0
    again = click(copy.deepcopy(demo_grid))
    stats = sheetmemo.stats()
    assert stats["hits"] >= 10 and stats["misses"] == stats["entries"]
    assert again == first == cold(demo_grid)
    # the plan still knows every sheet it was made from (the client's staleness check)
    assert first["plan"]["read"] == again["plan"]["read"]


def test_a_changed_value_on_an_unchanged_looking_sheet_is_checked_again(demo_grid, memo):
    click(demo_grid)
    accounts = demo_grid["Accounts"]
    column = accounts["values"][0].index("Type")
    broken = changed(demo_grid, "Accounts", (3, column), "Nonsense", "text")
    misses = sheetmemo.stats()["misses"]
    answer = click(broken)
    assert sheetmemo.stats()["misses"] == misses + 1  # Accounts, and only it, read again
    assert answer["exit_code"] == 1
    assert any("Nonsense" in line for line in answer["problems"]["en"])
    assert answer == cold(broken)
    # and back: the first content is still kept, and clean again
    assert click(demo_grid)["exit_code"] == 0


def test_a_changed_kind_with_the_same_value_is_checked_again(demo_grid, memo):
    """The fingerprint covers kinds: "#N/A" typed as text is a name, as an error a problem."""
    column = demo_grid["Accounts"]["values"][0].index("Name")
    as_text = changed(demo_grid, "Accounts", (3, column), "#N/A", "text")
    as_error = changed(demo_grid, "Accounts", (3, column), "#N/A", "error")
    assert click(as_text)["exit_code"] == 0
    answer = click(as_error)
    assert answer["exit_code"] == 1, answer["lines"]
    assert any("#N/A" in line for line in answer["problems"]["en"])
    assert answer == cold(as_error)
    assert click(as_text) == cold(as_text)


def test_post_after_a_served_check_plans_what_a_cold_worker_plans(demo_grid, memo):
    """A sheet served from the memo still counts as read (fingerprint, header for row IDs)."""
    click(demo_grid)
    hits = sheetmemo.stats()["hits"]
    served = click(demo_grid, "post")
    assert sheetmemo.stats()["hits"] > hits
    assert served["plan"] and served == cold(demo_grid, "post")


def test_what_a_caller_adds_to_a_served_sheet_does_not_reach_the_next(demo_grid, memo):
    from backoffice.books import GridBook
    from backoffice.checking import read_book

    read_book(GridBook(demo_grid))
    first = read_book(GridBook(demo_grid))
    journal = first.data.sheets["journal"]
    journal.flagged.add((99999, "Z"))
    journal.letters["extra"] = "Z"
    second = read_book(GridBook(demo_grid)).data.sheets["journal"]
    assert (99999, "Z") not in second.flagged and "extra" not in second.letters
