"""Starting the desktop app: Qt, fonts, language, the shop's database, the main window."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from clubdesk.core.errors import DatabaseCorrupt, DatabaseError, DatabaseNotSqlite
from clubdesk.core.i18n import Lang
from clubdesk.paths import resources_dir
from clubdesk.ui import i18n

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

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


def open_club(data_path: Path, error: DatabaseError | None = None) -> ClubServices | None:
    """Open the shop's database; a damaged or foreign file is never touched: offer another."""
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.services import ClubServices

    while True:
        if error is None:
            try:
                return ClubServices.open(data_path, licence=LicenceManager(data_path))
            except DatabaseError as failure:
                error = failure
        log.warning("cannot open %s: %s", data_path, error.code)
        if isinstance(error, DatabaseNotSqlite | DatabaseCorrupt) and backups_exist(data_path):
            choice = offer_restore_at_start(data_path, error)
            if choice == "restored":
                error = None
                continue
            if choice == "quit":
                return None
            chosen = choose_data_folder()
            if chosen is None:
                return None
            data_path, error = chosen, None
            continue
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
        chosen = choose_data_folder()
        if chosen is None:
            return None
        data_path, error = chosen, None


def choose_data_folder() -> Path | None:
    chosen = QFileDialog.getExistingDirectory(None, i18n.translate("app", "Choose a data folder"))
    return Path(chosen) if chosen else None


def backups_exist(data_path: Path) -> bool:
    """Whether a restore can be offered: any backup in the shop's automatic backup folder, its
    mirror, or the folders the owner added on the Backups screen (a directory listing, no file
    read)."""
    from clubdesk.backup.service import BackupService
    from clubdesk.core.backup import EXTENSION
    from clubdesk.ui.backups import saved_folders

    service = BackupService(data_path)
    mirror = service.mirror_folder()
    for folder in [service.auto_dir, *saved_folders(), *([mirror] if mirror else [])]:
        try:
            if folder.is_dir() and any(folder.glob(f"*{EXTENSION}")):
                return True
        except OSError:
            continue
    return False


def offer_restore_at_start(data_path: Path, error: DatabaseError) -> str:
    """The damaged-database prompt (modal: nothing else can run yet); returns the choice."""
    from clubdesk.backup.service import restore_damaged
    from clubdesk.ui.backups import saved_folders
    from clubdesk.ui.restore_prompt import DamagedDialog

    folders = saved_folders()
    dialog = DamagedDialog(
        error,
        lambda secret, progress: restore_damaged(
            data_path, secret, progress.update, folders=folders
        ),
    )
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()  # by Qt, after its own pending deletions (progress dialog, relays)
    return choice


def run_app(data_path: Path, lang: Lang | None = None) -> int:
    """Window first, database in the background: the search box takes typing at once."""
    from clubdesk.paths import first_run_needed
    from clubdesk.ui.main_window import MainWindow
    from clubdesk.ui.opening import ClubOpener
    from clubdesk.ui.probe import install_probe

    app = make_qapp(lang)
    if first_run_needed(data_path):
        return _first_run(app, data_path)
    opener = ClubOpener(data_path)
    windows: list[MainWindow] = [MainWindow(opener.club, data_path)]
    windows[0].backup_centre.on_exit = True  # a backup when the owner quits
    install_probe(windows[0])
    windows[0].show()

    def failed(error: BaseException) -> None:
        """The file cannot be used: say why (once), then start over on what the owner picks."""
        windows[0].hide()
        if not isinstance(error, DatabaseError):
            log.error("opening the database failed", exc_info=error)
            error = DatabaseError(path=str(data_path))
        club = open_club(data_path, error)
        if club is None:
            app.quit()
            return
        windows[0].deleteLater()
        windows[0] = MainWindow(club, club.db.path.parent)
        windows[0].backup_centre.on_exit = True
        windows[0].show()
        windows[0].roles.start()  # with accounts: who is at the till?
        if club.licence is not None:
            windows[0].attach_licence(club.licence)

    opener.failed.connect(failed)
    opener.opened.connect(lambda club: windows[0].attach_licence(club.licence))
    opener.opened.connect(lambda _club: windows[0].roles.start())
    QTimer.singleShot(0, opener.start)  # after the first paint
    # Start-up objects live as long as the app: keep the cyclic GC from rescanning them, so
    # a collection during a sale does not pause the counter for tens of milliseconds.
    opener.opened.connect(lambda _club: (gc.collect(), gc.freeze()))
    try:
        return app.exec()
    finally:
        if opener.future.done() and opener.future.exception() is None:
            opener.future.result().close()


def _first_run(app: QApplication, data_path: Path) -> int:
    """The first-run wizard, then the window on the shop it opened (the owner signed in).
    Quitting the wizard quits the app; restoring instead opens the Backups screen."""
    from clubdesk.ui.first_run import RESTORE, FirstRunWizard
    from clubdesk.ui.main_window import MainWindow

    wizard = FirstRunWizard(data_path)
    wizard.show()
    result = wizard.exec()
    club = wizard.club
    if club is None or result not in (QDialog.DialogCode.Accepted.value, RESTORE):
        if club is not None:
            club.close()
        return 0
    window = MainWindow(club, data_path)
    window.backup_centre.on_exit = True
    window.show()
    window.attach_licence(wizard.licence)
    window.roles.start()
    if result == RESTORE:
        window.backup_centre.open_backups()
    try:
        return app.exec()
    finally:
        club.close()
