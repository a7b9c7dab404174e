"""The sheet kinds: one source of truth, bilingual, designed for more kinds to come."""

from __future__ import annotations

import pytest
from backoffice.schemas import REGISTRY

from backoffice.schema import Field, Kind, Registry, SheetSchema, normalize_name


def test_the_foundation_sheet_kinds_exist_in_both_languages():
    names = {s.kind: (s.en, s.id) for s in REGISTRY}
    # Capabilities (payroll, ...) add their own kinds; the foundation's stay as they are.
    assert names.items() >= {"settings": ("Settings", "Pengaturan"), "accounts": ("Accounts", "Akun"),
                     "journal": ("Journal", "Jurnal"), "balances": ("Balances", "Saldo"),
                     "rates": ("Rates", "Kurs"), "periods": ("Periods", "Periode"),
                     "period-locks": ("_backoffice_locks", "_backoffice_locks"),
                     # receivables, payables and tax
                     "customers": ("Customers", "Pelanggan"), "suppliers": ("Suppliers", "Pemasok"),
                     "invoices": ("Invoices", "Faktur"), "bills": ("Bills", "Tagihan"),
                     "payments": ("Payments", "Pembayaran"),
                     "taxcodes": ("Tax codes", "Kode Pajak"),
                     # inventory
                     "items": ("Items", "Barang"), "stock_moves": ("Stock moves", "Mutasi stok"),
                     "stock_counts": ("Stock counts", "Stok opname")}.items()


@pytest.mark.parametrize("name", ["Jurnal", "JOURNAL", " journal ", "Jurnal Umum", "general-journal"])
def test_sheets_match_whatever_the_case_spacing_or_punctuation(name):
    assert REGISTRY.match_sheet(name).kind == "journal"


def test_required_columns_have_the_documented_indonesian_names():
    journal = {f.key: f.id for f in REGISTRY["journal"].fields}
    assert journal == {"date": "Tanggal", "entry": "No. Bukti", "account": "Akun",
                       "description": "Keterangan", "debit": "Debit", "credit": "Kredit",
                       "currency": "Mata Uang", "source": "Sumber", "rate": "Kurs",
                       "row_id": "ID"}
    accounts = {f.key: f.id for f in REGISTRY["accounts"].fields}
    assert accounts == {"code": "Kode", "name": "Nama", "type": "Tipe", "parent": "Induk",
                        "cash_flow": "Arus kas", "row_id": "ID"}


def test_every_field_is_fully_described():
    for schema in REGISTRY:
        assert schema.help_en and schema.help_id, schema.kind
        seen: set[str] = set()
        for field in schema.fields:
            assert field.en and field.id and field.help_en and field.help_id, field.key
            assert field.width > 0 and field.excel_format, field.key
            names = {normalize_name(n) for n in field.names()}
            assert not names & seen, f"{schema.kind}.{field.key} shares a header with another field"
            seen |= names
            if field.kind == Kind.CHOICE:
                assert field.choices, field.key


def test_codes_are_text_and_the_account_code_is_the_unique_key():
    accounts = REGISTRY["accounts"]
    assert accounts.key == "code" and accounts.field("code").unique
    assert accounts.field("code").kind == Kind.CODE
    assert accounts.field("parent").kind == Kind.CODE
    assert REGISTRY["journal"].field("account").kind == Kind.CODE
    assert REGISTRY["journal"].field("entry").kind == Kind.CODE


def test_account_types_accept_either_language():
    lookup = REGISTRY["accounts"].field("type").choice_lookup()
    assert lookup[normalize_name("Aset")] == lookup[normalize_name("asset")] == "asset"
    assert lookup[normalize_name("Beban")] == "expense"
    assert lookup[normalize_name("Liabilitas")] == "liability"


def test_a_new_sheet_kind_registers_in_one_place_and_names_cannot_collide():
    registry = Registry(REGISTRY)
    assets = SheetSchema("assets", "Fixed assets", "Aset tetap",
                         (Field("tag", "Tag", "Label", Kind.CODE),), books=("assets",))
    registry.register(assets)
    assert registry.match_sheet("aset tetap") is assets
    assert registry.for_book("assets") == [assets]
    assert [s.kind for s in registry.for_book("ledger")] == ["settings", "accounts", "journal",
                                                             "balances", "rates", "customers",
                                                             "suppliers", "invoices", "bills",
                                                             "payments", "taxcodes",
                                                             "kmk_rates"]
    clash = SheetSchema("other", "Other", "Jurnal", ())
    with pytest.raises(ValueError, match="taken by journal"):
        registry.register(clash)
