"""From the lock screen, against the real server: enter a key and the counter comes back
without a restart; a revoke on the server brings the lock screen back at the next check."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from clubdesk.core.licence import State
from clubdesk.core.renewal import tehran_day
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from licence_server import running_server
from qt_keys import type_text


def test_activate_from_the_lock_screen_then_revoke_locks_again(
    qtbot, tmp_path: Path, data_dir: Path, lang
) -> None:
    with running_server(tmp_path / "server") as server:
        key = server.create_licence(days=90)
        licence = LicenceManager(data_dir, keys=load_keys(server.public_keys))
        club = ClubServices.open(data_dir, licence=licence)
        window = MainWindow(club, data_dir)
        qtbot.addWidget(window)
        window.show()
        window.attach_licence(licence)
        lock = window.lock_screen
        assert lock is not None
        assert window.pages.currentWidget() is lock

        lock.server.setText(server.url)
        lock.device_name.setText("Till 1")
        type_text(lock.key, key)
        lock.activate_button.click()
        qtbot.waitUntil(lambda: window.pages.currentIndex() == 0, timeout=20_000)
        status = licence.status()
        assert status.state is State.ACTIVE
        assert i18n.day(tehran_day(status.paid_until)) in window.indicator.text()  # Jalali in fa

        server.admin.revoke(key)
        window.bridge.status.emit(licence.refresh())  # what the 4-hourly job reports
        qtbot.waitUntil(lambda: window.pages.currentWidget() is lock)
        window.close()
        club.close()
        QApplication.processEvents()
