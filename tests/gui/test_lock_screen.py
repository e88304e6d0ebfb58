"""Locked means locked: the lock screen replaces every member screen; data stays on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableWidget

import clubdesk
from clubdesk.core.i18n import Lang
from clubdesk.core.licence import LicenceLocked
from clubdesk.core.members import MemberDraft
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from licence_server import RunningServer


def test_no_licence_shows_the_lock_screen_and_no_member_data(
    qtbot, data_dir: Path, lang: Lang
) -> None:
    plain = ClubServices.open(data_dir)
    plain.register(MemberDraft(phone="09121234567", first_name="Maryam", last_name="Secret"))
    plain.close()
    before = (data_dir / DB_FILENAME).read_bytes()
    licence = LicenceManager(data_dir, keys={})
    club = ClubServices.open(data_dir, licence=licence)
    window = MainWindow(club, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.attach_licence(licence)

    assert window.lock_screen is not None
    assert window.pages.currentWidget() is window.lock_screen
    expected = "مجوز ندارد" if lang is Lang.FA else "has no licence"
    assert expected in window.lock_screen.reason.text()
    widgets = [*window.findChildren(QLabel), *window.findChildren(QLineEdit)]
    visible_text = " ".join(w.text() for w in widgets if w.isVisible())
    assert "Maryam" not in visible_text
    assert "4567" not in visible_text
    assert not any(t.isVisible() for t in window.findChildren(QTableWidget))
    with pytest.raises(LicenceLocked):
        club.search("Maryam")
    window.close()
    club.close()
    QApplication.processEvents()
    assert (data_dir / DB_FILENAME).read_bytes() == before  # locking never alters the data


def test_about_names_the_version_and_the_licence_state(
    qtbot, data_dir: Path, lang: Lang, activate, licence_server: RunningServer
) -> None:
    locked = LicenceManager(data_dir, keys={})
    club = ClubServices.open(data_dir, licence=locked)
    window = MainWindow(club, data_dir)
    qtbot.addWidget(window)
    window.attach_licence(locked)
    about = window.about_text()
    assert i18n.digits(clubdesk.__version__) in about
    assert window.tr("Licence: locked (%1)").split("(")[0].strip() in about
    assert str(data_dir) in about
    window.close()
    club.close()

    activate(data_dir)
    active = LicenceManager(data_dir, keys=load_keys(licence_server.public_keys))
    club = ClubServices.open(data_dir, licence=active)
    window = MainWindow(club, data_dir)
    qtbot.addWidget(window)
    window.attach_licence(active)
    about = window.about_text()
    assert active.saved.licence_id in about
    assert window.tr("Licence: active until %1").split("%1")[0] in about
    window.close()
    club.close()
