"""SMS screens: settings with the key kept masked, a live preview and credit from the fake
Kavenegar; a campaign counted and costed before the confirmation, sent once, and visible in
past campaigns and in the member's messages. Screenshots in Persian and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from clubdesk.core import sms
from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui.campaigns import CampaignsDialog
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.sms_settings import SmsSettingsDialog
from fakes.kavenegar import FakeKavenegar
from qt_keys import type_text
from sms_helpers import add_member, own_line

WAIT = 20_000


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        yield fake


def shots(artifacts: Path) -> Path:
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    return folder


def answer(dialog: CampaignsDialog, accept: bool, seen: list[str]) -> None:
    box = dialog.confirm_box
    if box is None:
        QTimer.singleShot(10, lambda: answer(dialog, accept, seen))
        return
    seen.append(box.text())
    (box.defaultButton() if accept else box.buttons()[-1]).click()


def test_sms_settings_keep_the_key_masked_and_preview_templates(
    qtbot, club: ClubServices, kavenegar: FakeKavenegar, lang: Lang, artifacts: Path
) -> None:
    service = own_line(club, kavenegar.url, kavenegar.api_key, kavenegar.line)
    dialog = SmsSettingsDialog(club)
    dialog.service.kavenegar_url = kavenegar.url
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.api_key.text() == ""  # the key itself is never shown
    assert kavenegar.api_key[-4:] in dialog.api_key.placeholderText()
    assert kavenegar.api_key not in dialog.api_key.placeholderText()
    assert dialog.sender.text() == kavenegar.line
    # the tests' keyring is keyrings.alt's plain file: the owner is told
    assert dialog.key_warning.kind == "error"

    editor = dialog.events["purchase"]
    editor.template.setPlainText("Hi {name}, +{points}")
    assert "Hi " in editor.preview.text()
    assert "+120" in editor.preview.text().replace("۱۲۰", "120")
    editor.template.setPlainText("Hi {nmae}")
    assert "nmae" in editor.preview.text()  # what is wrong, while typing

    dialog.credit_button.click()
    qtbot.waitUntil(lambda: dialog.credit_button.isEnabled(), timeout=WAIT)
    assert i18n_digits(dialog.credit_label.text()).startswith("1,000,000")
    dialog.grab().save(str(shots(artifacts) / f"{lang.value}-sms-settings.png"))

    dialog.save()  # the bad template: nothing saved, the error shown
    assert dialog.message.kind == "error"
    assert service.settings().event("purchase").on is False
    editor.template.setPlainText("Thanks {name}")
    editor.enabled.setChecked(True)
    dialog.price.setValue(900)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save()
    chosen = service.settings()
    assert chosen.event("purchase") == sms.ServiceEvent(True, "Thanks {name}")
    assert chosen.price_per_part == 900


def i18n_digits(text: str) -> str:
    from clubdesk.core.i18n import to_latin_digits

    return to_latin_digits(text).replace("\u066c", ",")


def test_campaign_is_counted_confirmed_sent_once_and_tracked(
    qtbot, club: ClubServices, kavenegar: FakeKavenegar, lang: Lang, artifacts: Path
) -> None:
    own_line(club, kavenegar.url, kavenegar.api_key, kavenegar.line, shop="Nili",
             price_per_part=500)  # fmt: skip
    add_member(club, "09121111111", "Ali", level="gold")
    add_member(club, "09122222222", "Sara", level="gold")
    add_member(club, "09123333333", "NoConsent", consent=False, level="gold")
    dialog = CampaignsDialog(club)
    dialog.service.kavenegar_url = kavenegar.url
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.message.kind == "hint", timeout=WAIT)  # write a message first
    assert not dialog.send_button.isEnabled()

    qtbot.keyClicks(dialog.name, "Autumn")
    dialog.insert_variable("name")
    type_text(dialog.template, ", 20% off this week!")
    qtbot.keyClicks(dialog.levels, "gold")
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.send_button.isEnabled(),
                    timeout=WAIT)  # fmt: skip
    assert dialog.preview is not None
    assert (dialog.preview.recipients, dialog.preview.parts, dialog.preview.cost) == (2, 2, 1000)
    assert "Ali, 20% off" in dialog.sample.text()
    dialog.grab().save(str(shots(artifacts) / f"{lang.value}-sms-campaign.png"))

    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer(dialog, accept=False, seen=seen))
    dialog.send_button.click()
    assert kavenegar.messages == []
    assert dialog.service.campaigns() == []
    # the owner reads the count and the cost before anything leaves (Persian digits in fa)
    if lang is Lang.EN:
        assert seen[0] == "Send to 2 members, about 2 parts, about 1,000 rials?"
    else:  # the count and the cost are in the question, in Persian digits
        assert not any(c.isascii() and c.isdigit() for c in seen[0])
        assert "1,000" in i18n_digits(seen[0])

    QTimer.singleShot(0, lambda: answer(dialog, accept=True, seen=seen))
    with qtbot.waitSignal(dialog.queued, timeout=WAIT):
        dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=WAIT)
    assert sorted(m.receptor for m in kavenegar.messages) == ["09121111111", "09122222222"]
    assert dialog.service.send_pending().sent == 0  # once

    kavenegar.set_delivery(kavenegar.messages[0].messageid, 10)
    dialog.service.refresh_delivery()
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.history.rowCount() == 1, timeout=WAIT)
    assert dialog.history.item(0, 0).text() == "Autumn"
    assert i18n_digits(dialog.history.item(0, 3).text()) == "1"  # delivered
    dialog.grab().save(str(shots(artifacts) / f"{lang.value}-sms-history.png"))

    dialog.tabs.setCurrentIndex(2)
    qtbot.keyClicks(dialog.member_phone, "09121111111")
    dialog.member_button.click()
    qtbot.waitUntil(lambda: dialog.member_messages.rowCount() == 1, timeout=WAIT)
    assert "Ali, 20% off" in dialog.member_messages.item(0, 3).text()
    dialog.member_phone.setText("09129999999")
    dialog.member_button.click()
    qtbot.waitUntil(lambda: dialog.member_hint.kind == "error", timeout=WAIT)


def test_campaign_errors_are_shown_not_sent(
    qtbot, club: ClubServices, kavenegar: FakeKavenegar, lang: Lang
) -> None:
    own_line(club, kavenegar.url, kavenegar.api_key, kavenegar.line)
    add_member(club, "09121111111", "Ali")
    dialog = CampaignsDialog(club)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.template.setPlainText("Hi {nmae}")
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert "nmae" in dialog.message.text()
    assert not dialog.send_button.isEnabled()
    dialog.template.setPlainText("Hi {name}")
    dialog.spent_min.setText("lots")
    qtbot.waitUntil(lambda: "lots" in dialog.message.text(), timeout=WAIT)
    assert not dialog.send_button.isEnabled()


def test_menu_opens_the_sms_screens(qtbot, window: MainWindow) -> None:
    window.act_campaigns.trigger()
    assert window.campaigns_dialog.isVisible()
    assert window.act_campaigns.shortcut().toString() == "Ctrl+Shift+M"
    window.campaigns_dialog.close()
    window.act_sms_settings.trigger()
    assert window.sms_settings_dialog.isVisible()


def test_the_sms_jobs_line_problem_shows_once_in_the_status_bar(qtbot, window: MainWindow) -> None:
    from clubdesk.messaging.service import SendReport
    from clubdesk.ui import i18n

    bar = window.statusBar()
    # The bridge lives on the GUI thread: emitting here delivers at once.
    window.bridge.sms.emit(SendReport(problem=sms.SmsOutOfCredit()))
    assert bar.currentMessage() == i18n.error_text(sms.SmsOutOfCredit())
    bar.clearMessage()
    window.bridge.sms.emit(SendReport(problem=sms.SmsOutOfCredit()))  # the next minute
    assert bar.currentMessage() == ""  # said once, not every minute
    window.bridge.sms.emit(SendReport(problem=sms.SmsUnreachable()))  # offline is not news
    assert bar.currentMessage() == ""
    window.bridge.sms.emit(SendReport(problem=sms.SmsKeyInvalid()))
    assert bar.currentMessage() == i18n.error_text(sms.SmsKeyInvalid())


def test_vendor_line_credit_without_activation_says_what_to_do(
    qtbot, club: ClubServices, lang: Lang
) -> None:
    from clubdesk.licensing.manager import NotActivated
    from clubdesk.ui import i18n

    dialog = SmsSettingsDialog(club)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.vendor_line.setChecked(True)
    assert not dialog.api_key.isEnabled()  # the key and line are the own account's
    dialog.credit_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert dialog.message.text() == i18n.error_text(NotActivated())
    assert dialog.credit_button.isEnabled()
