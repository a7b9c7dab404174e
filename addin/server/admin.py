"""What a company's admin keeps in the store: API tokens and each book's allow-list.

A token is shown once, when it is made, and kept only as its SHA-256; revoking marks it,
so the log of who used it keeps its meaning. An allow-list names the Google accounts that
may run actions on one book from the menu in the sheet.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from backoffice.addin.server.sheetbook import book_key
from backoffice.addin.server.state import ALLOWED, TOKENS, now
from sqlalchemy.engine import Engine

#: Every token starts so, which makes a leaked one easy to find in a repository or a log.
PREFIX = "bo_"


def digest(token: str) -> str:
    """The SHA-256 of ``token`` as kept in the store."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(engine: Engine, company: str, name: str) -> str:
    """A new API token for ``company`` (``name`` says what it is for); only its hash is kept."""
    token = PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(TOKENS.insert().values(digest=digest(token), company=company, name=name,
                                                  created=now()))
    return token


def revoke_token(engine: Engine, company: str, name: str) -> int:
    """Revoke ``company``'s tokens called ``name``; how many were revoked."""
    with engine.begin() as connection:
        return connection.execute(
            TOKENS.update().where(TOKENS.c.company == company, TOKENS.c.name == name,
                                  TOKENS.c.revoked.is_(None)).values(revoked=now())).rowcount


def token_company(engine: Engine, token: str) -> tuple[str, str] | None:
    """The (company, name) of a live token, or None for an unknown or revoked one."""
    with engine.begin() as connection:
        row = connection.execute(
            sa.select(TOKENS.c.company, TOKENS.c.name).where(
                TOKENS.c.digest == digest(token), TOKENS.c.revoked.is_(None))).first()
    return (row.company, row.name) if row else None


def allow(engine: Engine, company: str, book: str, email: str) -> None:
    """Let the Google account ``email`` run actions on ``book`` of ``company``."""
    email, book = email.strip().lower(), book_key(book)
    with engine.begin() as connection:
        exists = connection.execute(sa.select(ALLOWED.c.email).where(
            ALLOWED.c.company == company, ALLOWED.c.book == book, ALLOWED.c.email == email)).first()
        if not exists:
            connection.execute(ALLOWED.insert().values(company=company, book=book, email=email,
                                                       added=now()))


def disallow(engine: Engine, company: str, book: str, email: str) -> int:
    """Take ``email`` off ``book``'s allow-list; how many entries went."""
    book = book_key(book)
    with engine.begin() as connection:
        return connection.execute(ALLOWED.delete().where(
            ALLOWED.c.company == company, ALLOWED.c.book == book,
            ALLOWED.c.email == email.strip().lower())).rowcount


def allowed(engine: Engine, company: str, book: str) -> list[str]:
    """The e-mails on ``book``'s allow-list."""
    book = book_key(book)
    with engine.begin() as connection:
        return sorted(connection.execute(sa.select(ALLOWED.c.email).where(
            ALLOWED.c.company == company, ALLOWED.c.book == book)).scalars())


def is_allowed(engine: Engine, company: str, book: str, email: str) -> bool:
    """Whether ``email`` is on ``book``'s allow-list."""
    return email.strip().lower() in allowed(engine, company, book)
