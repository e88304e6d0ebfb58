"""The owner's "Expiring points" list: who loses points soon, an empty state that says why,
a member opened at the counter, and expiring what is due now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from clubdesk.core.club import ClubRules, ExpiryRules, add_jalali_months
from clubdesk.core.dates import local
from clubdesk.core.errors import InvalidSetting
from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.expiring import ExpiringDialog
from clubdesk.ui.main_window import MainWindow

WAIT = 10_000
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class Clock:
    """The shop's clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(club: ClubServices) -> Clock:
    clock = Clock()
    club.clock = clock
    club.set_club_rules(ClubRules(expiry=ExpiryRules(points_months=1)))
    return clock


def member_with_points(club: ClubServices, phone: str, name: str, amount: int) -> str:
    member = club.register(MemberDraft(phone=phone, first_name=name)).member
    club.record_purchase(member.id, amount)
    return member.id


def loaded(dialog: ExpiringDialog) -> bool:
    return dialog.found is not None


@pytest.fixture
def dialog(qtbot, club: ClubServices, lang: Lang) -> ExpiringDialog:
    dialog = ExpiringDialog(club)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_members_whose_points_expire_soon_are_listed(
    qtbot, club: ClubServices, clock: Clock, dialog: ExpiringDialog, lang: Lang, artifacts: Path
) -> None:
    sara = member_with_points(club, "09121111111", "Sara", 250_000)  # 25 points
    clock.now += timedelta(days=5)
    member_with_points(club, "09122222222", "Reza", 100_000)  # 10 points
    clock.now += timedelta(days=20)  # Sara's expire in about 3 days, Reza's in about 8
    dialog.reload()
    qtbot.waitUntil(lambda: loaded(dialog) and dialog.table.rowCount() == 2, timeout=WAIT)
    assert dialog.table.item(0, 0).text() == "Sara"
    assert dialog.table.item(0, 1).text() == i18n.phone("+989121111111")
    assert dialog.table.item(0, 2).text() == i18n.number(25)
    first = i18n.day(local(add_jalali_months(START, 1)).date())
    assert dialog.table.item(0, 3).text() == first
    summary = dialog.summary.text()
    assert i18n.number(2) in summary
    assert i18n.number(35) in summary
    if lang is Lang.FA:
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert first.startswith("۱۴۰۵/")  # Jalali, Persian digits
    out = artifacts / "screens"
    out.mkdir(exist_ok=True)
    assert dialog.grab().save(str(out / f"{lang.value}-expiring.png"))
    dialog.days.setCurrentIndex(0)  # 7 days: Reza's are still further off
    qtbot.waitUntil(lambda: loaded(dialog) and dialog.table.rowCount() == 1, timeout=WAIT)
    assert dialog.table.item(0, 0).data(Qt.ItemDataRole.UserRole) == sara


def test_an_empty_list_says_how_points_come_to_expire(
    qtbot, dialog: ExpiringDialog, lang: Lang, artifacts: Path
) -> None:
    dialog.reload()
    qtbot.waitUntil(lambda: loaded(dialog), timeout=WAIT)
    assert dialog.table.rowCount() == 0
    assert dialog.message.kind == "hint"
    assert i18n.number(30) in dialog.message.text()
    out = artifacts / "screens"
    out.mkdir(exist_ok=True)
    assert dialog.grab().save(str(out / f"{lang.value}-expiring-empty.png"))


def test_expire_now_takes_the_due_points(
    qtbot, club: ClubServices, clock: Clock, dialog: ExpiringDialog
) -> None:
    sara = member_with_points(club, "09121111111", "Sara", 250_000)
    clock.now += timedelta(days=25)
    dialog.reload()
    qtbot.waitUntil(lambda: loaded(dialog) and dialog.table.rowCount() == 1, timeout=WAIT)
    dialog.expire_button.click()  # nothing is due yet
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=WAIT)
    nothing = i18n.translate("ExpiringDialog", "Nothing was due to expire.")
    assert nothing in dialog.message.text()
    assert club.card(sara).member.points == 25
    clock.now += timedelta(days=10)  # past the expiry
    with qtbot.waitSignal(dialog.expired, timeout=WAIT) as expired:
        dialog.expire_button.click()
    assert expired.args == [1]
    qtbot.waitUntil(lambda: loaded(dialog) and dialog.message.kind == "success", timeout=WAIT)
    assert i18n.number(1) in dialog.message.text()
    assert dialog.table.rowCount() == 0
    assert club.card(sara).member.points == 0
    assert dialog.expire_button.isEnabled()


def test_a_failed_load_shows_why(
    qtbot, club: ClubServices, dialog: ExpiringDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_days: int, _limit: int) -> list[object]:
        raise InvalidSetting()

    monkeypatch.setattr(club, "expiring_soon", refuse)
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert i18n.translate("errors", "The setting is not valid.") in dialog.message.text()


def test_a_double_click_opens_the_member_at_the_counter(
    qtbot, club: ClubServices, clock: Clock, window: MainWindow
) -> None:
    sara = member_with_points(club, "09121111111", "Sara", 250_000)
    clock.now += timedelta(days=25)
    window.act_expiring.trigger()
    dialog = window.expiring_dialog
    qtbot.waitUntil(lambda: loaded(dialog) and dialog.table.rowCount() == 1, timeout=WAIT)
    assert window.act_expiring.shortcut().toString() == "Ctrl+Shift+D"
    dialog.table.doubleClicked.emit(dialog.table.model().index(0, 0))
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    card = window.counter.card
    qtbot.waitUntil(lambda: card.card is not None and card.card.member.id == sara, timeout=WAIT)
    assert window.tabs.currentIndex() == 0
