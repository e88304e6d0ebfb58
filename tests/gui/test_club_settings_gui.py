"""Settings' programme tabs: rewards, wallet credit, expiry and levels, with live examples,
validation next to the fields, one Save for everything, and nothing saved while any is wrong."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from clubdesk.core.club import (
    ClubRules,
    ExpiryRules,
    Level,
    LevelRules,
    Reward,
    RewardKind,
    RewardsCatalogue,
    WalletRules,
    add_jalali_months,
)
from clubdesk.core.dates import local
from clubdesk.core.errors import InvalidSetting
from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.club_settings import ProgrammeTabs
from clubdesk.ui.settings_dialog import SettingsDialog
from clubdesk.ui.widgets import MessageLabel
from qt_keys import type_text

WAIT = 10_000
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # 14:00 in Tehran, 1405/09/04


@pytest.fixture
def dialog(qtbot, club: ClubServices, lang: Lang) -> SettingsDialog:
    club.clock = lambda: NOW
    dialog = SettingsDialog(club, club.earning_rules())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.programme.loaded, timeout=WAIT)
    return dialog


def retype(qtbot, field, text: str) -> None:
    field.clear()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        type_text(field, text)  # Persian digits as a Persian keyboard sends them


def error_source(text: str) -> str:
    return i18n.translate("errors", text)


def save(qtbot, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.rule_changed, timeout=WAIT):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT)


def shot(qtbot, dialog: SettingsDialog, tab: int, name: str, lang: Lang, artifacts: Path) -> None:
    dialog.programme.setCurrentIndex(tab)
    qtbot.waitUntil(lambda: dialog.programme.currentIndex() == tab)
    dialog.adjustSize()
    page = dialog.programme.currentWidget()
    for message in page.findChildren(MessageLabel):  # the layout caught up: nothing clipped
        qtbot.waitUntil(lambda m=message: m.height() >= m.sizeHint().height())
    out = artifacts / "screens"
    out.mkdir(exist_ok=True)
    assert dialog.grab().save(str(out / f"{lang.value}-settings-{name}.png"))


def test_the_tabs_show_the_saved_rules(qtbot, club: ClubServices, lang: Lang) -> None:
    saved = ClubRules(
        ExpiryRules(6, 3),
        WalletRules(Decimal("2.5"), 12),
        RewardsCatalogue(
            (Reward("r1", "Free coffee", RewardKind.ITEM, 80),), max_share=40, point_value=500
        ),
        LevelRules((Level("Bronze", 0), Level("Gold", 10_000_000, Decimal(2))), 180),
    )
    club.set_club_rules(saved)
    club.clock = lambda: NOW
    dialog = SettingsDialog(club, club.earning_rules())
    qtbot.addWidget(dialog)
    assert not dialog.programme.rewards.isEnabled()  # never edit (and save) a guess
    dialog.show()
    qtbot.waitUntil(lambda: dialog.programme.loaded, timeout=WAIT)
    assert dialog.programme.rewards.isEnabled()
    assert dialog.programme.rules() == saved
    if lang is Lang.FA:
        assert dialog.programme.wallet.percent.text() == "۲٫۵"
        assert dialog.programme.levels.rows[1].spend.text() == "۱۰۰۰۰۰۰۰"
    assert not dialog.programme.rewards.rows[0].amount.isVisibleTo(dialog)  # a free item


def test_expiry_shows_the_date_points_earned_today_expire(
    qtbot, dialog: SettingsDialog, lang: Lang, artifacts: Path
) -> None:
    expiry = dialog.programme.expiry
    never = i18n.translate("ExpiryEditor", "Points never expire.")
    assert never in expiry.message.text()
    retype(qtbot, expiry.points_months, "۶" if lang is Lang.FA else "6")
    expected = i18n.day(local(add_jalali_months(NOW, 6)).date())
    qtbot.waitUntil(lambda: expected in expiry.message.text())
    if lang is Lang.FA:
        assert expected == "۱۴۰۶/۰۳/۰۴"  # Jalali (1405/09/04 + 6 months), Persian digits
    else:
        assert expected == "2027-05-25"
    retype(qtbot, expiry.credit_months, "3")
    credit = i18n.day(local(add_jalali_months(NOW, 3)).date())
    qtbot.waitUntil(lambda: credit in expiry.message.text())
    shot(qtbot, dialog, ProgrammeTabs.WALLET, "wallet-expiry", lang, artifacts)
    save(qtbot, dialog)
    assert dialog.club.club_rules().expiry == ExpiryRules(6, 3)


def test_the_cashback_example_follows_the_percent_and_delay(
    qtbot, dialog: SettingsDialog, lang: Lang
) -> None:
    wallet = dialog.programme.wallet
    off = i18n.translate("WalletEditor", "Cashback is off: purchases give no wallet credit.")
    assert off in wallet.message.text()
    retype(qtbot, wallet.percent, "۲" if lang is Lang.FA else "2")
    retype(qtbot, wallet.delay, "24")
    qtbot.waitUntil(lambda: i18n.tomans(4_000) in wallet.message.text())
    tomorrow = i18n.translate("WalletEditor", "from tomorrow %1").replace(
        "%1", i18n.digits("14:00")
    )
    assert tomorrow in wallet.message.text()
    assert i18n.tomans(200_000) in wallet.message.text()
    retype(qtbot, wallet.delay, "2")
    today = i18n.translate("WalletEditor", "from today %1").replace("%1", i18n.digits("16:00"))
    qtbot.waitUntil(lambda: today in wallet.message.text())
    retype(qtbot, wallet.percent, "2.5")
    qtbot.waitUntil(lambda: i18n.tomans(5_000) in wallet.message.text())
    save(qtbot, dialog)
    assert dialog.club.club_rules().wallet == WalletRules(Decimal("2.5"), 2)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("percent", "150", "Cashback must be a percent from 0 to 100."),
        ("percent", "2.555", "Cashback must be a percent from 0 to 100."),
        ("delay", "x", "The delay must be 0 to 2,160 hours (90 days)."),
    ],
)
def test_invalid_cashback_shows_why_and_saves_nothing(
    qtbot, dialog: SettingsDialog, club: ClubServices, field: str, text: str, message: str
) -> None:
    wallet = dialog.programme.wallet
    retype(qtbot, dialog.programme.expiry.points_months, "6")  # a valid change elsewhere
    retype(qtbot, getattr(wallet, field), text)
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    assert wallet.message.kind == "error"
    assert error_source(message) in wallet.message.text()
    assert not dialog.programme.tabIcon(ProgrammeTabs.WALLET).isNull()  # the tab says so
    dialog.save_button.click()  # disabled: nothing happens
    assert dialog.isVisible()
    assert club.club_rules() == ClubRules()  # nothing half-saved
    retype(qtbot, getattr(wallet, field), "2")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.programme.tabIcon(ProgrammeTabs.WALLET).isNull()


def test_an_invalid_earning_rule_blocks_the_club_rules_too(
    qtbot, dialog: SettingsDialog, club: ClubServices
) -> None:
    retype(qtbot, dialog.programme.wallet.percent, "3")
    retype(qtbot, dialog.per_point, "0")
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    dialog.save_button.click()
    assert club.club_rules() == ClubRules()


def test_rewards_are_added_edited_reordered_and_removed(
    qtbot, dialog: SettingsDialog, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    rewards = dialog.programme.rewards
    empty = i18n.translate(
        "RewardsEditor", "No rewards yet: add one, e.g. 50,000 tomans off for 100 points."
    )
    assert empty in rewards.message.text()
    dialog.programme.setCurrentIndex(ProgrammeTabs.REWARDS)
    rewards.add_button.click()
    first = rewards.rows[0]
    assert first.name.hasFocus()
    assert first.name.selectedText() == first.name.text()
    retype(qtbot, first.name, "Coffee")
    rewards.add_button.click()
    second = rewards.rows[1]
    retype(qtbot, second.name, "Ten percent")
    second.kind.setCurrentIndex(list(RewardKind).index(RewardKind.PERCENT))
    assert second.cap.isVisibleTo(dialog)
    assert not first.cap.isVisibleTo(dialog)
    retype(qtbot, second.cost, "200")
    retype(qtbot, second.amount, "10")
    retype(qtbot, second.cap, "۵۰۰۰۰" if lang is Lang.FA else "50000")
    rewards.add_button.click()
    third = rewards.rows[2]
    retype(qtbot, third.name, "Mug")
    third.kind.setCurrentIndex(list(RewardKind).index(RewardKind.ITEM))
    assert not third.amount.isVisibleTo(dialog)
    second.cost.setFocus()  # editing the second row selects it
    qtbot.waitUntil(lambda: rewards.table.currentRow() == 1)
    rewards.up_button.click()
    qtbot.waitUntil(lambda: rewards.rows[0].name.text() == "Ten percent")
    assert rewards.table.currentRow() == 0
    rewards.up_button.click()  # already first: nothing moves
    assert [r.name.text() for r in rewards.rows] == ["Ten percent", "Coffee", "Mug"]
    rewards.table.setCurrentCell(1, 0)
    rewards.remove_button.click()
    qtbot.waitUntil(lambda: len(rewards.rows) == 2)
    rewards.table.setCurrentCell(0, 0)
    rewards.down_button.click()
    qtbot.waitUntil(lambda: rewards.rows[1].name.text() == "Ten percent")
    retype(qtbot, rewards.max_share, "40")
    retype(qtbot, rewards.point_value, "500")
    limit = i18n.tomans(100_000)  # 40% of 250,000
    qtbot.waitUntil(lambda: limit in rewards.message.text())
    shot(qtbot, dialog, ProgrammeTabs.REWARDS, "rewards", lang, artifacts)
    ids = [row.id for row in rewards.rows]
    save(qtbot, dialog)
    saved = club.club_rules().rewards
    assert saved.max_share == 40
    assert saved.point_value == 500
    assert [r.name for r in saved.rewards] == ["Mug", "Ten percent"]
    assert saved.rewards[0].kind is RewardKind.ITEM
    assert saved.rewards[1] == Reward(ids[1], "Ten percent", RewardKind.PERCENT, 200, 10, 50_000)
    assert len(set(ids)) == 2
    assert all(ids)


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("name", "", "A reward needs a name of up to 60 characters."),
        ("cost", "0", "A reward must cost 1 to 10,000,000 points."),
        ("amount", "", "A reward's value must be 1 to 1,000,000,000 tomans."),
    ],
)
def test_an_invalid_reward_names_its_row_and_saves_nothing(
    qtbot, dialog: SettingsDialog, club: ClubServices, column: str, text: str, message: str
) -> None:
    rewards = dialog.programme.rewards
    rewards.add_button.click()
    rewards.add_button.click()
    retype(qtbot, getattr(rewards.rows[1], column), text)
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    assert error_source(message) in rewards.message.text()
    prefix = i18n.translate("RewardsEditor", "Reward %1:").replace("%1", i18n.number(2))
    assert rewards.message.text().startswith(prefix)
    assert club.club_rules() == ClubRules()


def test_a_share_above_100_percent_is_refused(qtbot, dialog: SettingsDialog) -> None:
    rewards = dialog.programme.rewards
    retype(qtbot, rewards.max_share, "101")
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    message = "The share payable with points must be 1 to 100 percent."
    assert error_source(message) in rewards.message.text()


def test_levels_are_saved_in_order_of_spend(
    qtbot, dialog: SettingsDialog, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    levels = dialog.programme.levels
    hint = i18n.translate(
        "LevelsEditor", "The lowest level usually starts at 0, so every member has a level."
    )
    assert hint in levels.message.text()
    dialog.programme.setCurrentIndex(ProgrammeTabs.LEVELS)
    levels.add_button.click()
    assert levels.rows[0].spend.text() == i18n.digits("0")  # the first level starts at 0
    retype(qtbot, levels.rows[0].name, "Bronze")
    levels.add_button.click()
    assert levels.rows[1].spend.text() == i18n.digits("5000000")
    retype(qtbot, levels.rows[1].name, "Gold")
    retype(qtbot, levels.rows[1].multiplier, "۱٫۵" if lang is Lang.FA else "1.5")
    retype(qtbot, levels.window_days, "180")
    expected = i18n.tomans(5_000_000)
    qtbot.waitUntil(lambda: expected in levels.message.text())
    assert "Gold" in levels.message.text()
    shot(qtbot, dialog, ProgrammeTabs.LEVELS, "levels", lang, artifacts)
    save(qtbot, dialog)
    assert club.club_rules().levels == LevelRules(
        (Level("Bronze", 0), Level("Gold", 5_000_000, Decimal("1.5"))), 180
    )


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("spend", "0", "Each level needs its own name and its own spend."),
        ("name", "bronze", "Each level needs its own name and its own spend."),
        ("multiplier", "0.5", "A level's multiplier must be from 1 to 10."),
        ("name", "", "A level needs a name of up to 20 characters."),
    ],
)
def test_invalid_levels_show_why_and_save_nothing(
    qtbot, dialog: SettingsDialog, club: ClubServices, column: str, text: str, message: str
) -> None:
    levels = dialog.programme.levels
    levels.add_button.click()
    retype(qtbot, levels.rows[0].name, "Bronze")
    levels.add_button.click()
    retype(qtbot, getattr(levels.rows[1], column), text)
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    assert error_source(message) in levels.message.text()
    assert club.club_rules() == ClubRules()
    levels.remove_button.click()  # the row being edited goes
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert [row.name.text() for row in levels.rows] == ["Bronze"]


def test_everything_is_saved_with_one_save(
    qtbot, dialog: SettingsDialog, club: ClubServices
) -> None:
    programme = dialog.programme
    retype(qtbot, dialog.per_visit, "3")
    retype(qtbot, programme.expiry.points_months, "12")
    retype(qtbot, programme.wallet.percent, "1")
    programme.rewards.add_button.click()
    programme.levels.add_button.click()
    save(qtbot, dialog)
    rules = club.club_rules()
    assert club.earning_rules().points_per_visit == 3
    assert rules.expiry.points_months == 12
    assert rules.wallet.percent == Decimal(1)
    assert len(rules.rewards.rewards) == 1
    assert len(rules.levels.levels) == 1


def test_a_refused_save_shows_why_on_the_first_tab(
    qtbot, dialog: SettingsDialog, club: ClubServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_rules: ClubRules) -> None:
        raise InvalidSetting()

    monkeypatch.setattr(club, "set_club_rules", refuse)
    dialog.programme.setCurrentIndex(ProgrammeTabs.LEVELS)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.example.kind == "error", timeout=WAIT)
    assert dialog.programme.currentIndex() == ProgrammeTabs.EARNING
    assert error_source("The setting is not valid.") in dialog.example.text()
    assert dialog.save_button.isEnabled()
    assert dialog.isVisible()


def test_unreadable_saved_rules_are_reported(
    qtbot, club: ClubServices, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable() -> ClubRules:
        raise InvalidSetting("The saved club settings cannot be read.")

    monkeypatch.setattr(club, "club_rules", unreadable)
    dialog = SettingsDialog(club, club.earning_rules())
    qtbot.addWidget(dialog)
    dialog.show()
    error = dialog.programme.load_error
    qtbot.waitUntil(lambda: error.kind == "error", timeout=WAIT)
    assert error_source("The saved club settings cannot be read.") in error.text()
    assert dialog.programme.rules() is None  # the earning rules can still be saved alone
    assert not dialog.programme.wallet.isEnabled()


def test_persian_layout_is_right_to_left(qtbot, dialog: SettingsDialog, lang: Lang) -> None:
    if lang is Lang.FA:
        assert dialog.programme.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.programme.expiry.points_months.text() == "۰"
    tabs = [dialog.programme.tabText(i) for i in range(dialog.programme.count())]
    assert len(tabs) == 5
    assert all(tabs)


def test_switching_language_keeps_what_was_typed(qtbot, dialog: SettingsDialog, lang: Lang) -> None:
    programme = dialog.programme
    retype(qtbot, programme.wallet.percent, "2.5")
    programme.rewards.add_button.click()
    retype(qtbot, programme.rewards.rows[0].name, "Coffee")
    retype(qtbot, programme.rewards.rows[0].cost, "120")
    other = Lang.EN if lang is Lang.FA else Lang.FA
    i18n.apply_language(other, remember=False)
    shown = "2.5" if other is Lang.EN else "۲٫۵"
    qtbot.waitUntil(lambda: programme.wallet.percent.text() == shown)
    assert programme.rewards.rows[0].cost.text() == i18n.digits("120")
    assert programme.rewards.rows[0].name.text() == "Coffee"
    rules = programme.rules()
    assert rules is not None
    assert rules.wallet.percent == Decimal("2.5")
    assert rules.rewards.rewards[0].cost == 120
    assert dialog.save_button.isEnabled()
