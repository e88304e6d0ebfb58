"""The Support screen against the real server: write a ticket, see support's reply as unread,
read it; reachable from the lock screen, which still shows no member data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from PySide6.QtCore import Qt

from clubdesk.core.i18n import Lang
from clubdesk.ui import i18n
from clubdesk.ui.support import SupportDialog
from licence_server import running_server
from qt_keys import type_text
from renewal_shop import SECRET_MEMBER, activated, shop_window
from renewal_shop import visible_text as on_screen

WAIT = 20_000


def test_a_ticket_and_supports_reply_shows_as_unread(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=60)
        with shop_window(qtbot, server, data_dir, key, licence) as shop:
            window = shop.window
            window.act_support.trigger()
            support = window.support_dialog
            assert isinstance(support, SupportDialog)
            assert support.isVisible()
            qtbot.waitUntil(lambda: support.tickets is not None, timeout=WAIT)
            assert support.tickets == []
            assert support.list_message.isVisible()  # the empty list says so
            assert support.pages.currentIndex() == SupportDialog.EMPTY

            support.new_button.click()
            assert support.pages.currentIndex() == SupportDialog.NEW
            assert support.kind.isEnabled()
            assert not support.payment_box.isVisible()
            type_text(support.new_subject, "چاپ رسید")
            type_text(support.new_text, "رسید چاپ نمی‌شود")
            support.send_button.click()
            qtbot.waitUntil(lambda: support.current is not None, timeout=WAIT)
            ticket = support.current
            assert ticket.subject == "چاپ رسید"
            assert ticket.kind == "general"
            assert support.pages.currentIndex() == SupportDialog.CONVERSATION
            assert "رسید چاپ نمی‌شود" in support.conversation.toPlainText()
            assert support.ticket_list.count() == 1

            server.admin.reply(ticket.ticket_id, "Please restart the printer.", name="Sara")
            support.refresh_button.click()
            qtbot.waitUntil(
                lambda: bool(support.tickets) and support.unread(ticket.ticket_id) == 1,
                timeout=WAIT,
            )
            item = support.ticket_list.item(0)
            assert support.tr("%1 new").replace("%1", i18n.number(1)) in item.text()
            assert item.font().bold()

            qtbot.mouseClick(
                support.ticket_list.viewport(),
                Qt.MouseButton.LeftButton,
                pos=support.ticket_list.visualItemRect(item).center(),
            )
            qtbot.waitUntil(lambda: len(support.current.messages) == 2, timeout=WAIT)
            assert "Please restart the printer." in support.conversation.toPlainText()
            assert support.unread(ticket.ticket_id) == 0
            assert support.current.state == "answered"

            support.reply_box.setPlainText("Thanks, it works.")
            support.send_button.setFocus()
            support.reply_button.click()
            qtbot.waitUntil(lambda: len(support.current.messages) == 3, timeout=WAIT)
            assert support.reply_box.toPlainText() == ""
            support.refresh_button.click()
            qtbot.waitUntil(lambda: support.unread(ticket.ticket_id) == 0, timeout=WAIT)


def test_support_is_reachable_from_the_lock_screen(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=1)
        with time_machine.travel(datetime.now(UTC) + timedelta(days=2), tick=True):
            licence.refresh()
            with shop_window(qtbot, server, data_dir, key, licence) as shop:
                window = shop.window
                assert window.pages.currentWidget() is window.lock_screen
                window.lock_screen.support_button.click()
                support = window.support_dialog
                assert support is not None
                assert support.isVisible()
                qtbot.waitUntil(lambda: support.tickets is not None, timeout=WAIT)
                support.new_button.click()
                support.new_subject.setText("Renewal question")
                support.new_text.setPlainText("Can I pay by card-to-card?")
                support.send_button.click()
                qtbot.waitUntil(lambda: support.current is not None, timeout=WAIT)
                assert window.pages.currentWidget() is window.lock_screen
                assert SECRET_MEMBER.first_name not in on_screen(window)
