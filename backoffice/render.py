"""Showing a report: a table for people, JSON for scripts (docs/check-json.md)."""

from __future__ import annotations

import json

from backoffice.books.hiddenstate import PREFIX as HIDDEN_PREFIX
from backoffice.issues import Report
from backoffice.wording import grouped

_HEADINGS = {
    "en": ("Sheet", "Cell", "Severity", "Value", "Problem", "How to fix"),
    "id": ("Sheet", "Sel", "Tingkat", "Nilai", "Masalah", "Cara memperbaiki"),
}
_SEVERITY = {"en": {"error": "error", "warning": "warning"},
             "id": {"error": "galat", "warning": "peringatan"}}
_VALUE_WIDTH = 24


def to_json(report: Report, lang: str | None = None) -> str:
    """The report as JSON, in the documented shape."""
    return json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2)


def to_text(report: Report, lang: str | None = None) -> str:
    """The report as an aligned table, one problem a line, then a summary."""
    lang = lang or report.language
    rows = []
    for issue in report.issues:
        message, fix = issue.message(lang)
        value = issue.value or ""
        if len(value) > _VALUE_WIDTH:
            value = value[: _VALUE_WIDTH - 1] + "…"
        rows.append((issue.sheet, issue.cell or "", _SEVERITY[lang][issue.severity], value,
                     message, fix))
    lines = []
    if rows:
        table = [_HEADINGS[lang], *rows]
        widths = [max(len(r[i]) for r in table) for i in range(5)]
        for row in table:
            cells = [row[i].ljust(widths[i]) for i in range(5)] + [row[5]]
            lines.append("  ".join(cells).rstrip())
        lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 10)
        lines.append("")
    lines.append(summary(report, lang))
    return "\n".join(lines)


def summary(report: Report, lang: str) -> str:
    """One line: what was read, how many errors and warnings."""
    # Hidden sheets (backoffice's own state) are no business of the reader.
    sheets = ", ".join(f"{s.sheet} ({grouped(s.rows, lang)})" for s in report.sheets
                       if not s.sheet.startswith(HIDDEN_PREFIX))
    errors, warnings = len(report.errors), len(report.warnings)
    if lang == "id":
        verdict = "bersih, tidak ada masalah" if not report.issues else \
            f"{grouped(errors, lang)} galat, {grouped(warnings, lang)} peringatan"
        return f"{report.book}: {sheets} diperiksa — {verdict}."
    verdict = "clean, no problems" if not report.issues else \
        f"{errors:,} error{'s' * (errors != 1)}, {warnings:,} warning{'s' * (warnings != 1)}"
    return f"{report.book}: checked {sheets} — {verdict}."
