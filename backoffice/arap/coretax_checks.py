"""Check's warnings for what Coretax's files need of a party (at the party's cell).

Only parties that appear in a taxed document are looked at: a customer of an
invoice that charges PPN (its output tax invoice names the buyer), a supplier of
a bill or payment we withhold PPh 23 from (its withholding slip names the income
recipient). A customer who never gets a tax invoice needs no NPWP here.

They are warnings: the books post without them, and the Coretax exports refuse a
document whose party lacks them, naming the same cells.
"""

from __future__ import annotations

from collections.abc import Iterator

from backoffice.arap import engine
from backoffice.arap.parties import Party, read_parties
from backoffice.catalogue import Localized
from backoffice.issues import Issue, make_issue
from backoffice.ruleset import register
from backoffice.schema import BookData

_REASONS = {"format": Localized("it has not 22 digits", "bukan 22 digit"),
            "npwp": Localized("it does not start with its NPWP",
                              "tidak diawali NPWP-nya")}


def taxed_parties(book: BookData) -> dict[str, dict[str, str]]:
    """Per side ("customers", "suppliers"): each party in a taxed document and the first
    such document's number."""
    if not any(book.get(k) is not None and book.get(k).frame.height  # type: ignore[union-attr]
               for k in ("invoices", "bills", "payments")):
        return {"customers": {}, "suppliers": {}}
    outcome = engine.run(book)
    found: dict[str, dict[str, str]] = {"customers": {}, "suppliers": {}}
    for doc in sorted(outcome.documents, key=lambda d: (d.date is None, d.date, d.number)):
        if doc.party is None or doc.date is None or doc.kind != "invoice":
            continue
        if doc.side == "sales" and any(t.charged and t.code.rate for t in doc.taxes.values()):
            found["customers"].setdefault(doc.party, doc.number)
        elif doc.side == "purchases" and doc.withheld:
            found["suppliers"].setdefault(doc.party, doc.number)
    for payment in outcome.payments:
        if payment["side"] == "purchases" and payment["withheld"]:
            found["suppliers"].setdefault(payment["party"], payment["number"])
    return found


def party_issues(book: BookData, kind: str, party: Party, document: str) -> Iterator[Issue]:
    """The warnings of one party named on ``document``."""
    data = book.get(kind)
    if data is None:
        return
    letters = data.letters

    def at(code: str, key: str, value: object, **params: object) -> Issue:
        return make_issue(code, data.sheet, row=party.row, column=letters.get(key), field=key,
                          value=value, party=f"{party.code} {party.name}", document=document,
                          **params)

    if party.npwp_typed is not None and party.npwp is None:
        yield at("arap-coretax-npwp-invalid", "npwp", party.npwp_typed,
                 header=data.header("npwp"))
    elif not party.identified:
        key = "id_number" if party.id_type != "TIN" and "id_number" in letters else "npwp"
        yield at("arap-coretax-identity-missing", key, None)
    if party.nitku_problem is not None:
        yield at("arap-coretax-nitku-invalid", "nitku", party.nitku_typed,
                 header=data.header("nitku"), reason=_REASONS[party.nitku_problem])


@register("customers")
def check_parties(book: BookData) -> Iterator[Issue]:
    """Warnings for the customers and suppliers of taxed documents that Coretax's files
    cannot name: an NPWP that is not one, no identity at all, a NITKU that is not theirs."""
    for kind, documents in taxed_parties(book).items():
        if not documents:
            continue
        parties = read_parties(book, kind)
        for code, document in documents.items():
            party = parties.get(code)
            if party is not None:  # an unknown party is Check's error elsewhere
                yield from party_issues(book, kind, party, document)
