"""Accounts at the till: sign-in at start, switching user, the owner's PIN for a cashier's
restricted action (saving Settings), the Accounts dialog and the audit log viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from clubdesk.core.audit import AuditFilter
from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.core.roles import Role
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.accounts import AccountsDialog
from clubdesk.ui.audit_view import KINDS, AuditDialog
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.pin_prompt import PinPrompt
from clubdesk.ui.settings_dialog import SettingsDialog
from clubdesk.ui.sign_in import SignInDialog
from clubdesk.ui.widgets import select_row
from qt_keys import press, type_text

WAIT = 20_000
OWNER_PIN, CASHIER_PIN = "2580", "7391"


def shot(widget: QWidget, artifacts: Path, lang: Lang, name: str) -> None:
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    widget.grab().save(str(folder / f"{lang.value}-{name}.png"))


@pytest.fixture
def staffed(club: ClubServices) -> ClubServices:
    """The owner Maryam and the cashier Reza; nobody signed in yet (a fresh start)."""
    club.add_account("Maryam", Role.OWNER, OWNER_PIN)
    club.add_account("Reza", Role.CASHIER, CASHIER_PIN)
    club.sign_out()
    return club


@pytest.fixture
def window(qtbot, staffed: ClubServices, lang: Lang) -> MainWindow:
    win = MainWindow(staffed)
    qtbot.addWidget(win)
    win.show()
    return win


def sign_in_dialog(qtbot, window: MainWindow) -> SignInDialog:
    qtbot.waitUntil(lambda: window.roles.sign_in_dialog is not None, timeout=WAIT)
    dialog = window.roles.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.names.count() == 2, timeout=WAIT)
    return dialog


def sign_in(qtbot, window: MainWindow, pin: str, *, down: int = 0) -> SignInDialog:
    """Only the keyboard: Down to choose the name, the PIN, Enter."""
    dialog = sign_in_dialog(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pin, timeout=WAIT)
    for _ in range(down):
        press(dialog.pin, Qt.Key.Key_Down)
    type_text(dialog.pin, pin)
    press(dialog.pin, Qt.Key.Key_Return)
    return dialog


def test_the_app_asks_who_is_at_the_till_and_shows_them(
    qtbot, window: MainWindow, staffed: ClubServices, lang: Lang, artifacts: Path
) -> None:
    window.roles.start()
    dialog = sign_in_dialog(qtbot, window)
    assert dialog.names.currentRow() == 0
    assert dialog.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if lang is Lang.FA else Qt.LayoutDirection.LeftToRight
    )
    shot(dialog, artifacts, lang, "sign-in")
    press(dialog.pin, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # at start only "Quit" leaves

    sign_in(qtbot, window, "۱۲۳۴", down=1)  # wrong PIN, in Persian digits
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert dialog.pin.text() == ""
    assert staffed.user is None
    type_text(dialog.pin, "۷۳۹۱")  # Reza's PIN in Persian digits
    with qtbot.waitSignal(dialog.signed_in, timeout=WAIT):
        press(dialog.pin, Qt.Key.Key_Return)
    assert staffed.user is not None
    assert staffed.user.name == "Reza"
    label = window.roles.user_label
    assert label.isVisible()
    assert "Reza" in label.text()
    assert not window.roles.act_accounts.isEnabled()  # owner tools: owner only
    assert not window.roles.act_audit.isEnabled()
    shot(window, artifacts, lang, "signed-in-cashier")


def test_switch_user_with_ctrl_shift_l(qtbot, window: MainWindow, staffed: ClubServices) -> None:
    staffed.sign_in("Reza", CASHIER_PIN)
    window.roles.start()
    qtbot.waitUntil(lambda: window.roles.user_label.isVisible(), timeout=WAIT)
    assert window.roles.sign_in_dialog is None  # someone is signed in: no question
    assert window.roles.act_switch.shortcut().toString() == "Ctrl+Shift+L"
    window.roles.act_switch.trigger()
    dialog = sign_in(qtbot, window, OWNER_PIN)  # Maryam is first in the list
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert staffed.user is not None
    assert staffed.user.name == "Maryam"
    assert window.roles.act_accounts.isEnabled()
    assert "Maryam" in window.roles.user_label.text()


def save_settings_as_cashier(
    qtbot, window: MainWindow, tomans_per_point: str
) -> tuple[SettingsDialog, PinPrompt]:
    """Settings → a new rule → Save, which opens the owner's PIN prompt."""
    window.open_settings()
    settings = window.settings_dialog
    assert settings is not None
    qtbot.waitUntil(lambda: settings.receipts.isEnabled(), timeout=WAIT)
    settings.per_point.setText(tomans_per_point)
    settings.save_button.click()
    qtbot.waitUntil(lambda: settings.findChild(PinPrompt) is not None, timeout=WAIT)
    return settings, settings.findChild(PinPrompt)


def test_a_cashier_saves_settings_with_the_owners_pin(
    qtbot, window: MainWindow, staffed: ClubServices, lang: Lang, artifacts: Path
) -> None:
    staffed.sign_in("Reza", CASHIER_PIN)
    settings, prompt = save_settings_as_cashier(qtbot, window, "5000")
    assert prompt.isVisible()
    assert i18n.translate("roles", "change the settings") in prompt.explain.text()
    shot(prompt, artifacts, lang, "owner-pin")

    type_text(prompt.pin, CASHIER_PIN)  # the cashier's own PIN does not do
    press(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: prompt.message.kind == "error", timeout=WAIT)
    assert prompt.isVisible()
    assert staffed.earning_rules().tomans_per_point != 5000

    type_text(prompt.pin, "۲۵۸۰")
    with qtbot.waitSignal(settings.rule_changed, timeout=WAIT):
        press(prompt.pin, Qt.Key.Key_Return)
    assert staffed.earning_rules().tomans_per_point == 5000
    staffed.authorise(OWNER_PIN)
    entries = staffed.audit_page(AuditFilter(action="settings.change"), 0, 10)
    assert {(e.actor, e.authorised_by) for e in entries} == {("Reza", "Maryam")}


def test_cancelling_the_owners_pin_saves_nothing(
    qtbot, window: MainWindow, staffed: ClubServices
) -> None:
    staffed.sign_in("Reza", CASHIER_PIN)
    before = staffed.earning_rules()
    settings, prompt = save_settings_as_cashier(qtbot, window, "7000")
    prompt.cancel.click()
    qtbot.waitUntil(lambda: settings.save_button.isEnabled(), timeout=WAIT)
    assert settings.isVisible()
    assert staffed.earning_rules() == before


def test_accounts_dialog_adds_a_cashier_and_sets_the_limit(
    qtbot, window: MainWindow, staffed: ClubServices, lang: Lang, artifacts: Path
) -> None:
    staffed.sign_in("Maryam", OWNER_PIN)
    window.roles.render()
    dialog = window.roles.open_accounts()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT)
    shot(dialog, artifacts, lang, "accounts")
    dialog.name.setText("Sara")
    dialog.new_pin.setText("4826")
    dialog.new_pin_again.setText("4827")
    dialog.add_button.click()
    assert dialog.message.kind == "error"  # the two PINs differ: nothing sent
    mismatch = dialog.message.text()
    dialog.new_pin.setText("1111")
    dialog.new_pin_again.setText("1111")
    dialog.add_button.click()
    qtbot.waitUntil(
        lambda: dialog.message.kind == "error" and dialog.message.text() != mismatch, timeout=WAIT
    )
    assert "guess" in dialog.message.text() or lang is Lang.FA  # a weak PIN, said why
    dialog.new_pin.setText("4826")
    dialog.new_pin_again.setText("4826")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=WAIT)
    assert [(u.name, u.role) for u in staffed.accounts()][2] == ("Sara", Role.CASHIER)

    select_row(dialog.table, 0)  # Maryam, the only owner
    dialog.toggle.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert "only active owner" in dialog.message.text() or lang is Lang.FA
    select_row(dialog.table, 1)
    dialog.toggle.click()
    qtbot.waitUntil(lambda: not staffed.accounts()[1].active, timeout=WAIT)

    dialog.limit.setValue(250)
    dialog.limit_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=WAIT)
    assert staffed.redeem_limit() == 250


def test_accounts_dialog_with_no_accounts_starts_with_the_owner(
    qtbot, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    dialog = AccountsDialog(club)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.empty.isVisible() and dialog.limit.value() == 500, timeout=WAIT)
    assert dialog.role.count() == 1  # the first account is the owner
    shot(dialog, artifacts, lang, "accounts-empty")
    dialog.name.setText("Maryam")
    dialog.new_pin.setText(OWNER_PIN)
    dialog.new_pin_again.setText(OWNER_PIN)
    with qtbot.waitSignal(dialog.changed, timeout=WAIT):
        dialog.add_button.click()
    assert club.user is not None
    assert club.user.role is Role.OWNER


def test_audit_viewer_filters_and_pages(
    qtbot, window: MainWindow, staffed: ClubServices, lang: Lang, artifacts: Path
) -> None:
    staffed.sign_in("Reza", CASHIER_PIN)
    for n in range(3):
        staffed.register(MemberDraft(phone=f"0912000010{n}", first_name=f"Ali{n}"))
    staffed.authorise(OWNER_PIN)
    staffed.set_redeem_limit(300)
    staffed.sign_in("Maryam", OWNER_PIN)
    dialog = window.roles.open_audit()
    assert isinstance(dialog, AuditDialog)
    model = dialog.model
    qtbot.waitUntil(lambda: model.total > 0, timeout=WAIT)
    everything = model.total
    qtbot.waitUntil(lambda: model.row_at(0) is not None, timeout=WAIT)
    assert model.row_at(0).action == "account.sign_in"  # newest first
    shot(dialog, artifacts, lang, "audit")

    dialog.kind.setCurrentIndex([prefix for _label, prefix in KINDS].index("settings"))
    dialog.search_button.click()
    qtbot.waitUntil(lambda: model.total == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: model.row_at(0) is not None, timeout=WAIT)
    details = model.data(model.index(0, 4))
    assert details.strip("\u2066\u2069") == i18n.digits("value: — → 300")
    assert model.data(model.index(0, 5)) == "Maryam"
    assert model.data(model.index(0, 1)) == "Reza"

    dialog.kind.setCurrentIndex(0)
    type_text(dialog.member, "۰۹۱۲۰۰۰۰۱۰۱")
    press(dialog.member, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.total == 1, timeout=WAIT)
    dialog.member.clear()
    dialog.start.setText("not a day")
    dialog.search_button.click()
    assert dialog.message.kind == "error"
    assert model.total == 1  # the table keeps the last good search
    dialog.start.setText(i18n.digits("1300/01/01"))
    dialog.end.setText(i18n.digits("1300/01/02"))
    dialog.search_button.click()
    qtbot.waitUntil(lambda: model.total == 0, timeout=WAIT)
    assert dialog.count.text()  # the empty result says what to do
    dialog.start.clear()
    dialog.end.clear()
    dialog.search_button.click()
    qtbot.waitUntil(lambda: model.total == everything, timeout=WAIT)


def test_without_a_pin_authority_the_refusal_is_reported(qtbot) -> None:
    """A widget outside the main window cannot ask for the PIN: its error handler is told."""
    from clubdesk.core.roles import OwnerPinRequired, Permission
    from clubdesk.ui.ops import run_op

    widget = QWidget()
    qtbot.addWidget(widget)
    errors: list[BaseException] = []

    def refused() -> None:
        raise OwnerPinRequired(Permission.EXPORT)

    run_op(widget, refused, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT)
    assert isinstance(errors[0], OwnerPinRequired)
    assert widget.findChild(PinPrompt) is None
