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

#: GNU time, for the child's own peak memory and the signal that ended it.
TIME = "/usr/bin/time"
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
    """``backoffice ARGS`` in a fresh interpreter; the run's exit code and peak memory.

    The command runs under GNU time, which reports its child's own peak: a child
    forked straight from this (possibly large) process would count our pages too.
    """
    start = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r", suffix=".time") as usage:
        process = subprocess.Popen([TIME, "-f", "%M %x", "-o", usage.name, _program(), *args],
                                   stdout=out, stderr=err, text=True,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return Run("hang", 0.0, time.monotonic() - start, "", "")
        report = usage.read().strip().splitlines()
        code: int | str = process.returncode
        peak = 0.0
        for line in report:
            if line.startswith("Command terminated by signal"):
                code = -int(line.rsplit(" ", 1)[1])
            elif line and line[0].isdigit():
                kilobytes, status = line.split()
                peak = int(kilobytes) / 1024
                if not isinstance(code, int) or code >= 0:
                    code = int(status) if int(status) >= 0 else code
        out.seek(0)
        err.seek(0)
        return Run(code, peak, time.monotonic() - start, out.read(), err.read())
