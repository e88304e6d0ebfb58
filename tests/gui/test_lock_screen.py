"""Locked means locked: the lock screen replaces every member screen; data stays on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableWidget

from clubdesk.core.i18n import Lang
from clubdesk.core.licence import LicenceLocked
from clubdesk.core.members import MemberDraft
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME
from clubdesk.ui.main_window import MainWindow


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
