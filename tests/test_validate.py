"""The column checks Check runs in polars give exactly pandera's failures for the same schema."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.schema import Field, Kind, SheetSchema
from backoffice.validate import failure_cases, pandera_failure_cases

SCHEMA = SheetSchema("sample", "Sample", "Contoh", (
    Field("code", "Code", "Kode", Kind.CODE, required=True, unique=True),
    Field("amount", "Amount", "Jumlah", Kind.AMOUNT, nonnegative=True),
    Field("month", "Month", "Bulan", Kind.INTEGER, min_value=1, max_value=12),
    Field("note", "Note", "Catatan", Kind.TEXT),
))


@given(st.lists(st.tuples(st.none() | st.sampled_from(["1101", "1102", "4101", "0042"]),
                          st.none() | st.integers(-10**12, 10**12),
                          st.none() | st.integers(-3, 15),
                          st.none() | st.text(max_size=3)), max_size=40))
@settings(max_examples=60, deadline=None)
def test_native_checks_equal_panderas(rows):
    frame = pl.DataFrame(rows, schema={"code": pl.String, "amount": pl.Int64, "month": pl.Int64,
                                       "note": pl.String}, orient="row")

    def flat(failures: pl.DataFrame) -> set[tuple[object, ...]]:
        return set(failures.select("column", "check", "index", "failure_case").iter_rows())

    # The one deliberate difference: pandera counts blank cells as duplicates of each
    # other; Check reports a blank key once, as required-missing, not also as a duplicate.
    pandera = pandera_failure_cases(SCHEMA, frame).filter(
        ~((pl.col("check") == "field_uniqueness") & pl.col("failure_case").is_null()))
    assert flat(failure_cases(SCHEMA, frame)) == flat(pandera)
