"""Start-up on a file that is not a usable ClubDesk database: say so, touch nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from clubdesk.core.i18n import Lang
from clubdesk.storage.database import DB_FILENAME
from clubdesk.ui.app import open_club


def _answer_dialog(seen: dict[str, str], button_text: str) -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(10, lambda: _answer_dialog(seen, button_text))
        return
    seen["text"] = box.text()
    for button in box.buttons():
        if button.text() == button_text:
            button.click()
            return


def test_foreign_file_is_refused_with_a_message_and_left_alone(
    qtbot, data_dir: Path, lang: Lang
) -> None:
    path = data_dir / DB_FILENAME
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 50)
    before = path.read_bytes()
    seen: dict[str, str] = {}
    quit_text = "خروج" if lang is Lang.FA else "Quit"
    QTimer.singleShot(0, lambda: _answer_dialog(seen, quit_text))

    assert open_club(data_dir) is None

    expected = "پایگاه داده کلاب‌دسک نیست" if lang is Lang.FA else "is not a ClubDesk database"
    assert expected in seen["text"]
    assert path.read_bytes() == before
