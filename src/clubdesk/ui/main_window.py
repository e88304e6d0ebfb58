"""The main window: the counter first, the members list one key away."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

import clubdesk
from clubdesk.core.i18n import Lang
from clubdesk.ui import i18n
from clubdesk.ui.counter import CounterView
from clubdesk.ui.members_list import MembersView
from clubdesk.ui.ops import run_op, show_error
from clubdesk.ui.settings_dialog import SettingsDialog
from clubdesk.ui.widgets import Retranslating

if TYPE_CHECKING:  # services import SQLAlchemy; the window must not wait for it
    from clubdesk.services import ClubServices

GEOMETRY_SETTING = "ui/geometry"


class MainWindow(Retranslating, QMainWindow):
    def __init__(
        self, club: ClubServices, data_path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.club = club
        self.data_path = data_path
        self.counter = CounterView(club)
        self.members = MembersView(club)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(self.counter, "")
        self.tabs.addTab(self.members, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.counter.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.counter.members_changed.connect(self._members_changed)
        self.members.open_member.connect(self._open_from_list)
        self._members_stale = True
        self.settings_dialog: SettingsDialog | None = None

        self.act_counter = QAction(self, shortcut=QKeySequence("Ctrl+1"))
        self.act_counter.triggered.connect(lambda: self._show_tab(0))
        self.act_members = QAction(self, shortcut=QKeySequence("Ctrl+2"))
        self.act_members.triggered.connect(lambda: self._show_tab(1))
        self.act_settings = QAction(self, shortcut=QKeySequence("Ctrl+,"))
        self.act_settings.triggered.connect(self.open_settings)
        self.act_language = QAction(self, shortcut=QKeySequence("Ctrl+L"))
        self.act_language.triggered.connect(self.toggle_language)
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.about)
        self.act_quit = QAction(self, shortcut=QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.menu_file = self.menuBar().addMenu("")
        self.menu_file.addActions([self.act_settings, self.act_language, self.act_quit])
        self.menu_view = self.menuBar().addMenu("")
        self.menu_view.addActions([self.act_counter, self.act_members])
        self.menu_help = self.menuBar().addMenu("")
        self.menu_help.addAction(self.act_about)

        # A damaged file is found by reading all of it: in the background, after start.
        run_op(self, lambda: club.check_integrity(), lambda _ok: None, self._damaged)
        self.resize(1100, 700)
        geometry = QSettings().value(GEOMETRY_SETTING)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ClubDesk — customer club"))
        self.tabs.setTabText(0, self.tr("Counter (Ctrl+1)"))
        self.tabs.setTabText(1, self.tr("Members (Ctrl+2)"))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_counter.setText(self.tr("Counter"))
        self.act_members.setText(self.tr("Members"))
        self.act_settings.setText(self.tr("Settings…"))
        self.act_language.setText(
            self.tr("English") if i18n.current() is Lang.FA else self.tr("Persian")
        )
        self.act_about.setText(self.tr("About ClubDesk"))
        self.act_quit.setText(self.tr("Quit"))

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self.activateWindow()  # with no window manager (Xvfb) typing must still reach us
        self.counter.focus_search()

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue(GEOMETRY_SETTING, self.saveGeometry())
        super().closeEvent(event)

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _tab_changed(self, index: int) -> None:
        if index == 0:
            self.counter.focus_search()
        elif self._members_stale:
            self._members_stale = False
            self.members.model.reload()
            self.members.filter.setFocus()

    def _members_changed(self) -> None:
        self._members_stale = True
        if self.tabs.currentIndex() == 1:
            self._tab_changed(1)

    def _open_from_list(self, member_id: str) -> None:
        self._show_tab(0)
        self.counter.open_member(member_id)

    def open_settings(self) -> None:
        self.settings_dialog = SettingsDialog(self.club, self.counter.card.rule, self)
        self.settings_dialog.rule_changed.connect(self._rule_changed)
        self.settings_dialog.open()

    def _rule_changed(self, rule: object) -> None:
        self.counter.card.rule = rule  # type: ignore[assignment]
        self.statusBar().showMessage(self.tr("Settings saved."), 5000)

    def _damaged(self, error: BaseException) -> None:
        """Nothing more is read or written (services refuse); the owner is told at once."""
        text = i18n.error_text(error)
        label = QLabel(text, objectName="damageBanner")
        label.setStyleSheet("background: #b3261e; color: white; padding: 6px;")
        label.setWordWrap(True)
        self.statusBar().addPermanentWidget(label, 1)
        show_error(self, error)

    def toggle_language(self) -> None:
        i18n.apply_language(Lang.EN if i18n.current() is Lang.FA else Lang.FA)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About ClubDesk"),
            self.tr("ClubDesk %1\nCustomer club for shop counters.\nData folder: %2")
            .replace("%1", i18n.digits(clubdesk.__version__))
            .replace("%2", str(self.data_path or "")),
        )
