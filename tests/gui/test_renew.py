"""Renewal from inside the app, against the real server and its sandbox gateway.

The owner picks a plan, the app opens the gateway's page in the system browser (caught here with
``QDesktopServices.setUrlHandler``), the test acts as the browser, and the app must unlock (or
drop its banner) at once, without a restart, and show the receipt. A cancelled payment leaves it
locked and, 72 hours later, offers to send the payment's details to support.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from clubdesk.core.i18n import Lang
from clubdesk.core.licence import LockReason, State
from clubdesk.core.renewal import tehran_day
from clubdesk.licensing.client import ServerUnreachable
from clubdesk.licensing.manager import LicenceManager
from clubdesk.renewal import RenewalService
from clubdesk.ui import i18n
from clubdesk.ui.renew import RenewDialog
from clubdesk.ui.screenshots import renewal_samples
from licence_server import running_server
from renewal_shop import SECRET_MEMBER, activated, catching_urls, pay_in_browser, shop_window
from renewal_shop import visible_text as on_screen

WAIT = 20_000


def open_renew_from_lock_screen(qtbot, shop) -> RenewDialog:
    lock = shop.window.lock_screen
    assert lock is not None
    assert shop.window.pages.currentWidget() is lock
    lock.renew_button.click()
    dialog = shop.window.renew_dialog
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.plans is not None and dialog.history is not None, timeout=WAIT)
    dialog.poll_timer.setInterval(100)  # follow the payment quickly; never a timing assertion
    return dialog


def start_paying(qtbot, dialog: RenewDialog, urls) -> None:
    """Press Pay and wait until the app hands the gateway's page to the browser."""
    dialog.pay_button.click()
    qtbot.waitUntil(lambda: bool(urls.urls) or dialog.plans_message.kind == "error", timeout=WAIT)
    assert urls.urls, dialog.plans_message.text()


def open_payment_row(qtbot, dialog: RenewDialog, row: int) -> None:
    """Click a row of the payments list, then Details."""
    table = dialog.payments_table
    assert not dialog.details_button.isEnabled()
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog.details_button.click()


def test_paying_from_the_lock_screen_unlocks_at_once_and_shows_the_receipt(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=1)
        with time_machine.travel(datetime.now(UTC) + timedelta(days=3), tick=True):
            licence.refresh()
            assert licence.status().reason is LockReason.EXPIRED
            with (
                shop_window(qtbot, server, data_dir, key, licence) as shop,
                catching_urls() as urls,
            ):
                dialog = open_renew_from_lock_screen(qtbot, shop)
                assert dialog.plans_table.rowCount() == 3
                monthly = next(c for c in dialog.plans.choices if c.offer.code == "monthly")
                row = dialog.plans.choices.index(monthly)
                price = dialog.plans_table.item(row, 2).text()
                assert price == ("۴۹۰٬۰۰۰ تومان" if lang is Lang.FA else "490,000 tomans")
                expected_until = i18n.day(tehran_day(datetime.now(UTC) + timedelta(days=30)))
                assert dialog.plans_table.item(row, 3).text() == expected_until
                assert SECRET_MEMBER.first_name not in on_screen(shop.window)

                dialog.select_plan("monthly")
                start_paying(qtbot, dialog, urls)
                assert dialog.pages.currentIndex() == RenewDialog.WAITING
                assert shop.window.pages.currentWidget() is shop.window.lock_screen

                pay_in_browser(urls.urls[0], "pay")
                qtbot.waitUntil(lambda: shop.window.pages.currentIndex() == 0, timeout=WAIT)
                qtbot.waitUntil(lambda: dialog.pages.currentIndex() == RenewDialog.RESULT)
                payment = dialog.payment
                assert payment is not None
                assert payment.state == "applied"
                assert payment.ref_id
                assert licence.status().state is State.ACTIVE
                receipt = {
                    k: v.text().removeprefix("\u200f")
                    for k, (_n, v) in dialog.detail_labels.items()
                }
                assert i18n.digits(payment.ref_id) in receipt["ref"]
                assert receipt["paid_until"] == expected_until
                assert receipt["amount"] == price
                assert dialog.result_title.text() == dialog.tr(
                    "Payment received: the licence is renewed"
                )
                assert expected_until in shop.window.indicator.text()


def test_renew_button_of_the_expiring_banner_drops_the_banner_after_paying(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=5)
        with shop_window(qtbot, server, data_dir, key, licence) as shop, catching_urls() as urls:
            window = shop.window
            assert licence.status().state is State.EXPIRING
            assert window.banner.isVisible()
            window.renew_button.click()
            dialog = window.renew_dialog
            assert dialog is not None
            qtbot.waitUntil(lambda: dialog.plans is not None, timeout=WAIT)
            dialog.poll_timer.setInterval(100)
            # A valid licence is extended from its end: five days left plus the plan's 90.
            quarterly = next(c for c in dialog.plans.choices if c.offer.code == "quarterly")
            assert quarterly.paid_until == licence.paid_until + timedelta(days=90)
            dialog.select_plan("quarterly")
            start_paying(qtbot, dialog, urls)
            pay_in_browser(urls.urls[0], "pay")
            qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=WAIT)
            assert licence.status().state is State.ACTIVE
            qtbot.waitUntil(lambda: dialog.pages.currentIndex() == RenewDialog.RESULT)
            day = i18n.day(tehran_day(quarterly.paid_until))
            assert dialog.detail_labels["paid_until"][1].text().removeprefix("\u200f") == day


def test_a_cancelled_payment_stays_locked_and_after_72_hours_goes_to_support(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=1)
        start = datetime.now(UTC) + timedelta(days=3)
        with time_machine.travel(start, tick=True) as traveller:
            licence.refresh()
            with (
                shop_window(qtbot, server, data_dir, key, licence) as shop,
                catching_urls() as urls,
            ):
                window = shop.window
                dialog = open_renew_from_lock_screen(qtbot, shop)
                assert dialog.payments_message.isVisible()  # "no payments yet" is said, not blank
                dialog.select_plan("monthly")
                start_paying(qtbot, dialog, urls)
                # Stop waiting: the payment stays listed, and following it can resume.
                dialog.stop_button.click()
                assert dialog.pages.currentIndex() == RenewDialog.PLANS
                qtbot.waitUntil(lambda: bool(dialog.history), timeout=WAIT)
                assert dialog.payments_table.item(0, 3).text() == i18n.translate(
                    "renewal", "Waiting for the bank"
                )
                open_payment_row(qtbot, dialog, 0)
                assert dialog.pages.currentIndex() == RenewDialog.WAITING
                pay_in_browser(urls.urls[0], "cancel")
                qtbot.waitUntil(
                    lambda: dialog.pages.currentIndex() == RenewDialog.RESULT, timeout=WAIT
                )
                payment = dialog.payment
                assert payment is not None
                assert payment.state == "cancelled"
                assert window.pages.currentWidget() is window.lock_screen
                assert licence.status().locked
                assert dialog.refund_text.isVisible()
                assert i18n.digits("72") in dialog.refund_text.text()
                assert not dialog.send_button.isVisible()
                assert SECRET_MEMBER.first_name not in on_screen(window)

                traveller.shift(timedelta(hours=73))
                dialog.back_button.click()  # the payments list, then the payment again
                cancelled = i18n.translate("renewal", "Cancelled")
                qtbot.waitUntil(
                    lambda: dialog.payments_table.item(0, 3).text() == cancelled, timeout=WAIT
                )
                open_payment_row(qtbot, dialog, 0)
                assert dialog.pages.currentIndex() == RenewDialog.RESULT
                assert dialog.send_button.isVisible()

                dialog.send_button.click()
                support = window.support_dialog
                assert support is not None
                assert support.isVisible()
                assert support.pages.currentIndex() == support.NEW
                assert support.kind.currentData() == "payment"
                assert not support.kind.isEnabled()
                assert support.payment_box.isVisible()
                assert payment.authority in support.payment_details.text()
                assert support.new_subject.text()
                assert support.new_text.toPlainText()
                support.send_button.click()
                qtbot.waitUntil(lambda: support.current is not None, timeout=WAIT)
                ticket = support.current
                assert ticket.kind == "payment"
                assert ticket.payment is not None
                assert ticket.payment["authority"] == payment.authority
                assert payment.authority in support.ticket_payment.text()
                assert window.pages.currentWidget() is window.lock_screen
                assert SECRET_MEMBER.first_name not in on_screen(window)


def test_a_payment_finished_after_the_owner_stopped_waiting_renews_on_reopening(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=3)
        with shop_window(qtbot, server, data_dir, key, licence) as shop, catching_urls() as urls:
            window = shop.window
            window.act_renew.trigger()
            dialog = window.renew_dialog
            assert dialog is not None
            qtbot.waitUntil(lambda: dialog.plans is not None, timeout=WAIT)
            start_paying(qtbot, dialog, urls)
            dialog.close()  # stops following the payment
            pay_in_browser(urls.urls[0], "pay")
            assert window.banner.isVisible()  # nobody asked the server yet
            window.indicator.clicked.emit()  # the licence indicator opens the Renew screen
            qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=WAIT)
            assert licence.status().state is State.ACTIVE
            assert dialog.payments_table.item(0, 3).text() == i18n.translate(
                "renewal", "Paid, licence renewed"
            )


def test_an_unreachable_server_is_said_in_the_renew_screen(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=30)
    with shop_window(qtbot, server, data_dir, key, licence) as shop:  # the server is gone
        shop.window.open_renewal()
        dialog = shop.window.renew_dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.plans_message.kind == "error", timeout=WAIT)
        assert dialog.plans_message.text() == i18n.error_text(ServerUnreachable())
        assert not dialog.pay_button.isEnabled()


# What the owner reads on a failed payment's page, as the catalogue says it in each language.
FAILED_PAGE = {
    Lang.EN: ("Renew the licence", "The payment did not go through",
              "Send the details to support", "490,000 tomans", "72"),
    Lang.FA: ("تمدید مجوز", "پرداخت انجام نشد", "فرستادن جزئیات برای پشتیبانی",
              "۴۹۰٬۰۰۰ تومان", "۷۲"),
}  # fmt: skip


def left_edge(widget: QWidget) -> int:
    return widget.mapTo(widget.window(), QPoint(0, 0)).x()


def test_the_renew_screen_follows_a_language_switch(qtbot, tmp_path: Path, lang: Lang) -> None:
    """Switching language with a failed payment on screen: its words, digits and the side each
    button sits on follow at once, and the page still offers the way to support."""
    licence = LicenceManager(tmp_path / "shop", keys={})
    dialog = RenewDialog(RenewalService(licence))
    qtbot.addWidget(dialog)
    sample = renewal_samples(datetime.now(UTC))
    dialog.show_plans(sample["plans"])
    dialog.show_history(sample["payments"])
    dialog.show_payment(sample["failed_long_ago"])
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.send_button.isVisible()  # 72 hours have passed: support is offered
    assert dialog.result_title.text() == FAILED_PAGE[lang][1]

    other = Lang.EN if lang is Lang.FA else Lang.FA
    i18n.apply_language(other, remember=False)  # widgets hear of it through a posted event
    title, problem, send, price, hours = FAILED_PAGE[other]
    qtbot.waitUntil(lambda: dialog.send_button.text() == send)
    assert dialog.windowTitle() == title
    assert dialog.pages.currentIndex() == RenewDialog.RESULT
    assert dialog.result_title.text() == problem
    assert dialog.send_button.isVisible()
    assert hours in dialog.refund_text.text()
    amount = dialog.detail_labels["amount"][1]
    assert amount.isVisible()
    assert amount.text().removeprefix("\u200f") == price
    assert dialog.plans_table.item(0, 2).text() == price

    rtl = other is Lang.FA
    direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    assert dialog.layoutDirection() == direction
    # The row reads from its start: "send to support" first, on the right in Persian.
    qtbot.waitUntil(lambda: (left_edge(dialog.send_button) > left_edge(dialog.done_button)) is rtl)
    assert (left_edge(amount) < left_edge(dialog.detail_labels["amount"][0])) is rtl
