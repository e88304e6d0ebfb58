"""The earning rules in Settings: presets, a live example, happy hours, validation, save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from clubdesk.core.errors import InvalidSetting
from clubdesk.core.i18n import Lang
from clubdesk.core.programme import PRESETS, EarningRules, HappyHour, Weekday
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.settings_dialog import SettingsDialog, weekday_name

WAIT = 10_000


@pytest.fixture
def dialog(qtbot, club: ClubServices, lang: Lang) -> SettingsDialog:
    dialog = SettingsDialog(club, club.earning_rules())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def retype(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def error_source(text: str) -> str:
    return i18n.translate("errors", text)


def test_the_example_follows_what_the_owner_types(
    qtbot, dialog: SettingsDialog, lang: Lang, artifacts: Path
) -> None:
    assert dialog.example.kind == "hint"
    assert i18n.number(25) in dialog.example.text()
    assert dialog.preset.currentIndex() == 0  # the default rules are the Simple preset
    retype(qtbot, dialog.per_point, "1000")
    qtbot.waitUntil(lambda: i18n.number(250) in dialog.example.text())
    assert dialog.preset.currentIndex() == len(PRESETS)  # Custom
    retype(qtbot, dialog.per_point, "10000")
    dialog.add_hour.click()  # Saturday 10-12, double points
    qtbot.waitUntil(lambda: i18n.number(50) in dialog.example.text())
    text = dialog.example.text()
    assert weekday_name(0) in text
    assert i18n.digits("11:00") in text
    assert f"{i18n.number(25)} + " in text
    assert "\n" in text  # the breakdown on its own line
    retype(qtbot, dialog.per_visit, "5")
    qtbot.waitUntil(lambda: i18n.number(55) in dialog.example.text())
    retype(qtbot, dialog.bonus, "30")
    qtbot.waitUntil(lambda: i18n.number(30) in dialog.example.text())
    if lang is Lang.FA:
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert "۲۵" in dialog.example.text()
        assert "25" not in dialog.example.text()
        typed = [dialog.per_point, dialog.per_visit, dialog.bonus]
        assert [f.text() for f in typed] == ["۱۰۰۰۰", "۵", "۳۰"]  # digits as the owner types
        assert dialog.rows[0].day.currentText() == "شنبه"
    example = dialog.example  # the layout catches up with the grown example (no clipping)
    qtbot.waitUntil(lambda: example.height() >= example.sizeHint().height())
    out = artifacts / "screens"
    out.mkdir(exist_ok=True)
    assert dialog.grab().save(str(out / f"{lang.value}-settings-earning.png"))


def test_a_preset_fills_the_rules_in_one_click(qtbot, dialog: SettingsDialog) -> None:
    cafe = next(index for index, p in enumerate(PRESETS) if p.key == "cafe")
    dialog.preset.setCurrentIndex(cafe)
    dialog.preset.activated.emit(cafe)
    qtbot.waitUntil(lambda: len(dialog.rows) == 5)
    assert dialog.rules() == PRESETS[cafe].rules
    assert dialog.per_visit.text() == i18n.digits("5")
    assert dialog.save_button.isEnabled()
    boutique = next(index for index, p in enumerate(PRESETS) if p.key == "boutique")
    dialog.preset.setCurrentIndex(boutique)
    dialog.preset.activated.emit(boutique)
    qtbot.waitUntil(lambda: not dialog.rows)
    assert dialog.rules() == PRESETS[boutique].rules
    assert i18n.tomans(500_000) in dialog.example.text()  # the example meets the minimum
    dialog.preset.activated.emit(len(PRESETS))  # "Custom" changes nothing
    assert dialog.rules() == PRESETS[boutique].rules


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("end", "9", "A happy hour must end after it starts."),
        ("end", "10", "A happy hour must end after it starts."),
        ("end", "25", "A happy hour must end at an hour from 1 to 24."),
        ("start", "24", "A happy hour must start at an hour from 0 to 23."),
        ("start", "", "A happy hour must start at an hour from 0 to 23."),
        ("multiplier", "11", "A happy hour multiplier must be from 1 to 10."),
        ("multiplier", "x", "A happy hour multiplier must be from 1 to 10."),
        ("multiplier", "1.255", "A happy hour multiplier has at most two decimals."),
    ],
)
def test_invalid_happy_hours_disable_save_with_the_reason(
    qtbot, dialog: SettingsDialog, column: str, text: str, message: str
) -> None:
    dialog.add_hour.click()
    qtbot.waitUntil(lambda: len(dialog.rows) == 1)
    retype(qtbot, getattr(dialog.rows[0], column), text)
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    assert dialog.example.kind == "error"
    assert error_source(message) in dialog.example.text()
    assert i18n.number(1) in dialog.example.text()  # which row
    retype(qtbot, dialog.rows[0].start, "10")
    retype(qtbot, dialog.rows[0].end, "12")
    retype(qtbot, dialog.rows[0].multiplier, "1.5")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.rules().happy_hours[0].multiplier == HappyHour(0, 10, 12, 1.5).multiplier


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("per_point", "0", "Tomans per point must be a whole number from 1 to 100,000,000."),
        ("per_point", "", "Tomans per point must be a whole number from 1 to 100,000,000."),
        ("minimum", "abc", "The minimum purchase must be zero or more tomans."),
        ("per_visit", "100001", "Points per visit must be a whole number from 0 to 100,000."),
        ("bonus", "-5", "The joining bonus must be a whole number from 0 to 1,000,000."),
    ],
)
def test_invalid_numbers_disable_save(
    qtbot, dialog: SettingsDialog, field: str, text: str, message: str
) -> None:
    retype(qtbot, getattr(dialog, field), text)
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled())
    assert error_source(message) in dialog.example.text()


def test_blank_optional_fields_mean_zero(qtbot, dialog: SettingsDialog) -> None:
    for field in (dialog.minimum, dialog.per_visit, dialog.bonus):
        field.clear()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.rules() == EarningRules()


def test_rows_can_be_removed(qtbot, dialog: SettingsDialog) -> None:
    dialog.remove_hour.click()  # nothing to remove: nothing happens
    dialog.add_hour.click()
    dialog.add_hour.click()
    dialog.rows[1].day.setCurrentIndex(int(Weekday.FRIDAY))
    dialog.hours.setCurrentCell(0, 0)
    dialog.remove_hour.click()
    qtbot.waitUntil(lambda: len(dialog.rows) == 1)
    assert dialog.rules().happy_hours == (HappyHour(Weekday.FRIDAY, 10, 12),)
    assert weekday_name(6) in dialog.example.text()
    dialog.hours.setCurrentCell(-1, -1)
    dialog.remove_hour.click()  # nothing selected: the last row goes
    qtbot.waitUntil(lambda: not dialog.rows)


def test_save_persists_the_rules(qtbot, dialog: SettingsDialog, club: ClubServices) -> None:
    retype(qtbot, dialog.per_point, "5000")
    retype(qtbot, dialog.minimum, "100000")
    retype(qtbot, dialog.per_visit, "2")
    retype(qtbot, dialog.bonus, "20")
    dialog.add_hour.click()
    dialog.rows[0].day.setCurrentIndex(int(Weekday.THURSDAY))
    retype(qtbot, dialog.rows[0].multiplier, "3")
    with qtbot.waitSignal(dialog.rule_changed, timeout=WAIT) as saved:
        dialog.save_button.click()
    expected = EarningRules(5000, 100_000, 2, 20, (HappyHour(Weekday.THURSDAY, 10, 12, 3),))
    assert saved.args == [expected]
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert club.earning_rules() == expected
    assert club.points_rule().tomans_per_point == 5000


def test_a_failed_save_shows_why_and_can_be_retried(
    qtbot, dialog: SettingsDialog, club: ClubServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_rules: EarningRules) -> None:
        raise InvalidSetting()

    monkeypatch.setattr(club, "set_earning_rules", refuse)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.example.kind == "error", timeout=WAIT)
    assert error_source("The setting is not valid.") in dialog.example.text()
    assert dialog.save_button.isEnabled()
    assert dialog.isVisible()


def test_the_counter_uses_the_saved_rules(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    retype(qtbot, dialog.per_visit, "7")
    with qtbot.waitSignal(dialog.rule_changed, timeout=WAIT):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: window.counter.card.rule == club.earning_rules(), timeout=WAIT)
    assert window.counter.card.rule.points_per_visit == 7
