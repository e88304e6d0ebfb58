"""File → Import members… and File → Export… in the window, in both languages: the preview
shows each row's status, a changed mapping is previewed again, the import reports its rejected
rows (which can be saved), and an export writes its file."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from clubdesk.core.i18n import Lang
from clubdesk.core.importing import Field
from clubdesk.services import ClubServices
from clubdesk.ui.import_export import ExportDialog, ImportDialog
from clubdesk.ui.main_window import MainWindow

LIST = (
    "موبایل,نام,نام خانوادگی,تاریخ تولد,یادداشت\n"
    "۰۹۱۲۱۲۳۴۵۶۷,علی,رضایی,1370/05/12,مشتری قدیمی\n"
    "0912123,سارا,کریمی,,\n"
    "09351112233,مریم,احمدی,1991-08-03,\n"
    "09351112233,تکرار,احمدی,,\n"
    "09121112222,رضا,تولد بد,1370/13/40,\n"
)


def test_import_preview_report_and_rejected_rows(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, tmp_path: Path, artifacts: Path
) -> None:
    path = tmp_path / "members.csv"
    path.write_text(LIST, encoding="utf-8-sig")
    window.act_import.trigger()
    dialog = window.import_dialog
    assert isinstance(dialog, ImportDialog)
    assert dialog.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if lang is Lang.FA else Qt.LayoutDirection.LeftToRight
    )
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.import_button.isEnabled())
    assert dialog.mapping() == {
        0: Field.PHONE,
        1: Field.FIRST_NAME,
        2: Field.LAST_NAME,
        3: Field.BIRTHDAY,
        4: Field.NOTE,
    }
    assert dialog.table.rowCount() == 5
    statuses = [dialog.table.item(r, 1).text() for r in range(5)]
    assert statuses[0] == statuses[2]  # both "will be imported"
    assert len(set(statuses)) == 4
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    dialog.grab().save(str(shots / f"{lang.value}-import-preview.png"))

    dialog.set_mapping(4, Field.IGNORE)  # the owner skips the note column
    qtbot.waitUntil(lambda: dialog.preview is not None and 4 not in dialog.preview.mapping)

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        dialog.import_button.click()
    assert imported.args == [2]
    assert club.count_members() == 2
    assert club.member_by_phone("09121234567").note == ""  # skipped
    assert dialog.rejected_table.rowCount() == 3
    assert dialog.save_rejected_button.isVisible()
    dialog.grab().save(str(shots / f"{lang.value}-import-report.png"))
    saved = tmp_path / "rejected.csv"
    dialog.save_rejected(saved)
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["row", "reason", "موبایل"]
    assert [r[0] for r in rows[1:]] == ["3", "5", "6"]
    dialog.close()


def test_import_refuses_a_file_without_mobiles(
    qtbot, window: MainWindow, lang: Lang, tmp_path: Path
) -> None:
    path = tmp_path / "names.csv"
    path.write_text("نام\nعلی\n", encoding="utf-8")
    window.act_import.trigger()
    dialog = window.import_dialog
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.kind == "error"
    dialog.close()


def test_export_writes_the_chosen_file(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, tmp_path: Path, artifacts: Path
) -> None:
    club.add_demo_members(40)
    window.act_export.trigger()
    dialog = window.export_dialog
    assert isinstance(dialog, ExportDialog)
    dialog.kind.setCurrentIndex(1)  # purchases
    dialog.format.setCurrentIndex(1)  # CSV
    target = tmp_path / "purchases.csv"
    dialog.path.setText(str(target))
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    dialog.grab().save(str(shots / f"{lang.value}-export.png"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert target.exists()
    assert dialog.result == len(target.read_text(encoding="utf-8-sig").splitlines()) - 1
    assert dialog.message.kind == "success"
    dialog.grab().save(str(shots / f"{lang.value}-export-done.png"))
    dialog.path.setText(str(tmp_path / "x.pdf"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error")
    dialog.close()
