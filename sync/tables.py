"""The store's tables, generated from the sheet schemas (SQLAlchemy Core).

Every table is keyed by company from the start. A syncable sheet kind becomes
``sheet_<kind>``: the company, the row's ID, the store version that last
changed it, a tombstone flag, who changed it from which book, and one column
per schema field, typed from the field's kind:

======================  =========================================================
field kind              column
======================  =========================================================
amount, integer         BIGINT (amounts in minor units of the row's currency)
date                    DATE
boolean                 BOOLEAN
number                  TEXT (the exact decimal as text: no float ever)
text, code, choice, …   TEXT
======================  =========================================================

Beside them: ``store_meta`` (the structure version), ``store_migrations`` (what
was applied when), ``companies`` (each company's version counter) and
``audit_log`` (append-only, hash-chained; see :mod:`backoffice.sync.audit`).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from backoffice.schema import ROW_ID, Kind, SheetSchema

_TYPES = {Kind.AMOUNT: sa.BigInteger, Kind.INTEGER: sa.BigInteger, Kind.DATE: sa.Date,
          Kind.BOOLEAN: sa.Boolean}

#: Columns every sheet table has before its fields.
SYSTEM_COLUMNS = ("company_id", "row_id", "version", "deleted", "changed_by", "book")


def sheet_table_name(kind: str) -> str:
    """``sheet_journal`` for the kind "journal" (dashes become underscores)."""
    return "sheet_" + kind.replace("-", "_")


def field_columns(schema: SheetSchema) -> list[sa.Column]:
    """The columns holding a sheet kind's fields (its ID is the key, not a field column)."""
    return [sa.Column(f.key, _TYPES.get(f.kind, sa.Text)(), nullable=True)
            for f in schema.fields if f.key != ROW_ID.key]


def group_field(schema: SheetSchema) -> str | None:
    """The field whose value groups rows into one unit of change: the sheet's natural key
    (a journal entry's or a document's number, an account code), or None when each row
    stands alone. A lost ID is matched by it (see :mod:`backoffice.sync.matching`)."""
    from backoffice.sync.rows import GROUP_FIELDS

    return GROUP_FIELDS.get(schema.kind) or schema.natural_key


def sheet_table(metadata: sa.MetaData, schema: SheetSchema) -> sa.Table:
    """The store table of one syncable sheet kind."""
    name = sheet_table_name(schema.kind)
    group = group_field(schema)
    indexes = [sa.Index(f"ix_{name}_group", "company_id", group)] if group else []
    return sa.Table(
        name, metadata,
        sa.Column("company_id", sa.String(100), primary_key=True),
        sa.Column("row_id", sa.String(40), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, default=False),
        sa.Column("changed_by", sa.Text),
        sa.Column("book", sa.Text),
        *field_columns(schema),
        sa.Index(f"ix_{name}_version", "company_id", "version"),
        *indexes,
    )


def meta_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    """The tables every store has whatever its sheets."""
    return {
        "store_meta": sa.Table(
            "store_meta", metadata,
            sa.Column("key", sa.String(60), primary_key=True),
            sa.Column("value", sa.Text, nullable=False)),
        "store_migrations": sa.Table(
            "store_migrations", metadata,
            sa.Column("version", sa.Integer, primary_key=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("applied_at", sa.Text, nullable=False)),
        "companies": sa.Table(
            "companies", metadata,
            sa.Column("company_id", sa.String(100), primary_key=True),
            sa.Column("version", sa.BigInteger, nullable=False, default=0),
            sa.Column("created_at", sa.Text, nullable=False)),
        "audit_log": sa.Table(
            "audit_log", metadata,
            sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                      primary_key=True, autoincrement=True),
            sa.Column("company_id", sa.String(100), nullable=False),
            sa.Column("version", sa.BigInteger, nullable=False),
            sa.Column("at", sa.Text, nullable=False),
            sa.Column("user_name", sa.Text, nullable=False),
            sa.Column("book", sa.Text, nullable=False),
            sa.Column("action", sa.String(20), nullable=False),
            sa.Column("changes", sa.Text, nullable=False),
            sa.Column("prev_hash", sa.String(64), nullable=False),
            sa.Column("hash", sa.String(64), nullable=False),
            sa.Index("ix_audit_company", "company_id", "seq")),
        # Each book's identity, where it was at its last Sync, and whose copy it is (see
        # backoffice.sync.bookid).
        "book_identities": sa.Table(
            "book_identities", metadata,
            sa.Column("book_id", sa.String(40), primary_key=True),
            sa.Column("company_id", sa.String(100), nullable=False),
            sa.Column("location", sa.Text, nullable=False),
            sa.Column("copied_from", sa.String(40)),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("last_sync_at", sa.Text, nullable=False),
            sa.Index("ix_book_identities_place", "company_id", "location")),
    }


class StoreTables:
    """Every table of a store for the given sheet kinds, on one MetaData."""

    def __init__(self, schemas: Iterable[SheetSchema]) -> None:
        self.metadata = sa.MetaData()
        self.meta = meta_tables(self.metadata)
        self.sheets: dict[str, sa.Table] = {s.kind: sheet_table(self.metadata, s)
                                            for s in schemas if s.syncable}

    def __getitem__(self, name: str) -> sa.Table:
        return self.meta[name]


def syncable_schemas() -> list[SheetSchema]:
    """The sheet kinds whose rows travel through the store."""
    from backoffice.schemas import REGISTRY

    return [s for s in REGISTRY if s.syncable]
