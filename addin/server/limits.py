"""Request size and per-caller rate limits.

The size limit is checked on the body as it arrives (a missing or false Content-Length
cannot get past it). The rate limit is a sliding minute per caller in each worker
process: with N workers a caller gets at most N times the rate, which bounds a runaway
script; Google's own quota, where the connector needs it, is kept apart in the store.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque

from backoffice.addin.server import refusals


class RateLimiter:
    """At most ``rate`` requests per caller in any 60 seconds."""

    def __init__(self, rate: int, window: float = 60.0) -> None:
        self.rate, self.window = rate, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count one request of ``key``, or refuse it (429) when over the rate."""
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.rate:
                raise refusals.too_many(max(1, int(seen[0] + self.window - now) + 1))
            seen.append(now)


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes is answered 413 before the app reads it."""

    def __init__(self, app, limit: int) -> None:  # type: ignore[no-untyped-def]
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _refuse(send, self.limit)
        # Read the body here, counting, so that no part of the app sees more than the limit
        # (a chunked body has no Content-Length to trust); then hand it on in one piece.
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message]), send)
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                return await _refuse(send, self.limit)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        return await self.app(scope, _replay([{"type": "http.request", "body": body}]), send)


def _replay(messages):  # type: ignore[no-untyped-def]
    """A ``receive`` that gives ``messages``, then waits as for a client that went quiet."""
    pending = list(messages)

    async def receive():  # type: ignore[no-untyped-def]
        if pending:
            return pending.pop(0)
        return {"type": "http.disconnect"}

    return receive


async def _refuse(send, limit: int) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(refusals.too_large(limit).body()).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
