"""What a long action is doing, one line at a time, for someone watching it.

A Sync of a large book can take a minute; a person at a terminal should see
that it is working and on what. Lines go to stderr so that stdout keeps only
the result, and only when enabled: the CLI enables them when stderr is a
terminal, so scripts, logs and tests get the result alone.
"""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Says each step of an action, in English or Indonesian.

    Args:
        stream: where the lines go (stderr by default).
        enabled: whether to say anything; by default, when ``stream`` is a terminal.
        lang: "en" or "id"; an action may switch it to its book's language.
    """

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 lang: str = "en") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.lang = lang

    def say(self, en: str, id_: str) -> None:
        """One step, as a line ("… reading the book")."""
        if self.enabled:
            print(f"… {id_ if self.lang == 'id' else en}", file=self.stream, flush=True)

