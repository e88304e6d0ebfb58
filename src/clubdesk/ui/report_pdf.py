"""A report as a PDF the owner can print or send to an accountant: figures, charts, tables.

Drawn with QTextDocument on a QPdfWriter (both work off the GUI thread), right-to-left with
Persian digits in Persian. Chart images are grabbed on the GUI thread and handed in.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.reports import FIGURE_LABELS, ClubReport, Figures
from clubdesk.core.reports_xlsx import ReportNotSaved
from clubdesk.ui import i18n

CHART_WIDTH = 640  # points on the page; images are scaled to it


def _t(text: str) -> str:
    return html.escape(i18n.translate("reports", text))


def _cells(values: Sequence[str], tag: str = "td") -> str:
    """One table row's cells; QTextDocument does not mirror tables, so Persian rows are
    written from the right."""
    ordered = list(values)[::-1] if i18n.current().rtl else values
    return "".join(f"<{tag}>{html.escape(value)}</{tag}>" for value in ordered)


def _summary(report: ClubReport) -> str:
    rows = [
        (
            i18n.translate("reports", FIGURE_LABELS[f.name]),
            i18n.number(getattr(report.totals, f.name)),
        )
        for f in fields(Figures)
    ]
    owed = report.liability
    rows += [
        (
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Unspent points")),
            i18n.number(owed.points),
        ),
        (
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Unspent credit (tomans)")),
            i18n.number(owed.credit),
        ),
        (
            i18n.translate(
                "reports", QT_TRANSLATE_NOOP("reports", "Outstanding liability (tomans)")
            ),
            i18n.number(owed.tomans),
        ),
    ]
    body = "".join(f"<tr>{_cells(row)}</tr>" for row in rows)
    return f"<table align='__ALIGN__' border='1' cellspacing='0' cellpadding='4'>{body}</table>"


def month_name(year: int, month: int, name: str) -> str:
    """'Farvardin 1405' translated, in the language's digits."""
    return f"{i18n.translate('months', name)} {i18n.digits(str(year))}"


def _months(report: ClubReport) -> str:
    keys = [f.name for f in fields(Figures)]
    head = _cells(
        [i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Month"))]
        + [i18n.translate("reports", FIGURE_LABELS[k]) for k in keys],
        "th",
    )
    rows = [
        _cells(
            [month_name(r.bucket.year, r.bucket.month, r.bucket.month_name)]
            + [i18n.number(getattr(r.figures, k)) for k in keys]
        )
        for r in report.months
    ]
    rows.append(
        _cells(
            [i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Total"))]
            + [i18n.number(getattr(report.totals, k)) for k in keys]
        )
    )
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return (
        "<table align='__ALIGN__' border='1' cellspacing='0' cellpadding='3' style='font-size:7pt'>"
        f"<tr>{head}</tr>{body}</table>"
    )


def _top(report: ClubReport) -> str:
    if not report.top_customers:
        return f"<p>{_t(QT_TRANSLATE_NOOP('reports', 'No purchases in this period.'))}</p>"
    head = _cells(
        [
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Name")),
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Mobile")),
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Spent (tomans)")),
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Visits")),
            i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Points earned")),
        ],
        "th",
    )
    rows = "".join(
        "<tr>"
        + _cells(
            [
                c.name,
                i18n.phone(c.phone),
                i18n.number(c.spent),
                i18n.number(c.visits),
                i18n.number(c.points),
            ]
        )
        + "</tr>"
        for c in report.top_customers
    )
    table = "<table align='__ALIGN__' border='1' cellspacing='0' cellpadding='3'>"
    return f"{table}<tr>{head}</tr>{rows}</table>"


def report_html(report: ClubReport, charts: int = 0) -> str:
    """The document; ``charts`` images named chart0.. are placed after the figures."""
    direction = "rtl" if i18n.current().rtl else "ltr"
    period = i18n.digits(report.period.label())
    images = "".join(f"<p><img src='chart{n}' width='{CHART_WIDTH}'></p>" for n in range(charts))
    title = _t(QT_TRANSLATE_NOOP("reports", "Club report"))
    span = _t(QT_TRANSLATE_NOOP("reports", "Period"))
    figures = _t(QT_TRANSLATE_NOOP("reports", "Figures"))
    by_month = _t(QT_TRANSLATE_NOOP("reports", "By month"))
    top = _t(QT_TRANSLATE_NOOP("reports", "Top customers"))
    return (
        f"<html dir='{direction}'><body dir='{direction}'>"
        f"<h2>{title}</h2><p>{span}: {html.escape(period)}</p>"
        f"<h3>{figures}</h3>{_summary(report)}{images}"
        f"<h3>{by_month}</h3>{_months(report)}"
        f"<h3>{top}</h3>{_top(report)}"
        "</body></html>"
    ).replace("__ALIGN__", "right" if direction == "rtl" else "left")


def write_pdf(report: ClubReport, path: Path, charts: Sequence[QImage] = ()) -> None:
    """The report as an A4 PDF at ``path``, written to a temporary file and renamed."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ReportNotSaved(entered=str(path))
    temp = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(temp))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(i18n.translate("reports", QT_TRANSLATE_NOOP("reports", "Club report")))
    document = QTextDocument()
    document.setDefaultFont(i18n.app_font())
    option = document.defaultTextOption()
    rtl = i18n.current().rtl
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    document.setDefaultTextOption(option)
    for n, image in enumerate(charts):
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart{n}"), image)
    document.setHtml(report_html(report, len(charts)))
    try:
        document.print_(writer)
        del writer  # the file is finished when the writer goes
        os.replace(temp, path)
    except OSError as exc:
        raise ReportNotSaved(entered=str(path)) from exc
    finally:
        temp.unlink(missing_ok=True)
