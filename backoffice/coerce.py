"""Coercion: raw cells in, typed values and cell problems out.

Each field kind has one reader. Readers are vectorised (polars) on the common
path: a column Excel already holds as numbers or dates. Text that must be
interpreted (``Rp 1.500.000,00``, ``05/03/2026``) goes through Python, once per
distinct value.

Numbers from Excel are IEEE doubles. They are turned into exact values at once,
through their shortest decimal representation, rounded to 15 significant digits
first: that is what Excel itself shows and keeps, and it removes float noise such
as ``0.30000000000000004`` from ``=0.1+0.2``. Amounts become integer minor units
of their row's currency; a value with more decimals than the currency has is a
problem, never silently rounded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.issues import Localized
from backoffice.locales import MONTHS, Locale
from backoffice.schema import Field, Kind

#: Largest whole part of an amount kept exactly: Excel's 15 significant digits.
MAX_WHOLE_DIGITS = 15

_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
_MIN_YEAR, _MAX_YEAR = 1900, 2199


@dataclass(frozen=True, slots=True)
class CellIssue:
    """A problem found while reading one cell: the frame position, code, shown value, params."""

    index: int
    code: str
    value: str | None
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    """What coercion needs to know about the book."""

    locale: Locale
    base_currency: str
    date1904: bool
    lang: str


@dataclass
class Coerced:
    """A coerced column: typed values (None where unreadable) and the problems found."""

    values: pl.Series
    issues: list[CellIssue]


# -- helpers to split a raw column into its parts ---------------------------------

def nulls(height: int, dtype: pl.DataType | type[pl.DataType]) -> pl.Series:
    """A column of ``height`` nulls (built natively: a Python list of Nones is slow)."""
    return pl.repeat(None, height, dtype=dtype, eager=True)


def falses(height: int) -> pl.Series:
    return pl.repeat(False, height, dtype=pl.Boolean, eager=True)


def _parts(raw: pl.Series) -> dict[str, pl.Series]:
    """A raw column as its number/text/date/bool parts (each null where not of that kind)."""
    height = len(raw)
    empty = {
        "number": nulls(height, pl.Float64),
        "text": nulls(height, pl.String),
        "date": nulls(height, pl.Datetime("ms")),
        "bool": nulls(height, pl.Boolean),
    }
    dtype = raw.dtype
    if isinstance(dtype, pl.Struct):
        return {name: raw.struct.field(name) for name in empty}
    if dtype.is_numeric():
        empty["number"] = raw.cast(pl.Float64)
    elif dtype == pl.String:
        empty["text"] = raw
    elif dtype == pl.Datetime or dtype == pl.Date:
        empty["date"] = raw.cast(pl.Datetime("ms"))
    elif dtype == pl.Boolean:
        empty["bool"] = raw
    elif dtype != pl.Null:
        empty["text"] = raw.cast(pl.String)
    return empty


def is_blank(raw: pl.Series) -> pl.Series:
    """True where a raw cell is empty (null, or text of only spaces)."""
    parts = _parts(raw)
    text_blank = parts["text"].is_null() | parts["text"].str.contains(r"^\s*$")
    return (parts["number"].is_null() & text_blank & parts["date"].is_null()
            & parts["bool"].is_null())


def _clean_text(text: pl.Series) -> pl.Series:
    stripped = text.str.strip_chars()
    return pl.select(pl.when(stripped == "").then(None).otherwise(stripped)).to_series()


def _clean_free_text(text: pl.Series) -> pl.Series:
    """Free text, stripped, except the leading spaces before a formula character (=, +, -,
    @): in a spreadsheet they are what keeps `` =1+1`` text, so Sync carries them to the
    other books as they are (issue 15; see :mod:`backoffice.formula_text`)."""
    guarded = text.str.contains(r"^\s+[=+\-@]")
    if not guarded.any():
        return _clean_text(text)
    kept = pl.select(pl.when(guarded).then(text.str.strip_chars_end())
                     .otherwise(text.str.strip_chars())).to_series()
    return pl.select(pl.when(kept == "").then(None).otherwise(kept)).to_series()


def _number_text(number: pl.Series) -> pl.Series:
    """Numbers as the text Excel shows: 15 significant digits, no float noise, no ".0"."""
    return pl.Series(
        [None if x is None else _excel_number_text(x) for x in number.to_list()]
        if number.null_count() < len(number) and _needs_python(number)
        else number.cast(pl.String).str.replace(r"\.0$", ""),
        dtype=pl.String,
    )


def _needs_python(number: pl.Series) -> bool:
    """True when some value has an exponent or more than 15 significant digits."""
    text = number.drop_nulls().cast(pl.String)
    digits = text.str.replace_all(r"[^0-9]", "").str.strip_chars_start("0").str.len_chars()
    return bool(text.str.contains("e").any() or (digits > 15).any())


def _excel_number_text(value: float) -> str:
    text = format(Decimal(format(value, ".15g")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _shown(value: object) -> str:
    if isinstance(value, float):
        return _excel_number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return str(value)


def _wrong_kind(parts: dict[str, pl.Series], allowed: set[str], code: str,
                params: Callable[[object], dict[str, object]] | None = None) -> list[CellIssue]:
    """An issue for every cell whose kind is not among ``allowed``."""
    issues = []
    for kind, series in parts.items():
        if kind in allowed:
            continue
        positions = series.is_not_null().arg_true()
        for index in positions.to_list():
            value = series[index]
            extra = params(value) if params else {}
            issues.append(CellIssue(index, code, _shown(value), tuple(extra.items())))
    return issues


# -- the readers -----------------------------------------------------------------

def read_text(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    """Free text and codes: numbers become their integral text (1101, never 1101.0)."""
    parts = _parts(raw)
    text = (_clean_free_text if field.kind == Kind.TEXT else _clean_text)(parts["text"])
    if parts["number"].null_count() < len(raw):
        text = text.fill_null(_number_text(parts["number"]))
    if parts["date"].null_count() < len(raw):
        text = text.fill_null(parts["date"].dt.date().cast(pl.String))
    if parts["bool"].null_count() < len(raw):
        text = text.fill_null(parts["bool"].cast(pl.String).str.to_uppercase())
    return Coerced(text, [])


def read_identity(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    """Identity numbers: text only; a number has lost or may lose digits."""
    parts = _parts(raw)
    issues = _wrong_kind(parts, {"text"}, "identity-is-number")
    return Coerced(_clean_text(parts["text"]), issues)


def read_choice(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    """A closed list: any label or alias, in English or Indonesian, to its stored value."""
    text = read_text(raw, field, ctx).values
    lookup = field.choice_lookup()
    from backoffice.schema import normalize_name

    mapping = {value: lookup.get(normalize_name(value)) for value in text.drop_nulls().unique()}
    values = text.replace_strict(mapping, default=None, return_dtype=pl.String) \
        if mapping else text
    labels = Localized(", ".join(c.en for c in field.choices), ", ".join(c.id for c in field.choices))
    issues = [CellIssue(i, "not-in-list", text[i], (("choices", labels),))
              for i in (values.is_null() & text.is_not_null()).arg_true().to_list()]
    return Coerced(values, issues)


def read_currency(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    """ISO 4217 codes; blank means the base currency."""
    text = read_text(raw, field, ctx).values.str.to_uppercase()
    known = pl.Series(sorted(money.currency_exponents()), dtype=pl.String)
    bad = text.is_not_null() & ~text.is_in(known.implode())
    issues = [CellIssue(i, "unknown-currency", text[i], (("base", ctx.base_currency),))
              for i in bad.arg_true().to_list()]
    return Coerced(text, issues)


def read_boolean(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    parts = _parts(raw)
    words = {"yes": True, "ya": True, "y": True, "true": True, "benar": True, "x": True, "1": True,
             "no": False, "tidak": False, "n": False, "false": False, "salah": False, "0": False}
    text = _clean_text(parts["text"]).str.to_lowercase()
    values = text.replace_strict(words, default=None, return_dtype=pl.Boolean)
    values = values.fill_null(parts["bool"]).fill_null(parts["number"].cast(pl.Boolean))
    issues = [CellIssue(i, "not-in-list", text[i], (("choices", "yes, no / ya, tidak"),))
              for i in (values.is_null() & text.is_not_null()).arg_true().to_list()]
    issues += _wrong_kind({"date": parts["date"]}, set(), "not-in-list",
                          lambda _v: {"choices": "yes, no / ya, tidak"})
    return Coerced(values, issues)


def read_integer(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    parts = _parts(raw)
    number = parts["number"]
    text = _clean_text(parts["text"])
    parsed = {t: money.decimal_or_none(t.replace(ctx.locale.group, "")) for t in text.drop_nulls().unique()}
    from_text = text.replace_strict({k: float(v) if v is not None else None for k, v in parsed.items()},
                                    default=None, return_dtype=pl.Float64) if parsed else number
    combined = number.fill_null(from_text)
    whole = combined.is_not_null() & (combined.round(0) == combined)
    values = pl.select(pl.when(whole).then(combined).otherwise(None)).to_series().cast(pl.Int64)
    issues = []
    for i in (combined.is_not_null() & ~whole).arg_true().to_list():
        issues.append(CellIssue(i, "not-a-whole-number", _shown(combined[i])))
    for i in (text.is_not_null() & from_text.is_null()).arg_true().to_list():
        issues.append(CellIssue(i, "not-a-number", text[i]))
    issues += _wrong_kind({"date": parts["date"], "bool": parts["bool"]}, set(), "not-a-number")
    return Coerced(values, issues)


def read_number(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    """An exact decimal (rates, quantities), kept as text of the Decimal for exactness."""
    parts = _parts(raw)
    shown = _number_text(parts["number"])
    text = _clean_text(parts["text"])
    issues = []
    values: list[str | None] = shown.to_list()
    for i, t in enumerate(text.to_list()):
        if t is None:
            continue
        result = money.parse_amount_text(t, ctx.locale)
        if result.value is None:
            issues.append(CellIssue(i, "not-a-number", t))
        elif mismatch := _foreign_mark(result, ctx.base_currency):
            issues.append(mismatch(i, t))  # a rate or quantity is never read past a mark
        else:
            values[i] = str(result.value)
    issues += _wrong_kind({"date": parts["date"], "bool": parts["bool"]}, set(), "not-a-number")
    return Coerced(pl.Series(values, dtype=pl.String), issues)


def read_date(raw: pl.Series, field: Field, ctx: Context) -> Coerced:
    """Dates: Excel dates, date serials (1900 or 1904 system), or text in the book's locale."""
    parts = _parts(raw)
    values = parts["date"].dt.date()
    issues: list[CellIssue] = []
    example = ctx.locale.example_date
    number = parts["number"]
    if number.null_count() < len(number):
        epoch = _EPOCH_1904 if ctx.date1904 else _EPOCH_1900
        serial_dates = []
        for i, serial in enumerate(number.to_list()):
            day = None if serial is None else _from_serial(serial, epoch, ctx.date1904)
            if serial is not None and day is None:
                issues.append(CellIssue(i, "not-a-date", _shown(serial), (("example", example),)))
            serial_dates.append(day)
        values = values.fill_null(pl.Series(serial_dates, dtype=pl.Date))
    text = _clean_text(parts["text"])
    if text.null_count() < len(text):
        parsed = {t: parse_date_text(t, ctx.locale) for t in text.drop_nulls().unique()}
        from_text = text.replace_strict(parsed, default=None, return_dtype=pl.Date)
        for i in (text.is_not_null() & from_text.is_null()).arg_true().to_list():
            issues.append(CellIssue(i, "not-a-date", text[i], (("example", example),)))
        values = values.fill_null(from_text)
    out_of_range = values.is_not_null() & ((values.dt.year() < _MIN_YEAR) |
                                           (values.dt.year() > _MAX_YEAR))
    for i in out_of_range.arg_true().to_list():
        issues.append(CellIssue(i, "not-a-date", values[i].isoformat(), (("example", example),)))
    values = pl.select(pl.when(out_of_range).then(None).otherwise(values)).to_series()
    issues += _wrong_kind({"bool": parts["bool"]}, set(), "not-a-date",
                          lambda _v: {"example": example})
    return Coerced(values, issues)


def _from_serial(serial: float, epoch: dt.date, date1904: bool) -> dt.date | None:
    if serial != int(serial) and abs(serial - round(serial)) > 1e-9:
        # A time of day is allowed on a date; drop it.
        serial = float(int(serial))
    whole = int(serial)
    if not date1904:
        if whole == 60:  # 1900-02-29, a day that never was (Lotus 1-2-3's bug, kept by Excel)
            return None
        if whole < 60:
            whole += 1
    if whole < 1 or whole > 2958465:
        return None
    day = epoch + dt.timedelta(days=whole)
    return day if _MIN_YEAR <= day.year <= _MAX_YEAR else None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})[\s\-]+([A-Za-z]+)\.?[\s\-,]+(\d{2,4})$")
_WORD_DATE_US = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def parse_date_text(text: str, locale: Locale) -> dt.date | None:
    """A date typed as text: ISO, numeric in the locale's order, or with a month name."""
    text = text.strip()
    try:
        if match := _ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if locale.date_order == "ISO":
            return None
        if match := _NUMERIC_DATE.match(text):
            a, b, c = match[1], match[2], match[3]
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            day, month = (a, b) if locale.date_order == "DMY" else (b, a)
            return dt.date(_year(c), int(month), int(day))
        if match := _WORD_DATE.match(text):
            month_number = MONTHS.get(match[2].lower())
            return dt.date(_year(match[3]), month_number, int(match[1])) if month_number else None
        if match := _WORD_DATE_US.match(text):
            month_number = MONTHS.get(match[1].lower())
            return dt.date(int(match[3]), month_number, int(match[2])) if month_number else None
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


def read_amount(raw: pl.Series, field: Field, ctx: Context, exponents: pl.Series,
                currencies: pl.Series | None = None) -> Coerced:
    """Money in integer minor units of each row's currency (``exponents``: per-row exponent;
    ``currencies``: per-row currency, the base currency when None). Text marked with another
    currency (``USD 2000`` in a rupiah row) is refused, never read as the row's currency."""
    parts = _parts(raw)
    issues: list[CellIssue] = []
    values = _numbers_to_minor(parts["number"], exponents, field, issues)
    text = _clean_text(parts["text"])
    if text.null_count() < len(text):
        values = values.fill_null(_texts_to_minor(text, exponents, field, ctx, issues,
                                                  currencies))
    issues += _wrong_kind({"date": parts["date"], "bool": parts["bool"]}, set(), "not-an-amount")
    return Coerced(values, issues)


def _numbers_to_minor(number: pl.Series, exponents: pl.Series, field: Field,
                      issues: list[CellIssue]) -> pl.Series:
    """Excel numbers -> minor units, exactly.

    Fast path (vectorised): ``n = round(x * 10**exp)`` is the answer when
    ``n / 10**exp == x``. Division is correctly rounded in IEEE arithmetic, so
    the test holds exactly when ``x`` is the double nearest to a decimal with at
    most ``exp`` places, i.e. what the user typed; below 10**13 that decimal is
    unique. Every other value (float noise from a formula, too many decimals,
    very large numbers) goes the slow, exact way: its decimal text.
    """
    frame = pl.DataFrame({"x": number, "exp": exponents})
    scale = pl.lit(10.0).pow(pl.col("exp"))
    frame = frame.with_columns((pl.col("x") * scale).round(0).alias("n"))
    exact = (pl.col("x").abs() < 1e13) & ((pl.col("n") / scale) == pl.col("x"))
    frame = frame.with_columns(
        pl.when(exact).then(pl.col("n").cast(pl.Int64)).otherwise(None).alias("minor"),
        (pl.col("x").is_not_null() & ~exact.fill_null(False)).alias("slow"),
    )
    minor = frame["minor"]
    slow = frame["slow"].arg_true()
    if len(slow):
        fixed = _numbers_to_minor_by_text(number.gather(slow), exponents.gather(slow), issues,
                                          slow.to_list())
        minor = minor.scatter(slow, fixed)
    return minor


def _numbers_to_minor_by_text(number: pl.Series, exponents: pl.Series,
                              issues: list[CellIssue], positions: list[int]) -> pl.Series:
    """The exact way: each number's decimal text (15 significant digits, as Excel shows)."""
    values: list[int | None] = []
    for x, exp, position in zip(number.to_list(), exponents.to_list(), positions, strict=True):
        text = _excel_number_text(x)
        whole = text.lstrip("-").split(".")[0]
        minor = money.to_minor(Decimal(text), exp)
        if len(whole) > MAX_WHOLE_DIGITS:
            issues.append(CellIssue(position, "amount-too-large", text))
            minor = None
        elif minor is None:
            issues.append(CellIssue(position, "amount-too-precise", text, (("exponent", exp),)))
        values.append(minor)
    return pl.Series(values, dtype=pl.Int64)


def _texts_to_minor(text: pl.Series, exponents: pl.Series, field: Field, ctx: Context,
                    issues: list[CellIssue], currencies: pl.Series | None = None) -> pl.Series:
    parsed = {t: money.parse_amount_text(t, ctx.locale) for t in text.drop_nulls().unique()}
    values: list[int | None] = [None] * len(text)
    for i, t in enumerate(text.to_list()):
        if t is None:
            continue
        result = parsed[t]
        if result.value is None:
            issues.append(CellIssue(i, "not-an-amount", t))
            continue
        currency = (currencies[i] if currencies is not None else None) or ctx.base_currency
        if mismatch := _foreign_mark(result, currency):
            issues.append(mismatch(i, t))
            continue
        exp = exponents[i]
        minor = money.to_minor(result.value, exp)
        if minor is None:
            issues.append(CellIssue(i, "amount-too-precise", t, (("exponent", exp),)))
            continue
        if len(str(abs(int(result.value)))) > MAX_WHOLE_DIGITS:
            issues.append(CellIssue(i, "amount-too-large", t))
            continue
        values[i] = minor
        if result.alternative is not None:
            first, second = (_plain(v, ctx.locale) for v in (result.value, result.alternative))
            issues.append(CellIssue(i, "amount-text-ambiguous", t, (
                ("first", first), ("second", second), ("chosen", first),
                ("locale", ctx.locale.code))))
    return pl.Series(values, dtype=pl.Int64)


def _foreign_mark(result: money.ParsedAmount, currency: str
                  ) -> Callable[[int, str], CellIssue] | None:
    """When ``result`` carries a currency mark that is not ``currency``: a maker of the
    cell's issue (the amount is not read: ``USD 2,000`` is never 2,000 or 2 rupiah)."""
    if result.mark is None or currency in money.mark_means(result.mark):
        return None
    means = sorted(money.mark_means(result.mark))
    found = means[0] if len(means) == 1 else f"{result.mark} ({', '.join(means)})"
    return lambda index, shown: CellIssue(index, "amount-currency-mismatch", shown,
                                          (("found", found), ("currency", currency)))


def _plain(value: Decimal, locale: Locale) -> str:
    """A number without grouping, with the locale's decimal mark: 1500 or 1,5."""
    return format(value.normalize(), "f").replace(".", locale.decimal)


READERS: dict[Kind, Callable[[pl.Series, Field, Context], Coerced]] = {
    Kind.TEXT: read_text,
    Kind.CODE: read_text,
    Kind.IDENTITY: read_identity,
    Kind.CHOICE: read_choice,
    Kind.CURRENCY: read_currency,
    Kind.BOOLEAN: read_boolean,
    Kind.INTEGER: read_integer,
    Kind.NUMBER: read_number,
    Kind.DATE: read_date,
}

#: Kinds whose cells must keep their kind when a column mixes numbers and text.
TYPED_KINDS = frozenset({Kind.AMOUNT, Kind.DATE, Kind.IDENTITY, Kind.INTEGER, Kind.NUMBER})
