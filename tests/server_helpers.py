"""The action server as the tests run it: a real ``backoffice serve`` on loopback, Google's
public keys replaced by the test's own RSA key served from a local certs URL.

Google itself cannot be reached here: the identity tokens are signed by a key made in the
test, in the shape ``ScriptApp.getIdentityToken()`` gives (RS256, iss accounts.google.com,
aud the script's client id, email, email_verified), and the server fetches the key set
from a local HTTP server exactly as it would fetch Google's.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

AUDIENCE = "1234-test.apps.googleusercontent.com"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class GoogleKeys:
    """An RSA key pair in Google's JWKS shape, served on a local certs URL."""

    def __init__(self, kid: str = "test-key-1") -> None:
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.private.public_key().public_numbers()
        self.jwks = {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
                               "n": _b64(numbers.n), "e": _b64(numbers.e)}]}

    def token(self, email: str, audience: str = AUDIENCE, lifetime: int = 3600,
              issuer: str = "https://accounts.google.com", verified: bool = True,
              key: rsa.RSAPrivateKey | None = None) -> str:
        """An identity token as Google would sign it for ``email``."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "sub": "1" + str(abs(hash(email)))[:15],
                  "email": email, "email_verified": verified, "iat": now - 5,
                  "exp": now + lifetime}
        return jwt.encode(claims, key or self.private, algorithm="RS256", headers={"kid": self.kid})

    @contextmanager
    def served(self) -> Iterator[str]:
        """The key set at a local URL, for the life of the block."""
        body = json.dumps(self.jwks).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/oauth2/v3/certs"
        finally:
            server.shutdown()
            server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(books: Path, store: str, certs_url: str, *options: str,
                   log: Path | None = None) -> Iterator[str]:
    """``backoffice serve`` in its own process on a free loopback port; its base URL."""
    port = free_port()
    command = [sys.executable, "-c", "from backoffice.cli import entry_point; entry_point()",
               "serve", "--books", str(books), "--store", store, "--port", str(port),
               "--audience", AUDIENCE, "--certs-url", certs_url, *options]
    log = log or books.parent / f"server-{port}.log"
    with log.open("w") as err:
        process = subprocess.Popen(command, stdout=err, stderr=err, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
