"""The matching rules on frames built by hand (issue 24)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from backoffice.bank.matching import MAX_CANDIDATES, match

D = dt.date


def _lines(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"id": pl.Int64, "date": pl.Date, "amount": pl.Int64,
                                      "description": pl.String}, orient="row")


def _postings(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame([(p, d, a, p, t) for p, d, a, t in rows],
                        schema={"pid": pl.String, "date": pl.Date, "amount": pl.Int64,
                                "entry": pl.String, "description": pl.String}, orient="row")


def test_twin_fees_pair_in_order_and_the_nearest_date_wins() -> None:
    found = match(
        _lines([(1, D(2026, 1, 2), -15_000, "BIAYA ADM"), (2, D(2026, 1, 2), -15_000,
                                                            "BIAYA ADM"),
                (3, D(2026, 1, 9), -70_000, "TRSF")]),
        _postings([("F-1", D(2026, 1, 2), -15_000, ""), ("F-2", D(2026, 1, 2), -15_000, ""),
                   ("P-9", D(2026, 1, 5), -70_000, ""), ("P-8", D(2026, 1, 7), -70_000, "")]))
    assert found.found == {1: (["F-1"], "same day"), 2: (["F-2"], "same day"),
                           3: (["P-8"], "date window")}


def test_reference_in_the_description_beats_a_nearer_date() -> None:
    found = match(_lines([(1, D(2026, 1, 5), 250_000, "TRF DARI PT ABADI INV-2026-002")]),
                  _postings([("JE-7", D(2026, 1, 5), 250_000, "Receipt INV-2026-001"),
                             ("JE-8", D(2026, 1, 3), 250_000, "Receipt INV-2026-002")]))
    assert found.found == {1: (["JE-8"], "reference")}


def test_outside_the_window_is_no_match() -> None:
    found = match(_lines([(1, D(2026, 1, 10), 5_000, "x")]),
                  _postings([("JE-1", D(2026, 1, 6), 5_000, "")]), window=3)
    assert found.found == {} and found.limit_hit == 0


def test_a_deposit_of_three_receipts() -> None:
    found = match(_lines([(1, D(2026, 1, 10), 600, "SETORAN")]),
                  _postings([("R-1", D(2026, 1, 9), 100, ""), ("R-2", D(2026, 1, 10), 200, ""),
                             ("R-3", D(2026, 1, 10), 300, ""),
                             ("R-4", D(2026, 1, 10), 1_000, "")]))
    assert found.found == {1: (["R-1", "R-2", "R-3"], "several postings")}


def test_the_search_limit_is_reported_when_hit() -> None:
    many = [(f"R-{i}", D(2026, 1, 10), 1_000 + i * 7, "") for i in range(MAX_CANDIDATES + 3)]
    found = match(_lines([(1, D(2026, 1, 10), 3, "SETORAN")]).with_columns(
        pl.lit(10**9, pl.Int64).alias("amount")), _postings(many))
    assert found.found == {} and found.limit_hit == 1


def test_a_transfer_returned_by_the_bank_matches_the_payment_and_its_reversal() -> None:
    found = match(
        _lines([(1, D(2026, 1, 5), -300_000, "TRSF KE CV SALAH"),
                (2, D(2026, 1, 7), 300_000, "RETUR TRSF CV SALAH")]),
        _postings([("P-1", D(2026, 1, 5), -300_000, "Pay CV Salah"),
                   ("P-1R", D(2026, 1, 6), 300_000, "Reversal of P-1")]))
    assert found.found == {1: (["P-1"], "same day"), 2: (["P-1R"], "date window")}
