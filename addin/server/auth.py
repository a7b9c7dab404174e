"""Who is calling: a Google identity token from the menu in the sheet, or a company's API token.

The menu sends ``ScriptApp.getIdentityToken()`` as ``Authorization: Bearer …``: a JWT signed
by Google, checked here against Google's published keys (RS256), its issuer, its audience
(the Apps Script project's OAuth client id), its expiry and a verified e-mail. Nothing
secret is kept in the sheet: script properties are readable by every editor. Scripts and
the CLI send an API token instead (``bo_…``), which the store knows only by its hash.
"""

from __future__ import annotations

import hashlib
import logging
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


class Keys:
    """Google's public keys, fetched from the configured URL and cached by key id."""

    def __init__(self, certs_url: str) -> None:
        self.client = jwt.PyJWKClient(certs_url, cache_keys=True, lifespan=3600)

    def key_for(self, token: str) -> object:
        return self.client.get_signing_key_from_jwt(token).key


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
        raise refusals.bad_credentials()
    try:
        claims = jwt.decode(token, keys.key_for(token), algorithms=["RS256"],
                            audience=list(config.audiences), issuer=list(config.issuers),
                            options={"require": ["exp", "iat", "iss", "aud", "email"]},
                            leeway=30)
    except jwt.InvalidAudienceError as exc:
        # The one thing an admin needs to configure --audience: which client id the sheet's
        # script signs for. A client id is not a secret; the token itself is never logged.
        audience = jwt.decode(token, options={"verify_signature": False}).get("aud")
        logging.getLogger("backoffice.server").warning(
            "identity token for another audience", extra={"fields": {"aud": audience}})
        raise refusals.bad_credentials() from exc
    except (jwt.PyJWTError, ValueError) as exc:
        raise refusals.bad_credentials() from exc
    if claims.get("email_verified") is not True:
        raise refusals.bad_credentials()
    return str(claims["email"]).lower()


def authorize(caller: Caller, company: str, book: str, engine: Engine) -> None:
    """Refuse (403) a book outside the caller's company or off its allow-list."""
    if caller.kind == "token":
        if caller.company != company:
            raise refusals.other_company(book)
    elif not is_allowed(engine, company, book, caller.who):
        raise refusals.not_allowed(caller.who, book)
