"""The window takes typing before the database is open; a bad file is reported once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from clubdesk.core.errors import DatabaseNotSqlite
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.opening import ClubOpener
from qt_keys import focused, type_text


def test_typing_before_the_database_opens_is_answered_once_it_is(
    qtbot, data_dir: Path, lang
) -> None:
    seeded = ClubServices.open(data_dir)
    seeded.register(MemberDraft(phone="09121234567", first_name="Sara"))
    seeded.close()
    opener = ClubOpener(data_dir, with_licence=False)
    window = MainWindow(opener.club, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: focused() is window.counter.search)
    type_text(focused(), "4567")
    QApplication.processEvents()
    assert window.counter.results_for == []  # nothing is open yet, and nothing froze
    with qtbot.waitSignal(opener.opened, timeout=20_000):
        opener.start()
    qtbot.waitUntil(lambda: [m.first_name for m in window.counter.results_for] == ["Sara"])
    opener.future.result().close()


def test_a_file_that_cannot_be_opened_is_reported_once(qtbot, data_dir: Path, lang) -> None:
    (data_dir / DB_FILENAME).write_text("not a database\n" * 100)
    opener = ClubOpener(data_dir, with_licence=False)
    window = MainWindow(opener.club, data_dir)  # its start-up jobs wait on the opener
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(opener.failed, timeout=20_000) as failure:
        opener.start()
    assert isinstance(failure.args[0], DatabaseNotSqlite)
    QApplication.processEvents()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    # The waiting jobs gave up quietly: the one report is the opener's, not a pile of dialogs.
    assert not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
