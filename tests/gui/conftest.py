"""GUI fixtures: a main window on the test shop, focused and ready for typing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, club: ClubServices, lang: Lang) -> MainWindow:
    win = MainWindow(club)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.counter.search)
    return win
