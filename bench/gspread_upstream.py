"""Run gspread's own HTTP tests (v6.2.1) against the emulator: a conformance count.

gspread's tests are not copied into this repository. Give a gspread checkout (``git clone
https://github.com/burnash/gspread`` and ``git checkout v6.2.1``); this script copies its
``tests/`` to a temporary folder, swaps the recorded-traffic client (vcrpy) for one that
sends every call to a fresh emulator, and runs them with pytest, printing the counts.
Tests of features the emulator does not have (merges, sorting, grouping, export, CSV
import) fail; the count says how much of gspread's surface it answers as Google did.

Usage::

    python bench/gspread_upstream.py /path/to/gspread
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PATCH = '''
class CannotOverwriteExistingCassetteException(Exception):
    pass


class VCR:
    @staticmethod
    def ensure_suffix(x):
        return x


from backoffice.addin.gsheets.emulator import Emulator

EMULATOR = Emulator().start()


def pytest_configure(config):
    config.addinivalue_line("markers", "vcr: ignored (run against the emulator)")
'''

CLIENT = '''class VCRHTTPClient(BackOffHTTPClient):
    def request(self, method, endpoint, *args: Any, **kwargs: Any) -> Response:
        for host in ("https://sheets.googleapis.com", "https://www.googleapis.com"):
            endpoint = endpoint.replace(host, EMULATOR.base_url)
        try:
            return super().request(method, endpoint, *args, **kwargs)'''


def main(checkout: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        tests = Path(folder) / "tests"
        shutil.copytree(Path(checkout) / "tests", tests, ignore=shutil.ignore_patterns("cassettes"))
        conftest = tests / "conftest.py"
        text = conftest.read_text()
        vcr_imports = ("from vcr import VCR\n"
                       "from vcr.errors import CannotOverwriteExistingCassetteException\n")
        text = text.replace(vcr_imports, PATCH)
        text = text.replace('''class VCRHTTPClient(BackOffHTTPClient):
    def request(self, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().request(*args, **kwargs)''', CLIENT)
        conftest.write_text(text)
        for path in tests.glob("*_test.py"):  # pytest 9 refuses marks on fixtures
            path.write_text(re.sub(r"\n\s*@pytest\.mark\.vcr\(\)", "", path.read_text()))
        done = subprocess.run([sys.executable, "-m", "pytest", "tests", "-p", "no:xdist", "-p",
                               "no:cacheprovider", "-c", "/dev/null", "-q", "-W", "ignore"],
                              cwd=folder, capture_output=True, text=True,
                              env={"NO_PROXY": "127.0.0.1,localhost", "PATH": "/usr/bin:/bin"})
        lines = done.stdout.strip().splitlines()
        print("\n".join(line for line in lines if line.startswith("FAILED")))
        print(lines[-1] if lines else done.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
