"""Issue 15: the fuzz corpus. Damaged and malicious books through check, post and sync.

The mutants come from the demo company's real ledger (tests/fuzz/mutants.py, seeded,
so a failure replays by name). Each command runs in its own process under GNU time:
the exit code must be 0, 1 or 2 (never 4, never a signal), the run must end (no
hang), its peak memory stays under 2 GB, and a damaged book is never reported clean,
with the sheet cache on and off. bench/fuzz_bench.py runs the whole corpus (hundreds
of mutants); this test runs one mutant of every kind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fuzz.mutants import Mutant, make_mutants
from fuzz.runner import run

from backoffice.demo import run_demo

#: A Check of any file stays under this (issue 15).
PEAK_MB = 2048

#: One mutant of every kind (names as mutants.py makes them).
KINDS = ("value-number-inf", "value-number-abc", "value-date-year-10000", "value-date-iso",
         "value-shared-out-of-range", "value-shared-not-a-number", "value-number-huge",
         "extreme-XFD1048576", "extreme-XFD2", "extreme-ZZZ5000", "extreme-A1048577",
         "extreme-declared-dimension", "extreme-implicit-columns", "extreme-row-out-of-order",
         "text-100000", "text-formula-like", "xml-cut-xl/workbook.xml",
         "xml-cut-xl/styles.xml", "xml-cut-xl/tables/table1.xml", "xml-garbage-xl/sharedStrings.xml",
         "xml-doctype-xl/workbook.xml", "sheet-part-missing", "shared-strings-missing",
         "sheet-twin-JURNAL-6", "sheet-twin-Journal-7", "hidden-state-garbage", "hidden-state-cut",
         "bomb-sheet", "bomb-shared-strings", "flip-000", "flip-001", "flip-002", "truncate-000",
         "truncate-001")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Mutant]]:
    folder = tmp_path_factory.mktemp("fuzz")
    run_demo(str(folder / "demo"))
    made = make_mutants(folder / "demo" / "ledger.xlsx", folder / "mutants", count=3,
                        include=lambda name: name.startswith(KINDS))
    return folder, {m.name: m for m in made}


def _fresh(corpus: tuple[Path, dict[str, Mutant]], name: str, tmp_path: Path) -> Mutant:
    _folder, mutants = corpus
    matches = [m for n, m in mutants.items() if n.startswith(name)]
    assert matches, f"no mutant {name}"
    mutant = matches[0]
    copy = tmp_path / mutant.path.name
    shutil.copy(mutant.path, copy)
    return Mutant(mutant.name, copy, mutant.damaged)


def _assert_sound(result, mutant: Mutant) -> None:  # type: ignore[no-untyped-def]
    last = (result.stderr.strip().splitlines() or [""])[-1]
    assert result.code in (0, 1, 2), f"{mutant.name}: {result.code} {last}"
    assert result.peak_mb < PEAK_MB, f"{mutant.name}: {result.peak_mb:.0f} MB"
    if result.code == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_the_corpus_has_every_kind(corpus) -> None:  # type: ignore[no-untyped-def]
    _folder, mutants = corpus
    for kind in KINDS:
        assert any(name.startswith(kind) for name in mutants), kind
    assert all(m.path.stat().st_size < 3_000_000 for m in mutants.values())


@pytest.mark.parametrize("kind", KINDS)
def test_check_on_every_kind(corpus, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mutant = _fresh(corpus, kind, tmp_path)
    before = mutant.path.read_bytes()
    result = run(["check", str(mutant.path)], env={"BACKOFFICE_CACHE": str(tmp_path / "c")})
    _assert_sound(result, mutant)
    if mutant.damaged:
        assert result.code != 0, f"{mutant.name} reported clean"
    if result.code == 2:
        assert mutant.path.read_bytes() == before  # an unusable book is left as it was


@pytest.mark.parametrize("cache", ["warm", "off"])
@pytest.mark.parametrize("kind", ["flip-000", "flip-001", "flip-002"])
def test_a_damaged_book_is_not_clean_with_cache_warm_or_off(corpus, kind: str, cache: str,
                                                            tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder, _mutants = corpus
    env = {"BACKOFFICE_CACHE": str(tmp_path / "c") if cache == "warm" else "off"}
    if cache == "warm":  # the intact book, checked first, fills the cache
        original = tmp_path / "ledger.xlsx"
        shutil.copy(folder / "demo" / "ledger.xlsx", original)
        assert run(["check", str(original)], env=env).code in (0, 1)
    mutant = _fresh(corpus, kind, tmp_path)
    result = run(["check", str(mutant.path)], env=env)
    _assert_sound(result, mutant)
    assert result.code != 0, f"{mutant.name} reported clean"


@pytest.mark.parametrize("command", ["post", "sync"])
@pytest.mark.parametrize("kind", ["value-number-inf", "extreme-XFD2", "xml-cut-xl/tables/table1.xml",
                                  "hidden-state-garbage", "flip-001", "bomb-sheet"])
def test_post_and_sync_on_damaged_books(corpus, kind: str, command: str, tmp_path: Path
                                        ) -> None:  # type: ignore[no-untyped-def]
    mutant = _fresh(corpus, kind, tmp_path)
    extra = ["--store", str(tmp_path / "store.sqlite")] if command == "sync" else []
    result = run([command, str(mutant.path), *extra], env={"BACKOFFICE_CACHE": "off"})
    _assert_sound(result, mutant)
    if kind == "hidden-state-garbage" and command == "sync":
        assert result.code == 2 and "_backoffice_sync" in result.stderr
