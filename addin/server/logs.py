"""Structured logs: one JSON object a line, with only the fields the server chose to log.

Requests are logged by method, path, status, caller and time; actions by caller, company,
book address, action and exit code. Tokens, request bodies and cell values never reach
a log record: the handlers pass only ``extra={"fields": …}`` that they built themselves.
"""

from __future__ import annotations

import json
import logging
import sys


class JsonLines(logging.Formatter):
    """A log record as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                "pid": record.process,
                "event": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__  # the type only: messages may hold values
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(stream=sys.stderr) -> None:  # type: ignore[no-untyped-def]
    """Send the server's log to ``stream`` as JSON lines (once per process)."""
    logger = logging.getLogger("backoffice.server")
    if not any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
