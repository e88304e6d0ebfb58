"""A report as an Excel workbook: one sheet per table, numbers as numbers, Jalali months.

Written to a temporary file and renamed, so a failure never leaves half a workbook where
the owner expects one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from clubdesk.core.errors import InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.reports import FIGURE_LABELS, ClubReport, Figures

Translate = Callable[[str, str], str]


class ReportFileType(InvalidInput):
    code = "REPORT_FILE_TYPE"
    default_message = QT_TRANSLATE_NOOP("errors", "A report cannot be saved as “{entered}”.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Save it as an Excel (.xlsx) or PDF (.pdf) file.")


class ReportNotSaved(InvalidInput):
    code = "REPORT_NOT_SAVED"
    default_message = QT_TRANSLATE_NOOP("errors", "The report could not be saved to {entered}.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Pick a folder you can write to, and close the file if it is open elsewhere."
    )


def _same(_context: str, text: str) -> str:
    return text


def month_label(year: int, month: int, name: str, translate: Translate) -> str:
    """'1405/01 Farvardin' (the name translated in the ``months`` context)."""
    return f"{year:04d}/{month:02d} {translate('months', name)}"


def _figure_values(figures: Figures) -> list[int]:
    return [getattr(figures, f.name) for f in fields(Figures)]


def _summary(report: ClubReport, tr: Translate) -> list[list[Any]]:
    liability = report.liability
    rows: list[list[Any]] = [
        [tr("reports", QT_TRANSLATE_NOOP("reports", "Period")), report.period.label()],
        [
            tr("reports", QT_TRANSLATE_NOOP("reports", "Generated at (UTC)")),
            report.generated_at.strftime("%Y-%m-%d %H:%M"),
        ],
    ]
    rows += [[tr("reports", FIGURE_LABELS[f.name]), getattr(report.totals, f.name)]
             for f in fields(Figures)]  # fmt: skip
    rows += [
        [tr("reports", QT_TRANSLATE_NOOP("reports", "Unspent points")), liability.points],
        [tr("reports", QT_TRANSLATE_NOOP("reports", "Tomans per point")), liability.point_value],
        [tr("reports", QT_TRANSLATE_NOOP("reports", "Unspent credit (tomans)")), liability.credit],
        [
            tr("reports", QT_TRANSLATE_NOOP("reports", "Outstanding liability (tomans)")),
            liability.tomans,
        ],
    ]
    return rows


def _months(report: ClubReport, tr: Translate) -> list[list[Any]]:
    labels = [tr("reports", FIGURE_LABELS[f.name]) for f in fields(Figures)]
    header = [tr("reports", QT_TRANSLATE_NOOP("reports", "Month")), *labels]
    rows: list[list[Any]] = [header]
    for row in report.months:
        bucket = row.bucket
        label = month_label(bucket.year, bucket.month, bucket.month_name, tr)
        rows.append([label, *_figure_values(row.figures)])
    rows.append(
        [tr("reports", QT_TRANSLATE_NOOP("reports", "Total")), *_figure_values(report.totals)]
    )
    return rows


def _top(report: ClubReport, tr: Translate) -> list[list[Any]]:
    header = [
        tr("reports", QT_TRANSLATE_NOOP("reports", "Name")),
        tr("reports", QT_TRANSLATE_NOOP("reports", "Mobile")),
        tr("reports", QT_TRANSLATE_NOOP("reports", "Spent (tomans)")),
        tr("reports", QT_TRANSLATE_NOOP("reports", "Visits")),
        tr("reports", QT_TRANSLATE_NOOP("reports", "Points earned")),
    ]
    return [header] + [[c.name, c.phone, c.spent, c.visits, c.points] for c in report.top_customers]


def _levels(report: ClubReport, tr: Translate) -> list[list[Any]]:
    header = [
        tr("reports", QT_TRANSLATE_NOOP("reports", "Level")),
        tr("reports", QT_TRANSLATE_NOOP("reports", "Members")),
    ]
    return [header] + [
        [share.level or tr("reports", QT_TRANSLATE_NOOP("reports", "No level")), share.members]
        for share in report.levels
    ]


def write_xlsx(report: ClubReport, path: Path, translate: Translate | None = None) -> None:
    """The report at ``path`` (.xlsx), sheet and column names translated by ``translate``."""
    from openpyxl import Workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ReportFileType(entered=path.name)
    tr = translate or _same
    book = Workbook()
    book.remove(book.active)
    sheets = (
        (tr("reports", QT_TRANSLATE_NOOP("reports", "Summary")), _summary(report, tr)),
        (tr("reports", QT_TRANSLATE_NOOP("reports", "Months")), _months(report, tr)),
        (tr("reports", QT_TRANSLATE_NOOP("reports", "Top customers")), _top(report, tr)),
        (tr("reports", QT_TRANSLATE_NOOP("reports", "Levels")), _levels(report, tr)),
    )
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    temp = path.with_name(f".{path.name}.part")
    try:
        book.save(temp)
        os.replace(temp, path)
    except OSError as exc:
        raise ReportNotSaved(entered=str(path)) from exc
    finally:
        temp.unlink(missing_ok=True)
