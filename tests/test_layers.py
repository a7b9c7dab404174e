"""Layers you can see: every module's layer, and no import against the direction.

core (money, schema model and schemas, books, issues, reading, check) <- engines
(ledger, arap, payroll, inventory, sync, import, upgrade, templates) <- actions (what a
person does) <- clients (the CLI, ``addin/``, the package's own ``__init__``).
A module may import its own layer or one below. The table lists every module of
``backoffice/``, ``schemas/``, ``sync/`` and ``addin/``: a new module fails this
test until it is placed here, so that its layer is a decision, not an accident.
Every import counts, also one inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Where each installed package lives in the repository (pyproject's package-dir).
PACKAGES = {"backoffice": "backoffice", "backoffice.schemas": "schemas",
            "backoffice.sync": "sync", "backoffice.addin": "addin"}

ORDER = ("core", "engines", "actions", "clients")

#: Every module's layer. Add a new module here (its lowest honest layer).
TABLE: dict[str, tuple[str, ...]] = {
    "core": (
        "backoffice.books",
        "backoffice.books.base", "backoffice.books.integrity", "backoffice.books.limits",
        "backoffice.books.cache", "backoffice.books.charts", "backoffice.books.editplan",
        "backoffice.books.grid", "backoffice.books.formulas",
        "backoffice.books.hiddenstate", "backoffice.books.macrobook", "backoffice.books.macros",
        "backoffice.books.marks",
        "backoffice.books.new_xlsx", "backoffice.books.ovbacompress", "backoffice.books.ribbon",
        "backoffice.books.vbabuild",
        "backoffice.books.ooxml", "backoffice.books.save", "backoffice.books.sheetedit",
        "backoffice.books.sheetrefs",
        "backoffice.books.sheetxml", "backoffice.books.sniff", "backoffice.books.styles",
        "backoffice.books.writer", "backoffice.books.xlsx", "backoffice.books.zipcopy",
        "backoffice.activity", "backoffice.bookkind",
        "backoffice.catalogue", "backoffice.checking", "backoffice.coerce", "backoffice.errors",
        "backoffice.formula_text", "backoffice.holidays", "backoffice.issues", "backoffice.kmk_rates",
        "backoffice.locales", "backoffice.marking", "backoffice.money", "backoffice.months",
        "backoffice.progress", "backoffice.reading", "backoffice.render", "backoffice.ruleset",
        "backoffice.schema", "backoffice.schemas", "backoffice.sheetmemo",
        "backoffice.schemas.accounts", "backoffice.schemas.archive",
        "backoffice.schemas.bank_rules", "backoffice.schemas.filings", "backoffice.schemas.permits",
        "backoffice.schemas.bank_statement", "backoffice.schemas.candidates",
        "backoffice.schemas.contracts", "backoffice.schemas.leave_requests", "backoffice.schemas.leavers",
        "backoffice.schemas.warning_letters", "backoffice.schemas.balances",
        "backoffice.schemas.departments", "backoffice.schemas.documents",
        "backoffice.schemas.employees", "backoffice.schemas.items", "backoffice.schemas.journal",
        "backoffice.schemas.kmk_rates", "backoffice.schemas.opening_ytd",
        "backoffice.schemas.parties", "backoffice.schemas.pay_items",
        "backoffice.schemas.payments", "backoffice.schemas.payroll_rules",
        "backoffice.schemas.payroll_runs", "backoffice.schemas.periods",
        "backoffice.schemas.rates", "backoffice.schemas.settings",
        "backoffice.schemas.stock_counts", "backoffice.schemas.stock_moves",
        "backoffice.schemas.taxcodes", "backoffice.schemas.timesheet",
        "backoffice.taxid", "backoffice.validate", "backoffice.version", "backoffice.wording",
        "backoffice.xmlout",
    ),
    "engines": (
        "backoffice.arap",
        "backoffice.arap.amounts", "backoffice.arap.checks", "backoffice.arap.coretax",
        "backoffice.arap.coretax_checks", "backoffice.arap.documents", "backoffice.arap.engine",
        "backoffice.arap.messages", "backoffice.arap.parties", "backoffice.arap.posting",
        "backoffice.arap.reconcile", "backoffice.arap.reports", "backoffice.arap.taxcodes",
        "backoffice.arap.trxcodes", "backoffice.arap.umkm",
        "backoffice.bank",
        "backoffice.bank.camtread", "backoffice.bank.checks", "backoffice.bank.csvread",
        "backoffice.bank.frames", "backoffice.bank.importing", "backoffice.bank.layouts",
        "backoffice.bank.matching", "backoffice.bank.messages", "backoffice.bank.model",
        "backoffice.bank.mt940read", "backoffice.bank.ofxread", "backoffice.bank.pdfread",
        "backoffice.bank.proof", "backoffice.bank.readers",
        "backoffice.bank.reconciling", "backoffice.bank.rules", "backoffice.bank.settlements",
        "backoffice.bank.sheet", "backoffice.bank.status", "backoffice.bank.wording",
        "backoffice.bank.xlsread",
        "backoffice.compliance",
        "backoffice.compliance.amounts", "backoffice.compliance.archive",
        "backoffice.compliance.calendar", "backoffice.compliance.checks",
        "backoffice.compliance.command", "backoffice.compliance.deadlines",
        "backoffice.compliance.demo", "backoffice.compliance.ics",
        "backoffice.compliance.messages", "backoffice.compliance.permits",
        "backoffice.compliance.rules", "backoffice.compliance.run", "backoffice.compliance.sheet",
        "backoffice.compliance.thr",
        "backoffice.booksettings",
        "backoffice.csvimport", "backoffice.csvimport.messages", "backoffice.csvimport.text",
        "backoffice.engines",
        "backoffice.hr",
        "backoffice.hr.checks", "backoffice.hr.contracts", "backoffice.hr.hiring",
        "backoffice.hr.leave", "backoffice.hr.letters", "backoffice.hr.messages",
        "backoffice.hr.outputs", "backoffice.hr.payitems", "backoffice.hr.people",
        "backoffice.hr.personal", "backoffice.hr.rules", "backoffice.importing",
        "backoffice.inventory",
        "backoffice.inventory.book", "backoffice.inventory.checks", "backoffice.inventory.engine",
        "backoffice.inventory.flows", "backoffice.inventory.journal",
        "backoffice.inventory.messages", "backoffice.inventory.run",
        "backoffice.inventory.sheets", "backoffice.inventory.valuation",
        "backoffice.ledger",
        "backoffice.ledger.balances", "backoffice.ledger.base", "backoffice.ledger.cashflow",
        "backoffice.ledger.checks", "backoffice.ledger.closing", "backoffice.ledger.dashboard",
        "backoffice.ledger.generated", "backoffice.ledger.identity", "backoffice.ledger.posting",
        "backoffice.ledger.postings", "backoffice.ledger.reporting", "backoffice.ledger.reports",
        "backoffice.ledger.revaluation", "backoffice.ledger.starter_charts",
        "backoffice.ledger.statements",
        "backoffice.payroll",
        "backoffice.payroll.book", "backoffice.payroll.checks", "backoffice.payroll.coretax",
        "backoffice.payroll.engine", "backoffice.payroll.generic", "backoffice.payroll.indonesia",
        "backoffice.payroll.inputs", "backoffice.payroll.leavers", "backoffice.payroll.severance",
        "backoffice.payroll.severance_checks", "backoffice.payroll.severance_out",
        "backoffice.payroll.journal", "backoffice.payroll.messages",
        "backoffice.payroll.model", "backoffice.payroll.outputs", "backoffice.payroll.pdf",
        "backoffice.payroll.report", "backoffice.payroll.rounding", "backoffice.payroll.rules",
        "backoffice.payroll.run",
        "backoffice.sync",
        "backoffice.sync.anchoring", "backoffice.sync.audit", "backoffice.sync.bookedit",
        "backoffice.sync.bookid",
        "backoffice.sync.bookread", "backoffice.sync.conflicts", "backoffice.sync.contributions",
        "backoffice.sync.engine", "backoffice.sync.faults", "backoffice.sync.gridedit",
        "backoffice.sync.identity", "backoffice.sync.matching", "backoffice.sync.merged",
        "backoffice.sync.messages",
        "backoffice.sync.plan", "backoffice.sync.pushing", "backoffice.sync.render",
        "backoffice.sync.rows", "backoffice.sync.state", "backoffice.sync.store",
        "backoffice.sync.storeurl",
        "backoffice.sync.tables", "backoffice.sync.verify",
        "backoffice.templates", "backoffice.upgrading",
    ),
    "actions": (
        "backoffice.actions", "backoffice.actions.base", "backoffice.actions.check",
        "backoffice.actions.close", "backoffice.actions.import_csv", "backoffice.actions.new",
        "backoffice.actions.payroll", "backoffice.actions.post", "backoffice.actions.reopen",
        "backoffice.actions.report", "backoffice.actions.revalue", "backoffice.actions.settings",
        "backoffice.actions.stock",
        "backoffice.actions.sync", "backoffice.actions.upgrade",
        "backoffice.actions.archive", "backoffice.actions.calendar", "backoffice.actions.hire",
        "backoffice.actions.personal_data", "backoffice.actions.bank_import",
        "backoffice.actions.bank_reconcile",
        "backoffice.demo",
        "backoffice.demo.bank", "backoffice.demo.company", "backoffice.demo.journal",
        "backoffice.demo.payroll", "backoffice.demo.people",
        "backoffice.demo.stock", "backoffice.demo.sync_scenario",
    ),
    "clients": (
        "backoffice", "backoffice.addin", "backoffice.addin.excel", "backoffice.addin.excel.book",
        "backoffice.addin.excel.commands", "backoffice.addin.excel.doctor",
        "backoffice.addin.excel.store",
        "backoffice.bank.commands", "backoffice.cli",
        "backoffice.addin.server",
        "backoffice.addin.server.addresses", "backoffice.addin.server.admin",
        "backoffice.addin.server.app", "backoffice.addin.server.auth",
        "backoffice.addin.server.catalog", "backoffice.addin.server.commands",
        "backoffice.addin.server.config", "backoffice.addin.server.filebook",
        "backoffice.addin.server.jobs", "backoffice.addin.server.limits",
        "backoffice.addin.server.locks", "backoffice.addin.server.logs",
        "backoffice.addin.server.quota",
        "backoffice.addin.server.refusals", "backoffice.addin.server.results",
        "backoffice.addin.server.sheetbook",
        "backoffice.addin.server.state",
        "backoffice.addin.gsheets", "backoffice.addin.gsheets.a1", "backoffice.addin.gsheets.address",
        "backoffice.addin.gsheets.book", "backoffice.addin.gsheets.client",
        "backoffice.addin.gsheets.commands", "backoffice.addin.gsheets.emulator",
        "backoffice.addin.gsheets.errors", "backoffice.addin.gsheets.template",
        "backoffice.addin.commands", "backoffice.addin.config",
        "backoffice.addin.libreoffice", "backoffice.addin.libreoffice.backoffice_calc",
        "backoffice.addin.libreoffice.build", "backoffice.addin.worker",
    ),
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts
                     if p != "__init__"]
            if folder == "backoffice" and parts and parts[0] in ("schemas", "sync", "addin"):
                continue
            found[".".join([package, *parts])] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (``from pkg import mod`` names the module)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                targets.add(full if full in modules else module)
    found = set()
    for target in targets:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def _layer_of() -> dict[str, int]:
    return {module: ORDER.index(layer) for layer, names in TABLE.items() for module in names}


def test_every_module_has_a_layer() -> None:
    layers = _layer_of()
    modules = _modules()
    unknown = sorted(set(modules) - set(layers))
    assert not unknown, f"modules without a layer: add them to TABLE in {__file__}: {unknown}"
    gone = sorted(set(layers) - set(modules))
    assert not gone, f"TABLE names modules that no longer exist: {gone}"
    assert set(TABLE) == set(ORDER)
    assert sum(len(names) for names in TABLE.values()) == len(layers), "a module listed twice"


def test_imports_run_one_way() -> None:
    layers = _layer_of()
    modules = _modules()
    against = sorted(
        f"{name} ({ORDER[layers[name]]}) imports {target} ({ORDER[layers[target]]})"
        for name, path in modules.items() if name in layers
        for target in _imports(name, path, modules)
        if target in layers and layers[target] > layers[name])
    assert not against, "imports against the layers:\n" + "\n".join(against)


def test_schemas_import_no_engine() -> None:
    """The single source of truth sits at the bottom: a schema imports only the core."""
    layers = _layer_of()
    modules = _modules()
    bad = sorted(f"{name} imports {target}" for name, path in modules.items()
                 if name.startswith("backoffice.schemas")
                 for target in _imports(name, path, modules) if layers.get(target, 0) > 0)
    assert not bad, bad


def test_the_detector_sees_an_upward_import(tmp_path: Path) -> None:
    """The import reader finds a lazy, relative and ``from pkg import module`` import."""
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from backoffice.ledger import closing\n"
                      "    from . import cli\n    import backoffice.sync.engine\n",
                      encoding="utf-8")
    modules = _modules()
    found = _imports("backoffice.probe", source, modules)
    assert found == {"backoffice.ledger.closing", "backoffice.cli", "backoffice.sync.engine"}
    layers = _layer_of()
    assert [ORDER[layers[m]] for m in sorted(found)] == ["clients", "engines", "engines"]


def test_no_import_cycle_between_arap_engine_and_umkm() -> None:
    modules = _modules()
    umkm = _imports("backoffice.arap.umkm", modules["backoffice.arap.umkm"], modules)
    assert "backoffice.arap.engine" not in umkm


def test_only_books_open_a_workbook_writer() -> None:
    """The Book seam: engines and actions open a writer with ``books.open_writer`` and use
    only the :class:`~backoffice.books.base.BookWriter` calls."""
    opened = []
    for name, path in _modules().items():
        if name.startswith("backoffice.books"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "WorkbookWriter":
                opened.append(f"{name}:{node.lineno}")
    assert not opened, opened


def test_the_xlsx_writer_honours_the_book_writer_protocol() -> None:
    import inspect

    from backoffice.books.base import BookWriter
    from backoffice.books.writer import WorkbookWriter

    calls = [name for name, member in vars(BookWriter).items()
             if callable(member) and (not name.startswith("_") or name in ("__enter__",
                                                                            "__exit__"))]
    assert {"write_output_sheet", "mark_cells", "replace_rows", "add_columns",
            "dropdown_columns", "add_input_sheet", "sheet_names",
            "hidden_texts", "save"} <= set(calls)
    for name in calls:
        wanted = list(inspect.signature(getattr(BookWriter, name)).parameters)
        have = list(inspect.signature(getattr(WorkbookWriter, name)).parameters)
        assert have[:len(wanted)] == wanted, (name, have, wanted)
