"""The cashier's day at the counter, driven with the keyboard alone, in Persian and English."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import PERSIAN_DIGITS, Lang
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.member_form import MemberForm
from qt_keys import focused, press, type_text

NEW_PHONE = "09121234567"


def _digits(text: str, lang: Lang) -> str:
    """What the cashier types: Persian keyboards send Persian digits."""
    if lang is Lang.FA:
        return text.translate(str.maketrans("0123456789", PERSIAN_DIGITS))
    return text


def test_new_number_enter_registers_then_amount_enter_records(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    counter = window.counter
    type_text(focused(), _digits(NEW_PHONE, lang))
    press(focused(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: isinstance(counter.form, MemberForm) and counter.form.isVisible())
    form = counter.form
    assert form.phone.text()  # the number is filled in
    assert focused() is form.first_name
    type_text(focused(), "علی")
    press(focused(), Qt.Key.Key_Tab)
    form.last_name.setFocus()
    type_text(form.last_name, "رضایی")
    press(form.last_name, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: counter.card.card is not None)
    qtbot.waitUntil(lambda: focused() is counter.card.amount)
    assert counter.card.name.text() == "علی رضایی"
    type_text(focused(), _digits("250000", lang))
    press(focused(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: counter.card.last_result is not None)
    member = club.find_phone(NEW_PHONE)
    assert member is not None
    assert (member.points, member.visits, member.total_spent) == (25, 1, 250_000)
    expected_points = "۲۵" if lang is Lang.FA else "25"
    assert counter.card.stat_values["points"].text() == expected_points
    assert expected_points in counter.card.result.text()
    # Ready for the next customer: the search box has focus, its text selected for replacing.
    qtbot.waitUntil(lambda: focused() is counter.search)
    assert counter.search.selectedText() == counter.search.text()


def test_known_number_opens_the_card_and_records_a_purchase(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    known = club.register(MemberDraft(phone=NEW_PHONE, first_name="Sara", last_name="Karimi"))
    counter = window.counter
    type_text(focused(), "0912 123 4567")
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is counter.card.amount)
    assert counter.form is None  # no registration for a member we know
    assert counter.card.card.member.id == known.member.id
    type_text(focused(), "1,000,000")
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: club.card(known.member.id).member.points == 100)


def test_invalid_number_shows_inline_message_and_opens_nothing(
    qtbot, window: MainWindow, lang: Lang
) -> None:
    counter = window.counter
    type_text(focused(), _digits("08121234567", lang))
    assert counter.message.isVisible()
    assert counter.message.kind == "error"
    if lang is Lang.FA:
        assert "موبایل" in counter.message.text()
    else:
        assert "not a valid Iranian mobile number" in counter.message.text()
    press(focused(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert counter.form is None
    assert counter.card.card is None


def test_results_follow_each_keystroke(qtbot, window: MainWindow, club: ClubServices) -> None:
    club.register(MemberDraft(phone="09121110001", first_name="علی", last_name="کریمی"))
    club.register(MemberDraft(phone="09351110002", first_name="علیرضا", last_name="احمدی"))
    club.register(MemberDraft(phone="09191116789", first_name="مریم", last_name="علوی"))
    counter = window.counter

    def names() -> set[str]:
        return {m.full_name for m in counter.results_for}

    type_text(focused(), "علي")  # Arabic Yeh, as some keyboards type it
    qtbot.waitUntil(lambda: names() == {"علی کریمی", "علیرضا احمدی"})
    type_text(focused(), " ک")
    qtbot.waitUntil(lambda: names() == {"علی کریمی"})
    counter.search.clear()
    type_text(focused(), "۶۷۸۹")  # the last four digits the customer reads out
    qtbot.waitUntil(lambda: names() == {"مریم علوی"})
    counter.search.clear()
    qtbot.waitUntil(lambda: counter.results_for == [] and counter.empty_hint.isVisible())


def test_enter_on_a_name_opens_the_selected_match(
    qtbot, window: MainWindow, club: ClubServices
) -> None:
    club.register(MemberDraft(phone="09121110001", first_name="Neda", last_name="Moradi"))
    club.register(MemberDraft(phone="09121110002", first_name="Neda", last_name="Tehrani"))
    counter = window.counter
    type_text(focused(), "neda")
    press(focused(), Qt.Key.Key_Down)  # second match, without leaving the search box
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.card.card is not None)
    assert counter.card.card.member.full_name == "Neda Tehrani"


def test_registering_an_existing_number_opens_that_member(
    qtbot, window: MainWindow, club: ClubServices
) -> None:
    """Two counters may race: the form saves a number another counter just registered."""
    counter = window.counter
    counter.register("+989121234567")
    qtbot.waitUntil(lambda: counter.form is not None and counter.form.isVisible())
    existing = club.register(MemberDraft(phone=NEW_PHONE, first_name="Omid", last_name="Nazari"))
    type_text(counter.form.first_name, "Someone")
    counter.form.save_button.click()
    qtbot.waitUntil(lambda: counter.card.card is not None)
    assert counter.card.card.member.id == existing.member.id
    assert counter.card.card.member.first_name == "Omid"
    assert club.count_members() == 1


def test_registration_form_keeps_save_disabled_until_valid(qtbot, window: MainWindow) -> None:
    counter = window.counter
    counter.register("")
    qtbot.waitUntil(lambda: counter.form is not None and counter.form.isVisible())
    form = counter.form
    assert not form.save_button.isEnabled()
    type_text(form.phone, "0912123")
    assert not form.save_button.isEnabled()
    assert form.phone_message.kind == "error"
    type_text(form.phone, "4567")
    type_text(form.first_name, "Reza")
    assert form.save_button.isEnabled()
    type_text(form.birthday, "1370/13/40")
    assert form.birthday_message.kind == "error"
    assert not form.save_button.isEnabled()
    form.birthday.clear()
    type_text(form.birthday, "۱۳۷۰/۰۵/۱۲")
    assert form.save_button.isEnabled()


def test_overdrawn_redeem_is_refused_on_the_card(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    member = club.register(MemberDraft(phone=NEW_PHONE, first_name="Amir")).member
    club.record_purchase(member.id, 100_000)  # 10 points
    counter = window.counter
    counter.open_member(member.id)
    qtbot.waitUntil(lambda: counter.card.card is not None)
    type_text(counter.card.redeem_points, "50")
    press(counter.card.redeem_points, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.card.preview.kind == "error")
    assert club.card(member.id).member.points == 10
    counter.card.redeem_points.clear()
    type_text(counter.card.redeem_points, "4")
    press(counter.card.redeem_points, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: club.card(member.id).member.points == 6)


def test_archived_member_cannot_buy_until_restored(
    qtbot, window: MainWindow, club: ClubServices
) -> None:
    member = club.register(MemberDraft(phone=NEW_PHONE, first_name="Leila")).member
    counter = window.counter
    counter.open_member(member.id)
    qtbot.waitUntil(lambda: counter.card.card is not None)
    counter.card.archive_button.click()
    qtbot.waitUntil(lambda: counter.card.card.member.archived)
    assert not counter.card.amount.isEnabled()
    assert club.history(member.id)[-1]["action"] == "member.archive"
    counter.card.archive_button.click()
    qtbot.waitUntil(lambda: not counter.card.card.member.archived)
    assert counter.card.amount.isEnabled()


def test_f4_edits_the_member_and_the_audit_log_keeps_old_and_new(
    qtbot, window: MainWindow, club: ClubServices
) -> None:
    member = club.register(MemberDraft(phone=NEW_PHONE, first_name="Reza")).member
    counter = window.counter
    counter.open_member(member.id)
    qtbot.waitUntil(lambda: focused() is counter.card.amount)
    qtbot.keyClick(counter.card.amount, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: counter.form is not None and counter.form.isVisible())
    form = counter.form
    assert form.first_name.text() == "Reza"
    form.last_name.setText("Karimi")
    press(form.last_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.card.name.text() == "Reza Karimi")
    last = club.history(member.id)[-1]
    assert last["action"] == "member.edit"
    assert last["details"] == {"last_name": ["", "Karimi"]}


def test_amount_is_read_back_with_separators_and_points(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    member = club.register(MemberDraft(phone=NEW_PHONE, first_name="Sima")).member
    counter = window.counter
    counter.open_member(member.id)
    qtbot.waitUntil(lambda: focused() is counter.card.amount)
    type_text(focused(), _digits("2500000", lang))
    expected = "۲٬۵۰۰٬۰۰۰ تومان: ۲۵۰" if lang is Lang.FA else "2,500,000 tomans earns 250"
    assert expected in counter.card.preview.text()
    type_text(focused(), "x")
    assert counter.card.preview.kind == "error"
