"""GUI fixtures: the real app's QApplication set-up, per-test QSettings, and Persian typing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.app import make_qapp
from clubdesk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """Window geometry and language go to a temporary folder, not the developer's profile."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture(params=[Lang.FA, Lang.EN], ids=["fa", "en"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[Lang]:
    make_qapp(request.param)
    yield request.param
    i18n.apply_language(Lang.FA, remember=False)


@pytest.fixture
def window(qtbot, club: ClubServices, lang: Lang) -> MainWindow:
    win = MainWindow(club)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.counter.search)
    return win
