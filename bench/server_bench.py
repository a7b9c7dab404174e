"""Throughput of the action server: concurrent actions on different books, and on one book.

Generates ``--books`` ledgers of ``--rows`` journal lines (bench/gen_journal.py, under
bench/data/server/), starts ``backoffice serve`` on loopback with 1 and 2 worker processes,
and sends ``--requests`` Check (with marks) and Post requests from ``--clients`` threads:
spread over the books, then all on the first book (writes to one book queue on its lock).
Prints actions per minute and the latency of a request. Traffic goes to 127.0.0.1 only;
every loop is bounded by its request count.

Usage::

    python bench/server_bench.py --books 4 --rows 2000 --requests 16 --clients 4
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_journal  # noqa: E402
from backoffice.addin.server import admin  # noqa: E402
from backoffice.addin.server.state import open_state  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "server"


def books_for(count: int, rows: int) -> list[str]:
    """``count`` ledgers of ``rows`` lines, one company folder; their addresses."""
    source = gen_journal.default_path(rows)
    gen_journal.ensure(source, rows)
    (DATA / "books" / "bench").mkdir(parents=True, exist_ok=True)
    addresses = []
    for n in range(count):
        target = DATA / "books" / "bench" / f"ledger-{n}.xlsx"
        shutil.copyfile(source, target)  # fresh each run: marks of the last run are not kept
        addresses.append(f"bench/{target.name}")
    return addresses


def start(workers: int, store: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-c", "from backoffice.cli import entry_point; entry_point()", "serve",
         "--books", str(DATA / "books"), "--store", store, "--port", str(port),
         "--workers", str(workers), "--rate", "100000", "--wait", "300"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def run(base: str, token: str, action: str, books: list[str], requests: int,
        clients: int) -> tuple[float, list[float], list[int]]:
    """Send the requests; wall time, each request's seconds, the exit codes."""
    headers = {"Authorization": f"Bearer {token}"}

    def one(n: int) -> tuple[float, int]:
        started = time.perf_counter()
        answer = httpx.post(f"{base}/v1/actions/{action}", json={"book": books[n % len(books)]},
                            headers=headers, timeout=600).json()
        return time.perf_counter() - started, answer["result"]["exit_code"]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        done = list(pool.map(one, range(requests)))
    return time.perf_counter() - started, [d[0] for d in done], [d[1] for d in done]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=4)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=16)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args(argv)
    books = books_for(args.books, args.rows)
    store_path = DATA / "server.sqlite"
    store_path.unlink(missing_ok=True)
    store = f"sqlite:///{store_path}"
    token = admin.create_token(open_state(store), "bench", "bench")
    print(f"{args.books} books of {args.rows:,} journal lines; {args.requests} requests from "
          f"{args.clients} clients; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'workers':>7} {'action':>6} {'books':>9} {'wall s':>7} {'per min':>8} "
          f"{'p50 s':>6} {'p95 s':>6}  exit codes")
    for workers in (int(w) for w in args.workers.split(",")):
        process, base = start(workers, store)
        try:
            for action in ("check", "post"):
                for label, targets in (("different", books), ("one", books[:1])):
                    wall, each, codes = run(base, token, action, targets, args.requests, args.clients)
                    p95 = sorted(each)[max(0, int(len(each) * 0.95) - 1)]
                    print(f"{workers:>7} {action:>6} {label:>9} {wall:>7.2f} "
                          f"{len(each) / wall * 60:>8.1f} {statistics.median(each):>6.2f} "
                          f"{p95:>6.2f}  {sorted(set(codes))}")
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
