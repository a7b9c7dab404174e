"""Templates: generated from the schemas, shipped in workbooks/, clean when fresh."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from backoffice.schemas import REGISTRY

from backoffice.checking import check
from backoffice.cli import main
from backoffice.templates import shipped_templates, write_shipped_templates

WORKBOOKS = Path(__file__).parent.parent / "workbooks"


def test_shipped_templates_are_up_to_date_with_the_schemas(tmp_path):
    """Regenerate every template; each must equal the shipped file byte for byte."""
    write_shipped_templates(str(tmp_path))
    for name in shipped_templates():
        fresh, shipped = tmp_path / name, WORKBOOKS / name
        assert shipped.exists(), f"workbooks/{name} is missing"
        assert fresh.read_bytes() == shipped.read_bytes(), \
            f"workbooks/{name} is out of date: run python -m backoffice.templates workbooks"


@pytest.mark.parametrize("name", sorted(shipped_templates()))
def test_a_fresh_template_checks_clean(name, tmp_path):
    copy = tmp_path / name
    copy.write_bytes((WORKBOOKS / name).read_bytes())
    report = check(str(copy))
    assert report.issues == ()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_ledger_template_has_headers_dropdowns_help_and_tables(tmp_path, lang):
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path), "--lang", lang]) == 0
    book = openpyxl.load_workbook(path)
    journal_schema, accounts_schema = REGISTRY["journal"], REGISTRY["accounts"]
    assert book.sheetnames == [s.name(lang) for s in REGISTRY.for_book("ledger")] + [
        {"en": "Help", "id": "Bantuan"}[lang]]
    journal = book[journal_schema.name(lang)]
    assert [c.value for c in journal[1]] == [f.header(lang) for f in journal_schema.fields]
    assert journal.freeze_panes == "A2"
    assert list(journal.tables) == ["tblJournal"]
    assert journal.column_dimensions["D"].width == pytest.approx(40, abs=1)
    validations = {str(v.sqref): v for v in journal.data_validations.dataValidation}
    assert validations["A2:A1048576"].promptTitle == journal_schema.field("date").header(lang)
    # The ID column refuses typing: Sync fills it in.
    id_rule = next(v for v in journal.data_validations.dataValidation if v.promptTitle == "ID")
    assert (id_rule.type, id_rule.formula1, bool(id_rule.showErrorMessage)) == (
        "custom", "FALSE()", True)
    assert id_rule.errorStyle in (None, "stop")  # stop is OOXML's default
    accounts = book[accounts_schema.name(lang)]
    types = next(v for v in accounts.data_validations.dataValidation if v.type == "list")
    labels = [c.label(lang) for c in accounts_schema.field("type").choices]
    assert types.formula1 == '"' + ",".join(labels) + '"'
    assert str(types.sqref) == "C2:C1048576"
    help_sheet = book.worksheets[-1]
    texts = [c.value for row in help_sheet.iter_rows() for c in row if c.value]
    assert any(journal_schema.field("debit").help_id in str(t) or
               journal_schema.field("debit").help_en in str(t) for t in texts)


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"precious")
    assert main(["new", "ledger", str(path)]) == 2
    assert path.read_bytes() == b"precious"
    err = capsys.readouterr().err
    assert "already exists. Choose another file name" in err and "--help" not in err


def test_each_book_shows_only_its_own_settings(tmp_path):
    """Settings are one schema for every book, but a payroll clerk should not be asked for
    the receivables account, nor a bookkeeper for the payroll rule pack."""
    import openpyxl

    from backoffice.templates import new_book

    shown = {}
    for kind in ("ledger", "payroll"):
        new_book(kind, str(tmp_path / f"{kind}.xlsx"), "en")
        sheet = openpyxl.load_workbook(tmp_path / f"{kind}.xlsx")["Settings"]
        shown[kind] = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Company", "Base currency", "Language"} <= shown["ledger"] & shown["payroll"]
    assert "Receivables account" in shown["ledger"] and "Receivables account" not in shown["payroll"]
    assert "Payroll rule pack" in shown["payroll"] and "Payroll rule pack" not in shown["ledger"]


@pytest.mark.parametrize("kind", ["ledger", "payroll", "inventory"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_no_header_is_clipped(tmp_path, kind, lang):
    """Every header shows whole: its column is at least as wide as the bold header text plus
    the table's filter button (about 1.1 characters a letter, and 3 more)."""
    path = tmp_path / f"{kind}.xlsx"
    assert main(["new", kind, str(path), "--lang", lang]) == 0
    book = openpyxl.load_workbook(path)
    clipped = []
    for sheet in book.worksheets:
        for cell in sheet[1]:
            if not isinstance(cell.value, str) or sheet.title in ("Help", "Bantuan"):
                continue
            width = sheet.column_dimensions[cell.column_letter].width
            if width < len(cell.value) * 1.1 + 3 - 0.05:
                clipped.append((sheet.title, cell.value, width))
    assert clipped == []
