"""Who is calling: a Google identity token from the menu in the sheet, or a company's API token.

The menu sends ``ScriptApp.getIdentityToken()`` as ``Authorization: Bearer …``: a JWT signed
by Google, checked here against Google's published keys (RS256), its issuer, its audience
(the Apps Script project's OAuth client id), its expiry and a verified e-mail. Nothing
secret is kept in the sheet: script properties are readable by every editor. Scripts and
the CLI send an API token instead (``bo_…``), which the store knows only by its hash.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import re
import threading
import time
import urllib.request
from dataclasses import dataclass

import jwt
from backoffice.addin.server import refusals
from backoffice.addin.server.admin import PREFIX, is_allowed, token_company
from backoffice.addin.server.config import ServerConfig
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Caller:
    """Attributes:
        kind: ``google`` (an identity token) or ``token`` (an API token).
        who: the Google e-mail, or ``token:<name>`` — what the click log keeps.
        company: the token's company; None for a Google account (the allow-list decides).
    """

    kind: str
    who: str
    company: str | None = None


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def rate_key(authorization: str | None, client: str) -> str:
    """Whom a request counts against: its credential (hashed), else its address."""
    token = bearer(authorization)
    return "t:" + hashlib.sha256(token.encode()).hexdigest()[:24] if token else "a:" + client


class KeysUnavailable(Exception):
    """Google's public keys could not be fetched (and none cached still serve)."""


class Keys:
    """Google's public keys (JWKS), fetched from the configured URL and kept while valid.

    The key set is kept for the ``max-age`` Google sends with it (else ``lifespan``): while
    it is, tokens signed by its keys verify without a fetch, so an outage of Google's key
    server does not stop people whose keys are known. A token naming a key not in the set
    fetches it again (Google rotates keys), at most every ``refetch`` seconds so forged
    key ids cannot make the server hammer Google. A fetch that fails when the set is needed
    raises :class:`KeysUnavailable`: the sign-in cannot be checked right now, which is not
    the same as wrong credentials (503, not 401)."""

    def __init__(self, certs_url: str, lifespan: float = 3600.0, refetch: float = 30.0,
                 timeout: float = 5.0) -> None:
        self.url, self.lifespan, self.refetch, self.timeout = certs_url, lifespan, refetch, timeout
        self._keys: dict[str, object] = {}
        self._valid_until = float("-inf")  # time.monotonic()
        self._fetched = float("-inf")
        self._lock = threading.Lock()

    def _fetch(self) -> None:
        self._fetched = time.monotonic()
        try:
            with urllib.request.urlopen(self.url, timeout=self.timeout) as response:  # noqa: S310
                data = json.load(response)
                max_age = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control") or "")
            found = {k.key_id: k.key for k in jwt.PyJWKSet.from_dict(data).keys if k.key_id}
        except (OSError, ValueError, http.client.HTTPException, jwt.PyJWTError) as exc:
            # URLError and time-outs are OSErrors; a body that is no key set is a ValueError
            # or a PyJWKSetError: Google's answer is unusable either way
            raise KeysUnavailable(str(exc)) from exc
        self._keys = found
        self._valid_until = self._fetched + (int(max_age[1]) if max_age else self.lifespan)

    def key_for(self, token: str) -> object:
        """The public key that signed ``token``; :class:`KeysUnavailable` when the keys
        cannot be had, a :class:`jwt.PyJWTError` when the token names no key of Google's."""
        kid = jwt.get_unverified_header(token).get("kid")
        with self._lock:
            now = time.monotonic()
            fresh = now < self._valid_until
            if not fresh or (kid not in self._keys and now - self._fetched >= self.refetch):
                self._fetch()
            if kid not in self._keys:
                raise jwt.InvalidKeyError("the token names no key Google publishes")
            return self._keys[kid]


def identify(authorization: str | None, config: ServerConfig, engine: Engine, keys: Keys) -> Caller:
    """The caller of a request, or a 401 :class:`~backoffice.addin.server.refusals.Refusal`."""
    token = bearer(authorization)
    if token is None:
        raise refusals.no_credentials()
    if token.startswith(PREFIX):
        found = token_company(engine, token)
        if found is None:
            raise refusals.bad_credentials()
        return Caller("token", f"token:{found[1]}", found[0])
    return Caller("google", _google_email(token, config, keys))


def _google_email(token: str, config: ServerConfig, keys: Keys) -> str:
    """The verified e-mail of a Google identity token."""
    if not config.audiences:
        _log_audience(token)  # a server started before its --audience was known
        raise refusals.bad_credentials()
    try:
        key = keys.key_for(token)
    except KeysUnavailable as exc:
        logging.getLogger("backoffice.server").warning(
            "Google's public keys cannot be fetched", extra={"fields": {"reason": str(exc)[:200]}})
        raise refusals.keys_unavailable() from exc
    except (jwt.PyJWTError, ValueError) as exc:
        raise refusals.bad_credentials() from exc
    try:
        claims = jwt.decode(token, key, algorithms=["RS256"],
                            audience=list(config.audiences), issuer=list(config.issuers),
                            options={"require": ["exp", "iat", "iss", "aud", "email"]},
                            leeway=30)
    except jwt.InvalidAudienceError as exc:
        _log_audience(token)
        raise refusals.bad_credentials() from exc
    except (jwt.PyJWTError, ValueError) as exc:
        raise refusals.bad_credentials() from exc
    if claims.get("email_verified") is not True:
        raise refusals.bad_credentials()
    return str(claims["email"]).lower()


def _log_audience(token: str) -> None:
    """Log the client id a refused identity token was issued for: the one thing an admin
    needs to configure --audience. A client id is not a secret; the token is never logged."""
    try:
        audience = jwt.decode(token, options={"verify_signature": False}).get("aud")
    except jwt.PyJWTError:
        return  # not a token at all: nothing to tell the admin
    logging.getLogger("backoffice.server").warning(
        "identity token for another audience", extra={"fields": {"aud": audience}})


def authorize(caller: Caller, company: str, book: str, engine: Engine) -> None:
    """Refuse (403) a book outside the caller's company or off its allow-list."""
    if caller.kind == "token":
        if caller.company != company:
            raise refusals.other_company(book)
    elif not is_allowed(engine, company, book, caller.who):
        raise refusals.not_allowed(caller.who, book)
