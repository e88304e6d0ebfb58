"""Reports (Ctrl+R): figures of the chosen period, charts, an empty shop's hint, a bad range
said at once, and exports to Excel and PDF; screenshots in Persian and English."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from clubdesk.core.i18n import Lang
from clubdesk.core.ids import utcnow
from clubdesk.core.members import MemberDraft
from clubdesk.core.programme import EarningRules
from clubdesk.core.reports import PeriodKind
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.reports import ReportsDialog

WAIT = 20_000
NAMES = [("مریم", "احمدی"), ("علی", "رضایی"), ("سارا", "کریمی"), ("رضا", "محمدی")]


def fill_shop(club: ClubServices) -> int:
    """Members and purchases over the last months; returns the tomans sold right now."""
    club.set_earning_rules(EarningRules(tomans_per_point=10_000))
    now = utcnow()
    ids = []
    for n, (first, last) in enumerate(NAMES):
        club.clock = lambda n=n: now - timedelta(days=150 - n)
        draft = MemberDraft(phone=f"0912{n + 1:07d}", first_name=first, last_name=last)
        ids.append(club.register(draft).member.id)
    for back in range(150, 0, -10):
        club.clock = lambda back=back: now - timedelta(days=back)
        for n, member_id in enumerate(ids):
            club.record_purchase(member_id, (n + 1) * 120_000 + back * 1_000)
        club.redeem(ids[back % len(ids)], 5)
    club.clock = utcnow
    club.record_purchase(ids[0], 250_000)
    club.record_purchase(ids[1], 90_000)
    return 340_000


def choose(qtbot, dialog: ReportsDialog, kind: PeriodKind) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.period.setCurrentIndex(dialog.period.findData(kind))


def test_reports_show_the_months_figures_charts_and_top_customers(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    sold_now = fill_shop(club)
    window.act_reports.trigger()
    dialog = window.reports_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert dialog.report.period.kind is PeriodKind.THIS_MONTH
    assert dialog.report.totals.sales >= sold_now
    assert dialog.tiles["sales"].value.text() == i18n.number(dialog.report.totals.sales)
    assert not dialog.empty.isVisible()
    assert dialog.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if lang is Lang.FA else Qt.LayoutDirection.LeftToRight
    )
    choose(qtbot, dialog, PeriodKind.THIS_YEAR)
    report = dialog.report
    assert report.period.kind is PeriodKind.THIS_YEAR
    assert dialog.months_table.rowCount() == len(report.months) + 1  # and the total
    assert dialog.top_table.rowCount() == len(NAMES)
    assert dialog.top_table.item(0, 0).text() == "رضا محمدی"  # spent the most
    categories = dialog.sales_chart.chart().axes(Qt.Orientation.Horizontal)[0].categories()
    assert len(categories) == len(report.months)
    if lang is Lang.EN:
        assert categories[0].startswith("Farvardin") or len(report.months) < 12
    else:
        assert "۱۴" in categories[0]  # the year in Persian digits
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    dialog.resize(1100, 780)
    for index, name in enumerate(["sales", "points", "levels", "months", "top"]):
        dialog.tabs.setCurrentIndex(index)
        dialog.grab().save(str(shots / f"{lang.value}-reports-{name}.png"))


def test_ctrl_r_opens_reports(qtbot, window: MainWindow, club: ClubServices) -> None:
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "reports_dialog", None) is not None, timeout=WAIT)
    assert window.reports_dialog.isVisible()


@pytest.fixture
def dialog(qtbot, club: ClubServices, lang: Lang) -> ReportsDialog:
    shown = ReportsDialog(club)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.loaded, timeout=WAIT):
        shown.show()
    return shown


def test_a_shop_without_purchases_shows_how_to_start(
    qtbot, dialog: ReportsDialog, lang: Lang, artifacts: Path
) -> None:
    assert dialog.empty.isVisible()
    assert "Ctrl+1" in dialog.empty.text()
    assert dialog.tiles["sales"].value.text() == i18n.number(0)
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    dialog.grab().save(str(shots / f"{lang.value}-reports-empty.png"))


def test_a_bad_custom_range_is_explained_and_nothing_runs(qtbot, dialog: ReportsDialog) -> None:
    before = dialog.report
    dialog.period.setCurrentIndex(dialog.period.findData(PeriodKind.CUSTOM))
    assert dialog.first.isVisible()
    qtbot.keyClicks(dialog.first, "1405/02/01")
    qtbot.keyClicks(dialog.last, "1405/01/01")
    dialog.show_button.click()
    assert dialog.message.isVisible()
    assert dialog.message.kind == "error"
    assert not dialog.busy
    assert dialog.report is before
    dialog.last.clear()
    qtbot.keyClicks(dialog.last, "1405/13/01")
    qtbot.keyClick(dialog.last, Qt.Key.Key_Return)
    assert i18n.digits("1405/13/01") in dialog.message.text()


def test_a_custom_range_shows_its_months(qtbot, dialog: ReportsDialog) -> None:
    dialog.period.setCurrentIndex(dialog.period.findData(PeriodKind.CUSTOM))
    qtbot.keyClicks(dialog.first, "1404/11/15")
    qtbot.keyClicks(dialog.last, "1405/01/10")
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert [row.bucket.key for row in dialog.report.months] == ["1404/11", "1404/12", "1405/01"]
    assert not dialog.message.isVisible()


def test_exports_to_excel_and_pdf(
    qtbot, club: ClubServices, dialog: ReportsDialog, tmp_path: Path
) -> None:
    club.record_purchase(
        club.register(MemberDraft(phone="09121234567", first_name="Sara")).member.id, 480_000
    )
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.load()
    workbook, pdf = tmp_path / "report.xlsx", tmp_path / "report.pdf"
    dialog.export(".xlsx", workbook)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    dialog.export(".pdf", pdf)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.message.kind == "success"
    months = load_workbook(workbook).worksheets[1]
    assert months.cell(2, 4).value == 480_000  # this month's sales, a number
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/Type\s*/Page\b", data)  # at least one page


def test_an_export_to_a_missing_folder_says_so(
    qtbot, dialog: ReportsDialog, tmp_path: Path
) -> None:
    target = tmp_path / "gone" / "report.pdf"
    dialog.export(".pdf", target)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.message.kind == "error"
    assert not target.exists()


def test_cancel_keeps_the_report_shown(
    qtbot, club: ClubServices, dialog: ReportsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = dialog.report

    def until_cancelled(_chosen: object, progress: Callable[[int, int], None]) -> None:
        while True:
            progress(1, 12)  # raises Cancelled once the owner presses Cancel

    monkeypatch.setattr(club, "report", until_cancelled)
    dialog.load()
    dialog.progress.cancel()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.report is shown
    assert dialog.message.kind == "hint"
    assert dialog.show_button.isEnabled()
