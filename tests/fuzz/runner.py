"""Run one backoffice command on a mutant in its own process: exit code, peak memory, time.

A signal (the process killed by the reader, by the kernel) shows as a negative
code, a run over ``timeout`` seconds is killed and reported as ``"hang"``. The
peak memory is the child's own maximum resident set, from ``wait4``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: A process that takes more than this is killed and counted as a hang.
TIMEOUT = 180


@dataclass(frozen=True)
class Run:
    code: int | str      # exit code, -signal, or "hang"
    peak_mb: float
    seconds: float
    stdout: str
    stderr: str


def _program() -> str:
    """The installed ``backoffice`` script beside this interpreter."""
    return str(Path(sys.executable).parent / "backoffice")


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = TIMEOUT) -> Run:
    """``backoffice ARGS`` in a fresh interpreter; the run's exit code and peak memory."""
    start = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([_program(), *args],
                                   stdout=out, stderr=err, text=True,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
        code: int | str = "hang"
        peak = 0.0
        while time.monotonic() - start < timeout:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                peak = usage.ru_maxrss / 1024  # kB on Linux
                process.returncode = code  # reaped here, not by Popen
                break
            time.sleep(0.02)
        else:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        out.seek(0)
        err.seek(0)
        return Run(code, peak, time.monotonic() - start, out.read(), err.read())
