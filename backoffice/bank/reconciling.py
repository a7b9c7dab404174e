"""``backoffice bank reconcile``: propose matches, keep the bookkeeper's, prove the month.

Lines the bookkeeper decided are kept as they are: *Status* confirmed (or a
*Match* typed by hand with no status) holds its journal entries out of the
search; rejected lines get no new proposal. Every other line on or before the
month's end is matched afresh (:mod:`.matching`) and its proposal written in
*Match*, *Status* (proposed) and *Rule*. The proof (:mod:`.proof`) is written as
the sheet *Reconciliation ACCOUNT* / *Rekonsiliasi Bank ACCOUNT*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from backoffice import money
from backoffice.bank import settlements
from backoffice.bank.frames import statement_lines
from backoffice.bank.matching import match
from backoffice.bank.proof import Proof, prove
from backoffice.bank.rules import PREFIX, SOURCE, bank_rules, block_lines, propose
from backoffice.bank.sheet import proof_table
from backoffice.books import open_book, open_writer
from backoffice.checking import read_book
from backoffice.ledger.generated import post_block
from backoffice.ledger.postings import postings_of
from backoffice.months import month_end, parse_month
from backoffice.schema import BookData
from backoffice.schemas import REGISTRY


@dataclass(frozen=True)
class ReconcileResult:
    """The proof, how many proposals were written and decisions kept, and the lines where
    the search for several postings stopped at its limit."""

    proof: Proof
    proposed: int
    kept: int
    limit_hit: int
    sheet: str | None = None  # the reconciliation sheet written


def account_postings(data: BookData, account: str, currency: str) -> pl.DataFrame:
    """The account's postings with their id: the entry, or ``entry/n`` for the n-th of an
    entry's several lines on the account."""
    postings = postings_of(data).filter((pl.col("account") == account)
                                        & (pl.col("currency").fill_null(currency) == currency))
    postings = postings.sort("row").with_columns(
        pl.len().over("entry").alias("_n"),
        (pl.int_range(pl.len()).over("entry") + 1).alias("_i"))
    return postings.select(
        pl.when(pl.col("_n") > 1).then(pl.col("entry") + "/" + pl.col("_i").cast(pl.String))
        .otherwise(pl.col("entry")).alias("pid"),
        "date", "amount", "entry", pl.col("description").fill_null(""), "opening")


def split_match(text: str) -> list[str]:
    """``"JE-12 + JE-14"`` -> ["JE-12", "JE-14"]."""
    return [part.strip() for part in text.replace(",", "+").split("+") if part.strip()]


def decide(lines: pl.DataFrame, postings: pl.DataFrame, end, window: int,  # type: ignore[no-untyped-def]
           rules: list[tuple[str, str, str]] | None = None, fee_account: str | None = None,
           currency: str = "IDR") -> tuple[dict[int, tuple[list[str], str]], pl.DataFrame, int, int]:
    """(proposals by line id, every pair counting in the proof, decisions kept, limit hits)."""
    decided = lines.filter((pl.col("status") == "confirmed") | (pl.col("status") == "rejected")
                           | (pl.col("status").is_null() & (pl.col("match") != "")))
    confirmed = decided.filter(pl.col("status").fill_null("") != "rejected").select(
        "id", pl.col("match").map_elements(split_match, return_dtype=pl.List(pl.String))
        .alias("pid")).explode("pid")
    confirmed = confirmed.filter(pl.col("pid").is_in(postings["pid"].implode()))
    open_lines = lines.filter(~pl.col("id").is_in(decided["id"].implode())
                              & (pl.col("date") <= end))
    pool = postings.filter(~pl.col("pid").is_in(confirmed["pid"].implode()))
    found = match(open_lines, pool, window)
    if fee_account:  # payouts less the provider's fee: the receipt and a fee entry
        left = open_lines.filter(~pl.col("id").is_in(list(found.found)))
        taken = {pid for pids, _ in found.found.values() for pid in pids}
        found.found.update(settlements.propose(left, pool.filter(~pl.col("pid").is_in(
            list(taken))), window, fee_account, currency))
    if rules:  # what is left and a rule covers becomes a proposed entry (never posted yet)
        left = open_lines.filter(~pl.col("id").is_in(list(found.found)))
        found.found.update(propose(left, rules))
    proposed = pl.DataFrame([(line, pid) for line, (pids, rule) in found.found.items()
                             if not rule.startswith(PREFIX)
                             for pid in pids], schema={"id": pl.Int64, "pid": pl.String},
                            orient="row")
    pairs = pl.concat([confirmed, proposed])
    return found.found, pairs, decided.height, found.limit_hit


def reconcile_book(path: str, account: str, period: str, window: int = 3,
                   lang: str | None = None) -> ReconcileResult:
    """Reconcile ``account`` for ``period`` (YYYY-MM) in the book at ``path``."""
    year, month = parse_month(period)
    end = month_end(year, month)
    with open_book(path) as book:
        read = read_book(book, lang)
    data = read.data
    if _post_confirmed_rules(path, data, period, dt.date(year, month, 1), end):
        with open_book(path) as book:
            read = read_book(book, lang)
        data = read.data
    base = data.settings.get("base_currency") or "IDR"
    lines = statement_lines(data).filter(pl.col("account") == account).rename({"row": "id"})
    currency = lines["currency"][0] if lines.height else base
    postings = account_postings(data, account, currency)
    proposals, pairs, kept, limit_hit = decide(lines, postings, end, window, bank_rules(data),
                                               data.settings.get("bank_fee_account"), currency)
    proof = prove(account, period, currency, end, lines, postings, pairs)
    sheet = _write(path, read, lines, proposals, proof, end)
    return ReconcileResult(proof, len(proposals), kept, limit_hit, sheet)


def _post_confirmed_rules(path: str, data: BookData, period: str, start: dt.date,
                          end: dt.date) -> bool:
    """Post the month's confirmed rule lines as block ``bank:YYYY-MM`` (replacing it);
    True when the Journal changed."""
    base = data.settings.get("base_currency") or "IDR"
    lines = block_lines(statement_lines(data), start, end, bank_rules(data), base)
    journal = data.get("journal")
    source = f"{SOURCE}{period}"
    present = (journal is not None and "source" in journal.frame.columns
               and journal.frame.filter(pl.col("source") == source).height > 0)
    if not lines and not present:
        return False
    return post_block(path, source, lines).changed


def _write(path: str, read, lines: pl.DataFrame, proposals, proof: Proof, end) -> str:  # type: ignore[no-untyped-def]
    """Proposals into the statement's rows that change, and the proof sheet, in one save."""
    lang = read.data.lang
    schema = REGISTRY["bank_statement"]
    status = schema.field("status")
    proposed_label = next(c.label(lang) for c in status.choices if c.value == "proposed")
    exp = money.exponent(proof.currency)
    replaced: dict[int, dict[str, object] | None] = {}
    match_ = read.matches.get("bank_statement")
    letters = match_.letters if match_ else {}
    undecided = lines.filter((pl.col("status").is_null() & (pl.col("match") == ""))
                             | (pl.col("status") == "proposed"))
    for record in undecided.filter(pl.col("date") <= end).iter_rows(named=True):
        pids, rule = proposals.get(record["id"], ([], ""))
        new = {"match": " + ".join(pids), "status": "proposed" if pids else None, "rule": rule}
        if (record["match"], record["status"], record["rule"]) == (new["match"], new["status"],
                                                                   new["rule"]):
            continue
        cells = {"account": record["account"], "date": record["date"],
                 "description": record["description"] or None,
                 "reference": record["reference"] or None,
                 "money_in": money.from_minor(record["amount"], exp)
                 if record["amount"] > 0 else None,
                 "money_out": money.from_minor(-record["amount"], exp)
                 if record["amount"] < 0 else None,
                 "balance": None if record["balance"] is None
                 else money.from_minor(record["balance"], exp),
                 "currency": record["currency"]
                 if record["currency"] != (read.data.settings.get("base_currency") or "IDR")
                 else None,
                 "match": new["match"] or None,
                 "status": proposed_label if new["status"] else None,
                 "rule": new["rule"] or None}
        replaced[record["id"]] = {letters[k]: v for k, v in cells.items()
                                  if k in letters and v is not None}
    kinds = {letters[f.key]: {"amount": "amount", "date": "date"}.get(f.kind.value, "text")
             for f in schema.fields if f.key in letters}
    with open_writer(path) as writer:
        if replaced:
            writer.replace_rows(read.found["bank_statement"], match_.row, replaced, [], kinds)
        name, table = proof_table(proof, lang)
        writer.write_output_sheet(name, table, "bank_reconciliation")
        writer.save()
    return name
