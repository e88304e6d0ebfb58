"""Starting the desktop app: Qt, fonts, language, the shop's database, the main window."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from clubdesk.core.errors import DatabaseError
from clubdesk.core.i18n import Lang
from clubdesk.paths import resources_dir
from clubdesk.services import ClubServices
from clubdesk.ui import i18n

log = logging.getLogger(__name__)


def make_qapp(lang: Lang | None = None) -> QApplication:
    """The QApplication with our names, font and language (reused if one exists, as in tests)."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("ClubDesk")
        QCoreApplication.setApplicationName("ClubDesk")
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "clubdesk.svg")))
    if i18n.FONT_FAMILY not in i18n.load_fonts():
        log.warning("Vazirmatn font could not be loaded; Persian may render poorly")
    app.setFont(i18n.app_font())
    chosen = lang or i18n.saved_language() or Lang.FA
    i18n.apply_language(chosen, remember=lang is None)
    return app


def open_club(data_path: Path) -> ClubServices | None:
    """Open the shop's database; a damaged or foreign file is never touched: offer another."""
    while True:
        try:
            return ClubServices.open(data_path)
        except DatabaseError as error:
            log.warning("cannot open %s: %s", data_path, error.code)
            box = QMessageBox(
                QMessageBox.Icon.Critical, i18n.translate("app", "ClubDesk"), i18n.error_text(error)
            )
            other = box.addButton(
                i18n.translate("app", "Open another folder…"), QMessageBox.ButtonRole.AcceptRole
            )
            box.addButton(i18n.translate("app", "Quit"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not other:
                return None
            chosen = QFileDialog.getExistingDirectory(
                None, i18n.translate("app", "Choose a data folder")
            )
            if not chosen:
                return None
            data_path = Path(chosen)


def run_app(data_path: Path, lang: Lang | None = None) -> int:
    from clubdesk.ui.main_window import MainWindow
    from clubdesk.ui.probe import install_probe

    app = make_qapp(lang)
    club = open_club(data_path)
    if club is None:
        return 1
    window = MainWindow(club)
    install_probe(window)
    window.show()
    # Start-up objects live as long as the app: keep the cyclic GC from rescanning them, so
    # a collection during a sale does not pause the counter for tens of milliseconds.
    gc.collect()
    gc.freeze()
    try:
        return app.exec()
    finally:
        club.close()
