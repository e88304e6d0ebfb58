"""Support's new replies reach the owner without opening Support: the background check asks the
real server, the status bar (and the lock screen) says "1 new reply from support", a click
opens the reply, and the indicator goes once it is read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from PySide6.QtCore import Qt

from clubdesk.core.i18n import Lang
from clubdesk.jobs import SUPPORT_CHECK_MINUTES
from clubdesk.renewal import RenewalService
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.support import SupportDialog
from licence_server import RunningServer
from renewal_shop import SECRET_MEMBER, activated, shop_window
from renewal_shop import visible_text as on_screen

WAIT = 20_000


def news(lang: Lang, unread: int) -> str:
    """What the owner reads, written out: the Persian one must come with Persian digits."""
    if lang is Lang.FA:
        return f"{i18n.number(unread)} پاسخ تازه از پشتیبانی"
    return "1 new reply from support" if unread == 1 else f"{unread} new replies from support"


def test_a_reply_shows_in_the_status_bar_opens_support_and_goes_once_read(
    qtbot, licence_server: RunningServer, data_dir: Path, lang: Lang
) -> None:
    key, licence = activated(licence_server, data_dir, days=60)
    with shop_window(qtbot, licence_server, data_dir, key, licence) as shop:
        window = shop.window
        indicator = window.support_indicator
        assert window.scheduler is not None
        job = window.scheduler.get_job("support-check")
        assert job.trigger.interval == timedelta(minutes=SUPPORT_CHECK_MINUTES)
        # The scheduler asks right after start, off the GUI thread: nothing unread yet.
        qtbot.waitUntil(lambda: window.support_unread == 0, timeout=WAIT)
        assert not indicator.isVisible()

        service = window.renewal()
        assert service is not None
        ticket = service.open_ticket("Printer", "Receipts do not print.")
        licence_server.admin.reply(ticket.ticket_id, "Please restart the printer.", name="Sara")
        window.check_support()  # what the scheduler does every quarter of an hour
        qtbot.waitUntil(indicator.isVisible, timeout=WAIT)
        assert indicator.text() == news(lang, 1)
        assert window.support_dialog is None  # nobody opened Support

        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
        support = window.support_dialog
        assert isinstance(support, SupportDialog)
        assert support.isVisible()
        # The reply opens by itself; fetching it marks it read on the server.
        qtbot.waitUntil(lambda: support.current is not None, timeout=WAIT)
        assert support.pages.currentIndex() == SupportDialog.CONVERSATION
        assert "Please restart the printer." in support.conversation.toPlainText()
        qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=WAIT)
        assert service.unread_replies() == 0

        # Support answers twice more while the screen is open; closing it asks again.
        licence_server.admin.reply(ticket.ticket_id, "Did it help?", name="Sara")
        licence_server.admin.reply(ticket.ticket_id, "A new driver is on our site.", name="Sara")
        support.close_button.click()
        qtbot.waitUntil(indicator.isVisible, timeout=WAIT)
        assert indicator.text() == news(lang, 2)

        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(support.current.messages) == 4, timeout=WAIT)
        assert "A new driver is on our site." in support.conversation.toPlainText()
        qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=WAIT)
        with qtbot.waitSignal(window.bridge.support, timeout=WAIT) as checked:
            support.close_button.click()
        assert checked.args[0] == 0
        assert not indicator.isVisible()


def test_the_lock_screen_tells_of_a_reply_and_opens_it(
    qtbot, licence_server: RunningServer, data_dir: Path, lang: Lang
) -> None:
    key, licence = activated(licence_server, data_dir, days=1)
    ticket = RenewalService(licence).open_ticket("Renewal", "Can I pay by card-to-card?")
    licence_server.admin.reply(ticket.ticket_id, "Yes, or online with Renew.", name="Sara")
    with time_machine.travel(datetime.now(UTC) + timedelta(days=2), tick=True):
        licence.refresh()
        assert licence.status().locked
        with shop_window(qtbot, licence_server, data_dir, key, licence) as shop:
            window = shop.window
            lock = window.lock_screen
            assert lock is not None
            assert window.pages.currentWidget() is lock
            # The check right after start finds the reply, locked or not.
            qtbot.waitUntil(lock.support_news.isVisible, timeout=WAIT)
            assert lock.support_news.text() == news(lang, 1)
            assert not window.support_indicator.isVisible()  # said once, next to Support

            qtbot.mouseClick(lock.support_news, Qt.MouseButton.LeftButton)
            support = window.support_dialog
            assert support is not None
            assert support.isVisible()
            qtbot.waitUntil(lambda: support.current is not None, timeout=WAIT)
            assert "Yes, or online with Renew." in support.conversation.toPlainText()
            qtbot.waitUntil(lambda: not lock.support_news.isVisible(), timeout=WAIT)
            assert window.pages.currentWidget() is lock
            assert SECRET_MEMBER.first_name not in on_screen(window)


def test_an_answer_older_than_the_one_shown_is_ignored(window: MainWindow, lang: Lang) -> None:
    """A slow check started before the owner read the reply must not bring the indicator back."""
    window.show_support_news(2, asked_at=10.0)
    assert window.support_indicator.isVisible()
    assert window.support_indicator.text() == news(lang, 2)
    window.show_support_news(0, asked_at=12.0)  # read in the Support screen
    window.show_support_news(2, asked_at=11.0)  # the scheduler's answer, asked before that
    assert not window.support_indicator.isVisible()
    assert window.support_unread == 0


def test_the_indicator_follows_a_language_switch(qtbot, window: MainWindow, lang: Lang) -> None:
    window.show_support_news(3, asked_at=1.0)
    other = Lang.EN if lang is Lang.FA else Lang.FA
    i18n.apply_language(other, remember=False)  # widgets hear of it through a posted event
    expected = news(other, 3)
    qtbot.waitUntil(lambda: window.support_indicator.text() == expected)
    assert window.support_indicator.isVisible()
    direction = Qt.LayoutDirection.RightToLeft if other.rtl else Qt.LayoutDirection.LeftToRight
    assert window.support_indicator.layoutDirection() == direction
