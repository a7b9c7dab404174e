"""The command line: a thin layer over the library (``import backoffice`` does the same).

Exit codes, kept by every command (docs/exit-codes in the README):
0 clean (warnings allowed), 1 data problems found, 2 unusable input or wrong
usage, 3 retryable (file locked, store unreachable), 4 an internal error (a bug).
Failures print one line on stderr, never a traceback (set BACKOFFICE_DEBUG=1
to see one).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import traceback

import click

from backoffice import __version__, actions, catalogue
from backoffice.addin.gsheets.address import finish_book, open_book_address, refuse_gsheet_post_to
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_INTERNAL, EXIT_UNUSABLE, BackofficeError, UsageError
from backoffice.locales import LANGUAGES, LOCALES, resolve_language
from backoffice.progress import Progress

_lang_option = click.option("--lang", type=click.Choice(LANGUAGES),
                            help="Language of messages (default: the book's Settings, "
                                 "else the environment).")


def _show(result: actions.ActionResult, output: str = "text", err: bool = False,
          lines: bool = True) -> None:
    """Print what an action gave back: its report when it explains the outcome, then the
    outcome and its details (on stderr when stdout holds JSON)."""
    from backoffice.render import to_json, to_text

    if result.show_report and result.report is not None:
        click.echo(to_json(result.report) if output == "json" else to_text(result.report))
    for line in result.lines() if lines else ():
        click.echo(line, err=err)


class _Said(Progress):
    """An action's steps on stderr at a terminal, in the language the action switches to."""

    def __call__(self, line: Localized) -> None:
        self.say(line.en, line.id)


class _Working:
    """An action's progress at a terminal (:mod:`backoffice.activity`): a transient spinner
    with the time taken, "Posting BOOK: <step>" in the book's language; nothing when stderr
    is not a terminal (the book is then not even opened for its language)."""

    def __init__(self, book: str, lang: str | None, en: str, id_: str) -> None:
        self.book, self.lang, self.en, self.id = book, lang, en, id_
        self._shown = None  # type: ignore[var-annotated]
        self._steps = None  # type: ignore[var-annotated]

    def __enter__(self) -> _Working:
        from backoffice.activity import working
        from backoffice.wording import book_language

        self._shown = working(f"{self.en} {self.book}", f"{self.id} {self.book}",
                              lambda: book_language(self.book, self.lang))
        self._steps = self._shown.__enter__()
        return self

    def __exit__(self, *exc: object) -> bool | None:
        assert self._shown is not None
        return self._shown.__exit__(*exc)  # type: ignore[arg-type]

    def __call__(self, line: Localized) -> None:
        if self._steps is not None:
            self._steps.step(f"{self.en} {self.book}: {line.en}",
                             f"{self.id} {self.book}: {line.id}")


def _finish(result: actions.ActionResult, output: str = "text", err: bool = False) -> None:
    """Show the result and exit with its code."""
    _show(result, output, err)
    sys.exit(result.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="backoffice")
def cli() -> None:
    """backoffice: your workbooks are the user interface; this checks and computes behind them."""


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table for people, or JSON for scripts.")
@click.option("--marks/--no-marks", default=True, show_default=True,
              help="Mark the book: an Issues sheet, and a highlight and note on wrong cells.")
@_lang_option
def check(book: str, output: str, marks: bool, lang: str | None) -> None:
    """Check every sheet backoffice knows in BOOK and report every problem.

    Exit 0 when clean (warnings allowed), 1 when problems were found.
    """
    target = open_book_address(book) or book  # a Google Sheet (gsheet:<id>) or a file
    with _Working(book, lang, "Checking", "Memeriksa") as working:
        result = actions.check(target, actions.CheckOptions(lang, marks), working)
    _show(result, output, lines=False)
    if marks:  # after the report is shown; a book open in Excel keeps its exit code
        for line in actions.mark(target, result).details:  # marks not written, and why
            click.echo(line.pick(result.language), err=True)
    finish_book(target)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@_lang_option
def demo(directory: str, lang: str | None) -> None:
    """Create the demo company's workbooks in DIRECTORY and check them."""
    from backoffice.activity import working
    from backoffice.demo import run_demo

    with working(f"Making the demo company in {directory}",
                 f"Membuat perusahaan demo di {directory}", resolve_language(lang, None)):
        result = run_demo(directory, lang=lang)
    click.echo(result.summary)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("kind", type=click.Choice(["ledger", "payroll", "inventory"]))
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the sheets, headers and help.")
@click.option("--gsheet", "gsheet", metavar="ID",
              help="Lay the template into this empty Google Sheet (id or URL) instead of a file.")
@click.option("--chart", type=click.Choice(["emkm", "ep"]),
              help="A ledger's starter chart of accounts: emkm (short, in the style of SAK "
                   "EMKM) or ep (fuller, in the style of SAK EP); the settings and tax codes "
                   "point into it.")
def new(kind: str, path: str | None, lang: str, chart: str | None, gsheet: str | None) -> None:
    """Create a new, empty KIND book at PATH (or in an empty Google Sheet), ready to fill in."""
    if gsheet:
        from backoffice.addin.gsheets.commands import new_in_gsheet

        new_in_gsheet(kind, gsheet, lang, chart)
        return
    if path is None:
        raise click.UsageError("PATH is required (or --gsheet ID).")
    _finish(actions.new(path, actions.NewOptions(kind, lang, chart)))


@cli.command(name="import")
@click.argument("book", type=click.Path(dir_okay=False))
@click.argument("sheet")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, exists=True))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table for people, or JSON for scripts.")
@click.option("--locale", type=click.Choice(sorted(LOCALES)),
              help="How the CSV writes numbers and dates (default: the book's locale).")
@_lang_option
def import_(book: str, sheet: str, csv_file: str, output: str, locale: str | None,
            lang: str | None) -> None:
    """Append the rows of FILE.csv to SHEET of BOOK, if every row is valid.

    The CSV's header uses the sheet's column names (English or Indonesian). The
    file is read as Excel saves it (UTF-8 or the Windows code page; "," or ";"),
    its numbers and dates by the book's locale (30/12/2025, 50.000,00 in id-ID)
    or ISO. Nothing is written when any row has an error (exit 1).
    """
    target = open_book_address(book) or book  # a Google Sheet (gsheet:<id>) or a file
    result = actions.import_rows(target, actions.ImportOptions(sheet, csv_file, lang, locale))
    finish_book(target)
    _finish(result, output, err=output == "json")


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@_lang_option
def upgrade(book: str, lang: str | None) -> None:
    """Bring BOOK, made from an older template, up to the current sheets and columns.

    New columns, sheets, settings and dropdowns are added; nothing typed is changed.
    """
    target = open_book_address(book) or book  # a Google Sheet (gsheet:<id>) or a file
    result = actions.upgrade(target, actions.UpgradeOptions(lang))
    finish_book(target)
    _finish(result)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@click.argument("name", required=False)
@click.argument("value", required=False)
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, exists=True),
              help="Set every setting this CSV lists (a name, then its value, one a line).")
@_lang_option
def settings(book: str, name: str | None, value: str | None, csv_file: str | None,
             lang: str | None) -> None:
    """Show BOOK's settings, or the setting NAME (in English or Indonesian), or set it to VALUE."""
    result = actions.settings(book, actions.SettingsOptions(name, value, csv_file, lang))
    click.echo(result.text, nl=False)
    sys.exit(result.exit_code)


_period_options = [
    click.option("--as-of", help="Balances at the end of this date (YYYY-MM-DD)."),
    click.option("--from", "start", help="First day of the period (YYYY-MM-DD)."),
    click.option("--to", "end", help="Last day of the period (YYYY-MM-DD)."),
    click.option("--period", help="A month (YYYY-MM) or a calendar year (YYYY)."),
]


def _with_period_options(command):  # type: ignore[no-untyped-def]
    for option in reversed(_period_options):
        command = option(command)
    return command


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@_with_period_options
@_lang_option
def post(book: str, as_of: str | None, start: str | None, end: str | None, period: str | None,
         lang: str | None) -> None:
    """Rebuild the ledger's output sheets of BOOK from its Journal.

    Refuses a book with errors (exit 1) and says why.
    """
    from backoffice.ledger.reports import options_from

    options = options_from(as_of, start, end, period)
    target = open_book_address(book) or book  # a Google Sheet (gsheet:<id>) or a file
    with _Working(book, lang, "Posting", "Memposting") as working:
        result = actions.post(target, actions.PostOptions(lang, options), working)
    finish_book(target)
    _finish(result)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.argument("name", type=click.Choice(["trial-balance", "general-ledger", "income-statement",
                                           "balance-sheet", "cash-flow", "dashboard",
                                           "payroll-register", "payroll-bank-transfer",
                                           "payroll-pph21-summary",
                                           # receivables, payables and tax (backoffice.arap)
                                           "ar-aging", "ap-aging", "open-documents",
                                           "customer-statements", "tax-summary", "efaktur-csv",
                                           "bupot-csv", "efaktur-input-reconciliation",
                                           # Coretax's import files (XML)
                                           "coretax-faktur-xml", "coretax-bupot-unifikasi-xml",
                                           "coretax-bupot21-xml"]))
@click.option("--format", "output", type=click.Choice(["csv", "json", "xlsx", "xml"]),
              default=None, help="csv (default), json or xlsx; the coretax-*-xml reports are "
                                 "XML.")
@click.option("--output", "target", type=click.Path(dir_okay=False),
              help="Write to this file (required for xlsx); else standard output.")
@click.option("--coretax", "coretax", type=click.Path(dir_okay=False),
              help="efaktur-input-reconciliation: the input-VAT list downloaded from Coretax "
                   "(.xlsx or .csv).")
@click.option("--monthly", is_flag=True, help="Trial balance per month: change and balance.")
@_with_period_options
@_lang_option
def report(book: str, name: str, output: str | None, target: str | None, coretax: str | None,
           monthly: bool, as_of: str | None, start: str | None, end: str | None,
           period: str | None, lang: str | None) -> None:
    """Print or save the report NAME of BOOK (CSV and JSON: English names, "." decimals)."""
    from backoffice.ledger.reports import options_from

    result = actions.report(open_book_address(book) or book, actions.ReportOptions(
        name, output, target, coretax, options_from(as_of, start, end, period, monthly), lang))
    for note in result.details:  # what a Coretax file leaves out, for the user to file by hand
        click.echo(note.pick(resolve_language(lang, None)), err=True)
    if result.text is not None:
        click.echo(result.text, nl=False)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--period", help="The month to close, YYYY-MM.")
@click.option("--year", help="The fiscal year to close, FY2025: posts its closing entry.")
@_lang_option
def close(book: str, period: str | None, year: str | None, lang: str | None) -> None:
    """Close a month of BOOK (its entries are locked; any later change is a Check error),
    or a fiscal year (its result moves into retained earnings)."""
    _finish(actions.close(book, actions.CloseOptions(period, year, lang)))


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--period", required=True, help="The closed month to reopen, YYYY-MM.")
@click.option("--reason", required=True, help="Why it is reopened (kept in the Periods sheet).")
@_lang_option
def reopen(book: str, period: str, reason: str, lang: str | None) -> None:
    """Reopen a closed month of BOOK, on the record."""
    _finish(actions.reopen(book, actions.ReopenOptions(period, reason, lang)))


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--period", required=True, help="The month to revalue at its end, YYYY-MM.")
@_lang_option
def revalue(book: str, period: str, lang: str | None) -> None:
    """Revalue BOOK's foreign-currency assets and liabilities at the end of a month, with
    an entry reversed on the next month's first day (again: the entries are replaced)."""
    _finish(actions.revalue(book, actions.RevalueOptions(period, lang)))


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the catalogue as Markdown (docs/issue-codes.md).")
def codes(markdown: bool) -> None:
    """List every issue and failure code with its message and fix."""
    if markdown:
        click.echo(catalogue.to_markdown(), nl=False)
        return
    for entry in catalogue.CATALOGUE.values():
        click.echo(f"{entry.code:28} {entry.severity:8} {entry.en}")


from backoffice.bank.commands import bank as _bank  # noqa: E402  (issue 24)

cli.add_command(_bank)

from backoffice.addin.commands import addin as _addin  # noqa: E402  (issue 18)

cli.add_command(_addin)

from backoffice.addin.excel.commands import register as _register_excel  # noqa: E402  (issue 19)

_register_excel(cli)

from backoffice.addin.gsheets.commands import gsheets as _gsheets  # noqa: E402  (issue 20)

cli.add_command(_gsheets)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising."""
    args = sys.argv[1:] if argv is None else argv
    explicit = _lang_from(args)
    lang = resolve_language(explicit, None)
    try:
        cli.main(args=args, prog_name="backoffice", standalone_mode=False)
    except SystemExit as done:
        return int(done.code or 0)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.ClickException as exc:
        message = exc.format_message().rstrip(".")
        message += "" if message.endswith(("?", "!")) else "."
        click.echo(catalogue.render_failure("usage", {"detail": message,
                                                      "command": _command_path(args)}, lang),
                   err=True)
        return EXIT_UNUSABLE
    except BackofficeError as exc:
        if isinstance(exc, UsageError):  # point at the subcommand's own help
            exc.params["command"] = _command_path(args)
        book_lang = exc.book_lang or (None if explicit else _book_language_of(args))
        click.echo(exc.render(resolve_language(explicit, book_lang)), err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line, and the details on request
        if os.environ.get("BACKOFFICE_DEBUG"):
            traceback.print_exc()
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        click.echo(catalogue.render_failure("internal", {"detail": detail}, lang), err=True)
        return EXIT_INTERNAL
    return 0


def _lang_from(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _language(lang: str | None, book: str | None) -> str:
    """--lang, else the language of ``book`` when one is named, else the environment's."""
    from backoffice.wording import book_language

    return book_language(book, lang) if book else resolve_language(lang, None)


def _book_language_of(args: list[str]) -> str | None:
    """The language of the first workbook the arguments name, so a failure about it is said
    in its language; None when no readable workbook is named."""
    from backoffice.wording import book_language

    for arg in args:
        if arg.lower().endswith((".xlsx", ".xlsm")) and os.path.isfile(arg):
            return book_language(arg)
    return None


def _command_path(args: list[str]) -> str:
    """"backoffice store status": the (sub)command the arguments name, for its --help."""
    words, group = ["backoffice"], cli
    for arg in args:
        command = group.commands.get(arg) if isinstance(group, click.Group) else None
        if command is None:
            if arg.startswith("-"):
                continue
            break
        words.append(arg)
        group = command
    return " ".join(words)


def entry_point() -> None:
    sys.exit(main())


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@click.argument("candidate")
@_lang_option
def hire(book: str, candidate: str, lang: str | None) -> None:
    """Make CANDIDATE of BOOK's Candidates an employee: Employees and Contracts rows."""
    result = actions.hire(book, actions.HireOptions(candidate, lang))
    _show(result, lines=result.ok)  # refused: the report says why
    sys.exit(result.exit_code)


@cli.command(name="personal-data")
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@click.argument("employee")
@click.option("--specific", is_flag=True,
              help="Include specific personal data (health, financial; UU 27/2022 Ps. 4(2)).")
@click.option("--erase", is_flag=True,
              help="Empty the former employee's rows instead, once the retention period is over.")
@_lang_option
def personal_data(book: str, employee: str, specific: bool, erase: bool,
                  lang: str | None) -> None:
    """Print every row of EMPLOYEE in BOOK as JSON (UU 27/2022 Ps. 7), or --erase them."""
    result = actions.personal_data(book, actions.PersonalDataOptions(employee, specific, erase,
                                                                     lang))
    click.echo(result.text, nl=False)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--period", help="The month to run, YYYY-MM.")
@click.option("--year", help="Run every month of this year that has data, YYYY.")
@click.option("--finalize", is_flag=True,
              help="Store the months run: they are never recomputed afterwards.")
@click.option("--post-to", "post_to", type=click.Path(dir_okay=False),
              help="Replace each month's payroll:YYYY-MM block in this ledger book.")
@click.option("--pdf", "pdf_folder", type=click.Path(file_okay=False),
              help="Also write a PDF payslip per employee and month into this folder.")
@_lang_option
def payroll(book: str, period: str | None, year: str | None, finalize: bool,
            post_to: str | None, pdf_folder: str | None, lang: str | None) -> None:
    """Run payroll of BOOK for a month (--period) or a year (--year).

    Writes the Payroll register and a payslip sheet per month; refuses a book
    with errors (exit 1) and says why.
    """
    options = actions.PayrollOptions(period, year, finalize, post_to, pdf_folder, lang)
    refuse_gsheet_post_to(post_to)
    target = open_book_address(book) or book  # a Google Sheet (gsheet:<id>) or a file
    with _Working(book, lang, "Running payroll of", "Menjalankan penggajian") as working:
        result = actions.payroll(target, options, working)
    finish_book(target)
    _finish(result)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--as-of", help="Stock at the end of this date (YYYY-MM-DD); default today.")
@click.option("--post-to", "post_to", type=click.Path(dir_okay=False),
              help="Post the stock journal (Source stock:YYYY-MM) to this ledger book.")
@click.option("--print", "shown", type=click.Choice(["stock-on-hand", "valuation", "usage",
                                                     "reorder", "count-differences"]),
              help="Print this output instead of writing the book (for scripts).")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="With --print: English column names, '.' decimals.")
@_lang_option
def stock(book: str, as_of: str | None, post_to: str | None, shown: str | None, output: str,
          lang: str | None) -> None:
    """Write Stock on hand, Valuation, Usage, Reorder and Count differences into BOOK.

    Refuses a book with errors (exit 1) and says why.
    """
    from backoffice.ledger.reports import options_from

    options = actions.StockOptions(options_from(as_of).as_of, post_to, shown, output, lang)
    refuse_gsheet_post_to(post_to)
    target = open_book_address(book) or book  # a Google Sheet (gsheet:<id>) or a file
    with _Working(book, lang, "Computing the stock of", "Menghitung stok") as working:
        result = actions.stock(target, options, working)
    finish_book(target)  # nothing to write with --print
    if result.text is not None:
        click.echo(result.text, nl=False)
        return
    _finish(result)


# -- sync (issue 7): the central store, Sync, the audit log ---------------------------------------

_store_option = click.option("--store", "store_url", metavar="URL",
                             help="The store: a file path, sqlite:///…, or postgresql+psycopg://… "
                                  "(default: BACKOFFICE_STORE, the book's Settings, else "
                                  "backoffice-store.sqlite beside the book).")


@cli.command(name="sync")
@click.argument("book", type=click.Path(dir_okay=False))
@_store_option
@click.option("--user", help="Who is syncing (default: BACKOFFICE_USER, else the login name).")
@click.option("--allow-mass-delete", is_flag=True,
              help="Send the deletion of more than 5% of a sheet's rows.")
@click.option("--take-over", is_flag=True,
              help="A payroll or stock book: replace the journal another book sent (this book "
                   "now keeps the company's payroll or stock).")
@_lang_option
def sync_(book: str, store_url: str | None, user: str | None, allow_mass_delete: bool,
          take_over: bool, lang: str | None) -> None:
    """Send BOOK's changes to the company's store and bring colleagues' changes in.

    Exit 0 when everything went through; 1 when rows were held back by Check or
    conflicts wait in the Conflicts sheet.
    """
    target = open_book_address(book)  # a Google Sheet (gsheet:<id>), read in two calls
    if target is None and not os.path.isfile(book):
        raise click.BadParameter(f"File '{book}' does not exist.", param_hint="'BOOK'")
    said = _Said(lang=resolve_language(None, None))  # at a terminal: each step
    if said.enabled:  # in the book's language from the first step
        from backoffice.wording import book_language

        said.lang = book_language(target or book, lang)
    # A Google Sheet is known by its id wherever it is renamed or moved (its identity, see
    # backoffice.sync.bookid); its writes are one batchUpdate after the store committed.
    where = f"gsheet:{target.file_id}" if target is not None else None
    result = actions.sync(target or book, actions.SyncOptions(
        store_url, user, allow_mass_delete, take_over, where), said)
    from backoffice.books.editplan import StalePlan

    try:
        finish_book(target)
    except StalePlan:  # the store committed: say so with the summary, and that again is safe
        _show(dataclasses.replace(result, language=lang) if lang else result, "text")
        click.echo(Localized(
            "The sheet changed while Sync ran: the store has its changes, the sheet not yet "
            "what Sync brought. Run Sync again (nothing is sent twice).",
            "Sheet berubah selama Sinkronkan berjalan: store sudah menerima perubahannya, "
            "sheet belum menerima hasil Sinkronkan. Jalankan Sinkronkan lagi (tidak ada yang "
            "dikirim dua kali).").pick(lang or result.language), err=True)
        sys.exit(StalePlan.exit_code)
    _finish(dataclasses.replace(result, language=lang) if lang else result)


@cli.group()
def store() -> None:
    """The company's central store: create it, see it, upgrade it."""


def _store_for(store_url: str | None, book: str | None, readonly: bool = False,
               create: bool = True):  # type: ignore[no-untyped-def]
    from backoffice.sync.store import Store
    from backoffice.sync.storeurl import store_url_for

    return Store(store_url_for(book, store_url), readonly=readonly, create=create)


@store.command(name="init")
@_store_option
@click.option("--book", type=click.Path(dir_okay=False), help="Use the default store beside this book.")
@_lang_option
def store_init(store_url: str | None, book: str | None, lang: str | None) -> None:
    """Create the store's tables (nothing changes in a store that has them)."""
    from backoffice.sync.store import STORE_VERSION, display_url

    with _store_for(store_url, book) as opened:
        found = opened.ensure_current()
        url = display_url(opened.url)
        if _language(lang, book) == "id":
            click.echo(f"Store {url}: versi {STORE_VERSION}"
                       + (" (dibuat)." if found == 0 else f" (sebelumnya {found})."))
        else:
            click.echo(f"Store {url}: version {STORE_VERSION}"
                       + (" (created)." if found == 0 else f" (was {found})."))


@store.command(name="upgrade")
@_store_option
@click.option("--book", type=click.Path(dir_okay=False), help="Use the default store beside this book.")
@_lang_option
def store_upgrade(store_url: str | None, book: str | None, lang: str | None) -> None:
    """Bring an older store up to this backoffice's structure, in place."""
    from backoffice.sync.store import STORE_VERSION, display_url

    with _store_for(store_url, book, create=False) as opened:
        found = opened.ensure_current(create=False)
        url, id_ = display_url(opened.url), _language(lang, book) == "id"
        if found == STORE_VERSION:
            click.echo(f"Store {url} sudah terbaru (versi {found})." if id_ else
                       f"Store {url} is up to date (version {found}).")
        else:
            click.echo(f"Store {url} ditingkatkan dari versi {found} ke {STORE_VERSION}." if id_
                       else f"Store {url} upgraded from version {found} to {STORE_VERSION}.")


@store.command(name="status")
@_store_option
@click.option("--book", type=click.Path(dir_okay=False), help="Use the default store beside this book.")
@_lang_option
def store_status(store_url: str | None, book: str | None, lang: str | None) -> None:
    """Show the store's version, migrations, companies, the books it knows (name, where,
    last Sync) and audit log size (reads only)."""
    from backoffice.sync.render import status_text
    from backoffice.sync.store import status

    with _store_for(store_url, book, readonly=True) as opened:
        opened.check_version()
        click.echo(status_text(status(opened), _language(lang, book)))


@cli.group()
def audit() -> None:
    """The store's append-only audit log."""


@audit.command(name="verify")
@_store_option
@click.option("--book", "books", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="A book synced with the store: its store is the default, and the place in "
                   "the log it last synced at is checked too (repeat for several books).")
@_lang_option
def audit_verify(store_url: str | None, books: tuple[str, ...], lang: str | None) -> None:
    """Check the audit log: its hash chain, the company counters, that the sheet tables hold
    what the log says, and the books' places in it. Exit 1 if anything does not hold
    (reads only)."""
    from backoffice.sync.anchoring import book_anchors
    from backoffice.sync.audit import verify
    from backoffice.sync.render import verification_text

    with _store_for(store_url, books[0] if books else None, readonly=True) as opened:
        opened.check_readable()
        result = verify(opened, book_anchors(opened, books))
    click.echo(verification_text(opened.url, result, _language(lang, books[0] if books else None)))
    sys.exit(0 if result.holds else 1)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@click.argument("sheet")
@click.argument("row_id", metavar="ID")
@_store_option
@_lang_option
def history(book: str, sheet: str, row_id: str, store_url: str | None,
            lang: str | None) -> None:
    """Show the story of one row (SHEET of BOOK, its ID, or every row of an entry or document
    number) from the audit log, as a table of what changed (reads only)."""
    from backoffice.sync.render import history_text

    click.echo(history_text(book, sheet, row_id, store_url, lang))


@cli.command(name="calendar")
@click.argument("books", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--month", required=True, help="The month whose deadlines to list, YYYY-MM.")
@click.option("--as-of", "as_of", help="The day to judge late against (YYYY-MM-DD); default today.")
@click.option("--ics", type=click.Path(dir_okay=False), help="Also write the calendar as an .ics file.")
@click.option("--format", "output", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True)
@_lang_option
def calendar_(books: tuple[str, ...], month: str, as_of: str | None, ics: str | None, output: str,
              lang: str | None) -> None:
    """List every tax, BPJS and filing obligation of BOOK... due in --month: done, due or late."""
    result = actions.calendar(books, actions.CalendarOptions(month, as_of, ics, output, lang))
    click.echo(result.text, nl=False)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@click.option("--as-of", "as_of", help="The day to measure retention against (YYYY-MM-DD).")
@_lang_option
def archive(book: str, as_of: str | None, lang: str | None) -> None:
    """Report on BOOK's document register: due for disposal, missing, files not there.
    Exit 1 when a document is missing or a file is not there."""
    result = actions.archive(book, actions.ArchiveOptions(as_of, lang))
    click.echo(result.text, nl=False)
    sys.exit(result.exit_code)


def _server_commands() -> None:
    """The action server's commands (addin/server/commands.py): ``serve`` and ``server``."""
    from backoffice.addin.server.commands import serve, server

    cli.add_command(serve)
    cli.add_command(server)


_server_commands()
