"""Bank matching at scale: N statement lines against a journal of M lines.

    python bench/bank_bench.py [N M]      (default: 100000 1000000; target < 5 s)

The generator (deterministic, seeded) makes a journal of M lines over 2026, of which
1.1 N are on the bank account 1102 (every entry has a bank side and another side; the
other lines are the rest of the books), amounts from 1,000 to 50,000,000 IDR in minor
units with many repeats (every tenth a round amount), and N statement lines: most are
a bank posting shifted 0–3 days, every seventh carrying the posting's INV- number,
one in twenty the sum of two postings (a deposit of two receipts), one in twenty a
fee the books do not have; a tenth of the bank postings stay outstanding. It times
the engine — picking the account's postings, :func:`backoffice.bank.matching.match`
and :func:`backoffice.bank.proof.prove` — on frames, without the workbook I/O (which
bench/check_bench.py measures).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

import polars as pl

from backoffice.bank.matching import match
from backoffice.bank.proof import prove

START = dt.date(2026, 1, 1)


def generate(lines: int, journal_lines: int,
             seed: int = 2026) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(statement lines, journal postings of every account) as the engine takes them."""
    rng = random.Random(seed)
    round_amounts = [r * 100 for r in (50_000, 100_000, 250_000, 1_000_000)]
    bank = min(journal_lines, lines * 11 // 10)
    p_days = sorted(rng.randrange(365) for _ in range(journal_lines))
    p_accounts, p_amounts, p_desc = [], [], []
    for i in range(journal_lines):
        amount = (rng.choice(round_amounts) if i % 10 == 0
                  else rng.randrange(1_000, 50_000_000) * 100)
        p_amounts.append(amount if rng.random() < 0.5 else -amount)
        p_accounts.append("1102" if i % (journal_lines // bank) == 0 else f"6{i % 90:03d}")
        p_desc.append(f"Receipt INV-{i:07d}" if i % 7 == 0 else "")
    on_bank = [i for i, a in enumerate(p_accounts) if a == "1102"]
    l_days, l_amounts, l_desc = [], [], []
    chosen = rng.sample(range(len(on_bank) - 1), lines)
    for k, j in enumerate(chosen):
        i = on_bank[j]
        if k % 20 == 0:  # a fee the books do not have
            l_days.append(rng.randrange(365))
            l_amounts.append(-1_500_000)
            l_desc.append("BIAYA ADM")
        elif k % 20 == 1:  # two receipts deposited together
            second = on_bank[j + 1]
            p_amounts[second] = abs(p_amounts[second]) * (1 if p_amounts[i] > 0 else -1)
            p_days[second] = p_days[i]
            l_days.append(p_days[i])
            l_amounts.append(p_amounts[i] + p_amounts[second])
            l_desc.append("SETORAN")
        else:
            l_days.append(min(364, p_days[i] + rng.randrange(4)))
            l_amounts.append(p_amounts[i])
            l_desc.append(f"TRSF CR INV-{i:07d}" if i % 7 == 0 else "TRSF")
    day = pl.lit(START) + pl.duration(days=pl.col("d"))
    statement = pl.DataFrame({"id": range(lines), "d": l_days, "amount": l_amounts,
                              "description": l_desc}).with_columns(
        day.alias("date"), pl.lit(None, pl.Int64).alias("balance")).drop("d")
    journal = pl.DataFrame({"pid": [f"JV-{i:07d}" for i in range(journal_lines)],
                            "account": p_accounts, "d": p_days, "amount": p_amounts,
                            "description": p_desc}).with_columns(
        day.alias("date"), pl.col("pid").alias("entry")).drop("d")
    return statement, journal


def main() -> None:
    n, m = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (100_000, 1_000_000)
    t0 = time.perf_counter()
    statement, everything = generate(n, m)
    t1 = time.perf_counter()
    journal = everything.filter(pl.col("account") == "1102")
    found = match(statement, journal, window=3)
    t2 = time.perf_counter()
    pairs = pl.DataFrame([(line, pid) for line, (pids, _) in found.found.items()
                          for pid in pids], schema={"id": pl.Int64, "pid": pl.String},
                         orient="row")
    proof = prove("1102", "2026-12", "IDR", dt.date(2026, 12, 31), statement, journal, pairs)
    t3 = time.perf_counter()
    rules: dict[str, int] = {}
    for _, rule in found.found.values():
        rules[rule] = rules.get(rule, 0) + 1
    print("| step | seconds |\n|---|---|")
    print(f"| generate {n:,} lines, a journal of {m:,} ({journal.height:,} on the bank) "
          f"| {t1 - t0:.2f} |")
    print(f"| pick the account, match | {t2 - t1:.2f} |\n| prove | {t3 - t2:.2f} |")
    print(f"| match + prove (target < 5 s) | {t3 - t1:.2f} |")
    print(f"\nmatched {len(found.found):,} of {n:,} lines: "
          + ", ".join(f"{r} {c:,}" for r, c in sorted(rules.items()))
          + f"; search limit hit on {found.limit_hit:,}; unexplained {proof.difference:,}")


if __name__ == "__main__":
    main()
