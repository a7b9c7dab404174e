"""Personal data: give a person every row of theirs (UU 27/2022 Ps. 7), or erase a former
employee's rows once the records' retention period is over."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import (
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
    step,
)
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.hr import personal
from backoffice.wording import book_language, grouped


@dataclass(frozen=True)
class PersonalDataOptions:
    """employee: the code; specific: include specific personal data (health, financial; UU
    27/2022 Ps. 4(2)); erase: empty the former employee's rows instead; lang: messages."""

    employee: str
    specific: bool = False
    erase: bool = False
    lang: str | None = None


def personal_data(book: BookRef, options: PersonalDataOptions,
                  progress: ProgressCallback | None = None) -> ActionResult:
    """``text``: the employee's rows as JSON, or (``erase``) the rows emptied per sheet."""
    path, name, employee = path_of(book), name_of(book), options.employee
    if options.erase:
        step(progress, "erasing the former employee's rows", "menghapus baris mantan karyawan")
        language = book_language(path, options.lang)
        emptied = personal.erase_employee(path, employee, lang=options.lang)
        rows = sum(emptied.values())
        return ActionResult(
            "personal-data", EXIT_CLEAN,
            Localized(f"Emptied {rows:,} rows of {employee} in {name}.",
                      f"{grouped(rows, 'id')} baris {employee} di {name} dikosongkan."),
            written=Written(files=(name,)) if rows else Written(), language=language,
            value=emptied, text=", ".join(f"{sheet}: {count}" for sheet, count in emptied.items())
            + "\n")
    step(progress, "collecting the employee's rows", "mengumpulkan baris karyawan")
    language = book_language(path, options.lang)
    export = personal.export_employee(path, employee, options.specific, options.lang)
    rows = sum(len(found) for found in export["sheets"].values())
    return ActionResult(
        "personal-data", EXIT_CLEAN,
        Localized(f"{rows:,} rows of {employee} from {len(export['sheets'])} sheets of {name}.",
                  f"{grouped(rows, 'id')} baris {employee} dari {len(export['sheets'])} sheet "
                  f"{name}."),
        language=language, value=export, text=personal.to_json(export) + "\n")
