"""The actions the server offers: each one's request body and how it becomes a call.

One request model per action, so the OpenAPI description says exactly what each takes.
Options that would name files on the server (``post_to``, a PDF folder, a report file)
are not offered: a caller names books by address only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backoffice import actions
from backoffice.actions.base import ActionResult, BookRef, ProgressCallback
from backoffice.ledger.reports import options_from

Lang = Literal["en", "id"] | None
Month = Field(default=None, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")
Day = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")


class BookRequest(BaseModel):
    """What every action takes: the book's address and the language of the answer."""

    model_config = ConfigDict(extra="forbid")
    book: str = Field(min_length=1, max_length=500,
                      description="company/file.xlsx under the server's folder (gsheet:<id> later)")
    lang: Lang = None


class CheckRequest(BookRequest):
    marks: bool = True


class PostRequest(BookRequest):
    period: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2})?$", description="YYYY or YYYY-MM")
    as_of: str | None = Day


class PayrollRequest(BookRequest):
    period: str | None = Month
    year: str | None = Field(default=None, pattern=r"^\d{4}$")
    finalize: bool = False


class StockRequest(BookRequest):
    as_of: str | None = Day


class SyncRequest(BookRequest):
    allow_mass_delete: bool = False


class ReportRequest(BookRequest):
    name: str = Field(pattern=r"^[a-z0-9-]{1,60}$", description="trial-balance, general-ledger, …")
    output: Literal["csv", "json"] = "csv"
    period: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2})?$")


Run = Callable[[BookRef, ProgressCallback], ActionResult]


@dataclass(frozen=True)
class Offered:
    """An action as served: its request model, whether it writes, whether it works on the
    book in place (sync, whose writes are its own transaction) and how to call it."""

    request: type[BookRequest]
    writes: Callable[[Any], bool]
    bind: Callable[[Any, str], Run]
    in_place: bool = False


def _check(r: CheckRequest, _who: str) -> Run:
    return lambda book, progress: actions.check_and_mark(
        book, actions.CheckOptions(lang=r.lang, marks=r.marks), progress=progress)


def _post(r: PostRequest, _who: str) -> Run:
    return lambda book, progress: actions.post(
        book, actions.PostOptions(lang=r.lang, period=options_from(as_of=r.as_of, period=r.period)),
        progress=progress)


def _payroll(r: PayrollRequest, _who: str) -> Run:
    return lambda book, progress: actions.payroll(
        book, actions.PayrollOptions(period=r.period, year=r.year, finalize=r.finalize, lang=r.lang),
        progress=progress)


def _stock(r: StockRequest, _who: str) -> Run:
    day = dt.date.fromisoformat(r.as_of) if r.as_of else None
    return lambda book, progress: actions.stock(
        book, actions.StockOptions(as_of=day, lang=r.lang), progress=progress)


def _sync(r: SyncRequest, who: str) -> Run:
    # A Google Sheet is known by its id wherever it is renamed (its identity in the store);
    # its store comes from the server's BACKOFFICE_STORE or the sheet's Settings (Store).
    return lambda book, progress: actions.sync(
        book, actions.SyncOptions(user=who, allow_mass_delete=r.allow_mass_delete,
                                  location=_where(book)), progress=progress)


def _where(book: BookRef) -> str | None:
    """``gsheet:<id>`` for a Google Sheet; None for a file (its path says where it is)."""
    file_id = getattr(book, "file_id", None)
    return f"gsheet:{file_id}" if file_id else None


def _report(r: ReportRequest, _who: str) -> Run:
    return lambda book, progress: actions.report(
        book, actions.ReportOptions(name=r.name, output=r.output, period=options_from(period=r.period),
                                    lang=r.lang), progress=progress)


OFFERED: dict[str, Offered] = {
    "check": Offered(CheckRequest, lambda r: r.marks, _check),
    "post": Offered(PostRequest, lambda r: True, _post),
    "payroll": Offered(PayrollRequest, lambda r: True, _payroll),
    "stock": Offered(StockRequest, lambda r: True, _stock),
    "sync": Offered(SyncRequest, lambda r: True, _sync, in_place=True),
    "report": Offered(ReportRequest, lambda r: False, _report),
}
