"""`clubdesk report`: the owner's figures by Jalali month, as text, JSON or an Excel file.

clubdesk report [--period this-month|last-month|this-year|last-year]
                [--from 1405/01/01 --to 1405/06/31] [--json] [--xlsx FILE]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from clubdesk.core.console import emit
from clubdesk.core.errors import ExitCode, InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import utcnow
from clubdesk.core.reports import (
    FIGURE_LABELS,
    ClubReport,
    Figures,
    Period,
    PeriodKind,
    custom_period,
    period,
)

Command = Callable[[Any, str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]
NAMED = [kind.value for kind in PeriodKind if kind is not PeriodKind.CUSTOM]


class RangeNeedsBothEnds(InvalidInput):
    code = "REPORT_RANGE_INCOMPLETE"
    default_message = QT_TRANSLATE_NOOP("errors", "A report range needs both --from and --to.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Give both Jalali dates, for example --from 1405/01/01 --to 1405/06/31."
    )


class PeriodAndRange(InvalidInput):
    code = "REPORT_PERIOD_AND_RANGE"
    default_message = QT_TRANSLATE_NOOP("errors", "Choose either --period or --from/--to.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Leave one of them out and run it again.")


def chosen_period(args: argparse.Namespace) -> Period:
    """--period, or --from/--to, or this month."""
    if args.first is None and args.last is None:
        return period(args.period or PeriodKind.THIS_MONTH, utcnow())
    if args.period is not None:
        raise PeriodAndRange()
    if args.first is None or args.last is None:
        raise RangeNeedsBothEnds()
    return custom_period(args.first, args.last)


def report_json(report: ClubReport) -> dict[str, Any]:
    """Everything in the report, months keyed '1405/01', numbers as numbers."""
    return {
        "period": {
            "kind": report.period.kind.value,
            "from": f"{report.period.first:%Y/%m/%d}",
            "to": f"{report.period.last:%Y/%m/%d}",
            "start_utc": report.period.start_utc.isoformat(),
            "end_utc": report.period.end_utc.isoformat(),
        },
        "months": [
            {"month": row.bucket.key, "name": row.bucket.month_name, **asdict(row.figures)}
            for row in report.months
        ],
        "totals": asdict(report.totals),
        "liability": asdict(report.liability) | {"tomans": report.liability.tomans},
        "top_customers": [asdict(c) for c in report.top_customers],
        "levels": [asdict(share) for share in report.levels],
        "has_purchases": report.has_purchases,
        "generated_at": report.generated_at.isoformat(),
    }


def report_text(report: ClubReport) -> str:
    lines = [f"report {report.period.label()}"]
    if not report.has_purchases:
        lines.append("no purchases yet: record one and the figures appear here")
    width = max(len(label) for label in FIGURE_LABELS.values())
    lines += [
        f"  {FIGURE_LABELS[f.name]:<{width}}  {getattr(report.totals, f.name):>15,}"
        for f in fields(Figures)
    ]
    owed = report.liability
    lines.append(
        f"  {'Outstanding liability (tomans)':<{width}}  {owed.tomans:>15,}"
        f"  ({owed.points:,} points x {owed.point_value:,} + {owed.credit:,} credit)"
    )
    lines.append("by month (sales, visits, points issued / redeemed):")
    lines += [
        f"  {row.bucket.key} {row.bucket.month_name:<12} {row.figures.sales:>15,} "
        f"{row.figures.visits:>8,} {row.figures.points_issued:>10,} / "
        f"{row.figures.points_redeemed:,}"
        for row in report.months
    ]
    if report.top_customers:
        lines.append("top customers:")
        lines += [
            f"  {c.phone}  {c.name}  {c.spent:,} tomans, {c.visits} visits, {c.points} points"
            for c in report.top_customers
        ]
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    from clubdesk.cli import _open, _progress

    chosen = chosen_period(args)  # a bad range fails before the shop is opened
    club = _open(args)
    report = club.report(chosen, _progress(args, "building the report"))
    payload = report_json(report)
    human = report_text(report)
    if args.xlsx:
        club.export_report(report, Path(args.xlsx))
        payload["file"] = str(Path(args.xlsx))
        human += f"\nsaved to {args.xlsx}"
    emit(args.json, payload, human)
    return ExitCode.OK


def add_commands(commands: Any, command: Command) -> None:
    """Register `report` on the main parser."""
    report = command(commands, "report", cmd_report, "sales, visits and points by Jalali month")
    report.add_argument("--period", choices=NAMED, default=None, help="default: this-month")
    report.add_argument("--from", dest="first", metavar="YYYY/MM/DD", help="Jalali first day")
    report.add_argument("--to", dest="last", metavar="YYYY/MM/DD", help="Jalali last day")
    report.add_argument("--xlsx", metavar="FILE", help="also save the report as an Excel file")
