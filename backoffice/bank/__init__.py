"""Bank reconciliation: statements in, every line matched or explained, the month proven.

* :mod:`.model` — a statement and its lines, amounts in minor units.
* :mod:`.layouts`, :mod:`.csvread`, :mod:`.mt940read`, :mod:`.camtread`,
  :mod:`.readers` — reading the banks' files into a :class:`.model.Statement`.
* :mod:`.merge` — a statement into the Bank statement sheet's lines: identity,
  overlaps, running balance and gaps.
* :mod:`.matching` — statement lines against the account's journal postings.
* :mod:`.proof` — the month's reconciliation: bank balance against book balance.
* :mod:`.actions` — ``bank import`` and ``bank reconcile`` on a book.
"""
