"""Helpers for the renewal and support tests: a licensed shop window on the real server, a
browser that presses the sandbox gateway's buttons, and a catcher for the URL Qt would open.

The server runs on a thread of the test process, so ``time_machine`` moves its clock and the
app's together (an expired licence, the 72-hour mark).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from clubdesk.core.members import MemberDraft
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.ui.main_window import MainWindow
from licence_server import RunningServer

SECRET_MEMBER = MemberDraft(phone="09121234567", first_name="Maryam", last_name="Secret")


@dataclass
class Shop:
    server: RunningServer
    key: str
    licence: LicenceManager
    club: ClubServices
    window: MainWindow


def activated(server: RunningServer, data_dir: Path, *, days: int) -> tuple[str, LicenceManager]:
    """A new licence of ``days`` activated on ``data_dir`` (the server sells the demo plans)."""
    server.admin.seed_demo_plans()
    key = server.create_licence(days=days, devices=1)
    licence = LicenceManager(data_dir, keys=load_keys(server.public_keys))
    licence.activate(server.url, key, "Till 1")
    return key, licence


@contextmanager
def shop_window(qtbot, server: RunningServer, data_dir: Path, key: str, licence: LicenceManager):
    """The main window on a shop with one member, its licence attached (locked or not)."""
    plain = ClubServices.open(data_dir)
    plain.register(SECRET_MEMBER)
    plain.close()
    club = ClubServices.open(data_dir, licence=licence)
    window = MainWindow(club, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.attach_licence(licence)
    try:
        yield Shop(server, key, licence, club, window)
    finally:
        window.close()
        club.close()
        QApplication.processEvents()


class UrlCatcher(QObject):
    """Receives what ``QDesktopServices.openUrl`` would hand to the system browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@contextmanager
def catching_urls() -> Iterator[UrlCatcher]:
    catcher = UrlCatcher()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open_url")
    try:
        yield catcher
    finally:
        for scheme in ("http", "https"):
            QDesktopServices.unsetUrlHandler(scheme)


_FORM = re.compile(r'<form method="post" action="([^"]+)"')


def pay_in_browser(pay_url: str, choice: str = "pay") -> requests.Response:
    """Act as the owner's browser: open the gateway's page, press Pay (or Cancel), and follow
    the redirect to the server's callback, which verifies the payment."""
    page = requests.get(pay_url, timeout=10)
    page.raise_for_status()
    form = _FORM.search(page.text)
    assert form is not None, page.text
    assert f'value="{choice}"' in page.text
    result = requests.post(urljoin(pay_url, form.group(1)), data={"choice": choice}, timeout=10)
    assert result.history, "the gateway should send the browser back to the callback"
    assert result.status_code == 200, result.text
    return result


def visible_text(window: QObject) -> str:
    """Every text on screen in ``window`` and its dialogs (to prove no member data shows)."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QTableWidget, QWidget

    parts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QTableWidget):
            parts += [
                widget.item(r, c).text()
                for r in range(widget.rowCount())
                for c in range(widget.columnCount())
                if widget.item(r, c) is not None
            ]
    return " ".join(parts)
