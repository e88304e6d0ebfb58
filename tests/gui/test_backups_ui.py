"""The Backups screen on real files: back up now, restore the nearest good backup and see the
old data at the counter without a restart, skip a damaged backup, export to a folder, Cancel.

Keys go to the real keyring API (keyrings.alt's file backend, see tests/conftest.py); the
passphrase KDF is made cheap, as the backup core's own tests do.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from clubdesk.backup import keys
from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.ui import i18n, ops
from clubdesk.ui.backups import BackupsDialog
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.widgets import select_row
from qt_keys import type_text

WAIT = 20_000
PASSPHRASE = "a long shop passphrase"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest: the tests are about the screens, not the KDF's cost."""
    monkeypatch.setitem(keys.KDF_PARAMS, "memory_cost", 8)
    monkeypatch.setitem(keys.KDF_PARAMS, "iterations", 1)
    monkeypatch.setitem(keys.KDF_PARAMS, "lanes", 1)


@pytest.fixture
def shop(club: ClubServices) -> ClubServices:
    """A shop with one member and backups set up."""
    club.register(MemberDraft(phone="09121234567", first_name="Sara", last_name="Karimi"))
    club.backups().setup(PASSPHRASE)
    return club


def backup_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.cdbak"))


def open_backups(qtbot, window: MainWindow) -> BackupsDialog:
    window.act_backups.trigger()
    dialog = window.backup_centre.dialog
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(
        lambda: dialog.backups is not None and dialog.configured is not None, timeout=WAIT
    )
    return dialog


def answer_box(button_text: str, seen: dict[str, str]) -> None:
    """Click ``button_text`` in the next modal message box (the restore question)."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(10, lambda: answer_box(button_text, seen))
        return
    seen["text"] = f"{box.text()}\n{box.informativeText()}"
    for button in box.buttons():
        if button.text() == button_text:
            button.click()
            return
    raise AssertionError(f"no button {button_text!r}")


def search(qtbot, window: MainWindow, text: str) -> list[str]:
    counter = window.counter
    counter.search.clear()
    type_text(counter.search, text)
    qtbot.waitUntil(lambda: counter._shown == counter._asked, timeout=WAIT)
    return [hit.first_name for hit in counter.results_for]


def test_empty_state_explains_backups_and_offers_back_up_now(
    qtbot, window: MainWindow, lang: Lang
) -> None:
    dialog = open_backups(qtbot, window)
    assert dialog.backups == []
    assert dialog.stack.currentWidget() is dialog.empty
    assert dialog.empty_button.isVisibleTo(dialog)
    assert (
        dialog.tr("encrypted copy") in dialog.empty_text.text() or "رمز" in dialog.empty_text.text()
    )
    assert dialog.configured is False
    assert dialog.setup_banner.isVisibleTo(dialog)  # backups not set up yet: say so here too
    assert not dialog.nearest_button.isEnabled()


def test_back_up_now_lists_the_backup_with_jalali_date_and_member_count(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang
) -> None:
    dialog = open_backups(qtbot, window)
    assert dialog.backups == []
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=WAIT)
    qtbot.waitUntil(lambda: bool(dialog.backups), timeout=WAIT)
    assert len(dialog.backups) == 1
    info = dialog.backups[0]
    assert info.manifest.member_count == 1
    assert info.manifest.kind == "manual"
    date_cell = dialog.list.item(0, 0).text()
    assert date_cell == i18n.moment(info.manifest.created_at)
    assert dialog.list.item(0, 2).text() == i18n.number(1)
    if lang is Lang.FA:
        assert date_cell.startswith("۱۴")  # the Jalali year, in Persian digits
        assert not any(ch.isascii() and ch.isdigit() for ch in date_cell)
    else:
        assert date_cell.startswith(str(info.manifest.created_at.year)[:2])
    assert dialog.stack.currentWidget() is dialog.list
    assert backup_files(shop.db.path.parent) == [Path(info.path)]


def test_restore_nearest_good_brings_back_the_old_data_without_restart(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang
) -> None:
    shop.backups().create(kind="manual")
    shop.register(MemberDraft(phone="09351112233", first_name="Reza"))
    assert search(qtbot, window, "Reza") == ["Reza"]
    dialog = open_backups(qtbot, window)
    seen: dict[str, str] = {}
    QTimer.singleShot(0, lambda: answer_box(dialog.tr("Restore"), seen))
    with qtbot.waitSignal(window.backup_centre.restored, timeout=WAIT):
        dialog.nearest_button.click()
    assert dialog.tr("backed up first") in seen["text"] or "پشتیبان" in seen["text"]
    assert dialog.message.kind == "success"
    # The counter reads the restored file at once: Reza came after the backup.
    assert search(qtbot, window, "Reza") == []
    assert search(qtbot, window, "Sara") == ["Sara"]
    assert shop.count_members() == 1
    # The data before the restore was saved first, so the restore can be undone.
    qtbot.waitUntil(lambda: dialog.backups is not None and len(dialog.backups) >= 2, timeout=WAIT)
    assert any(b.manifest.kind == "pre_restore" for b in dialog.backups if b.manifest)


def test_a_damaged_newest_backup_is_skipped_and_reported(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang
) -> None:
    good = shop.backups().create(kind="manual")
    shop.register(MemberDraft(phone="09351112233", first_name="Reza"))
    newest = shop.backups().create(kind="manual")
    assert newest.path != good.path
    data = bytearray(Path(newest.path).read_bytes())
    data[-40] ^= 0xFF  # one byte flipped near the end of the encrypted snapshot
    Path(newest.path).write_bytes(bytes(data))

    dialog = open_backups(qtbot, window)
    with qtbot.waitSignal(window.backup_centre.restored, timeout=WAIT) as restored:
        dialog.restore(None)
    result = restored.args[0]
    assert [Path(getattr(s, "path", s)).name for s in result.skipped] == [Path(newest.path).name]
    report = dialog.message.text()
    assert Path(newest.path).name in report
    assert i18n.number(1) in report
    assert search(qtbot, window, "Reza") == []
    assert shop.count_members() == 1


def test_export_to_a_chosen_folder_reports_progress_and_checks_the_copy(
    qtbot, shop: ClubServices, window: MainWindow, tmp_path: Path, lang: Lang, monkeypatch
) -> None:
    made = shop.backups().create(kind="manual")
    reported: list[tuple[int, int]] = []
    update = ops.Progress.update
    monkeypatch.setattr(
        ops.Progress, "update", lambda self, done, total: (reported.append((done, total)),
                                                           update(self, done, total))[1]
    )  # fmt: skip
    dialog = open_backups(qtbot, window)
    qtbot.waitUntil(lambda: dialog.selected() is not None, timeout=WAIT)
    dialog.export_button.click()
    export = dialog.export_dialog
    assert export is not None
    assert export.isVisible()
    qtbot.waitUntil(lambda: export.drives is not None, timeout=WAIT)
    usb = tmp_path / "usb"
    usb.mkdir()
    export.choose(usb)
    assert export.export_button.isEnabled()
    export.export_button.click()
    qtbot.waitUntil(lambda: export.message.kind in ("success", "error"), timeout=WAIT)
    assert export.message.kind == "success", export.message.text()
    copies = backup_files(usb)
    assert [c.name for c in copies] == [Path(made.path).name]
    assert copies[0].read_bytes() == Path(made.path).read_bytes()
    assert reported
    assert reported[-1][0] == reported[-1][1]  # progress went to the end
    assert not [p for p in usb.iterdir() if p not in copies]  # no temporary file left


def test_cancel_during_a_backup_leaves_no_file(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang, monkeypatch
) -> None:
    # The backup's first progress report waits until the owner has pressed Cancel: the
    # cancel lands mid-backup however fast this machine is.
    started, pressed = threading.Event(), threading.Event()
    update = ops.Progress.update

    def held_update(self: ops.Progress, done: int, total: int) -> None:
        if not started.is_set():
            started.set()
            assert pressed.wait(WAIT / 1000)
        update(self, done, total)

    monkeypatch.setattr(ops.Progress, "update", held_update)
    dialog = open_backups(qtbot, window)
    before = set(shop.db.path.parent.rglob("*"))
    dialog.back_up_button.click()
    progress_dialog = dialog.findChild(QProgressDialog)
    assert progress_dialog is not None
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    progress_dialog.findChild(QPushButton).click()  # its Cancel button
    pressed.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.message.kind == "hint"
    assert dialog.message.text() == dialog.tr("Stopped; nothing was changed.")
    assert backup_files(shop.db.path.parent) == []
    after = set(shop.db.path.parent.rglob("*"))
    lock = shop.db.path.parent / "backup.lock"  # the service's lock file, kept on purpose
    leftovers = {p for p in after - before if p.is_file() and "sqlite3" not in p.name} - {lock}
    assert not leftovers, leftovers


def test_backups_are_reachable_and_work_while_the_licence_is_locked(
    qtbot, data_dir: Path, lang: Lang
) -> None:
    plain = ClubServices.open(data_dir)
    plain.register(MemberDraft(phone="09121234567", first_name="Sara"))
    plain.backups().setup(PASSPHRASE)
    plain.close()
    licence = LicenceManager(data_dir, keys={})
    club = ClubServices.open(data_dir, licence=licence)
    window = MainWindow(club, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.attach_licence(licence)
    try:
        assert window.pages.currentWidget() is window.lock_screen
        assert window.lock_screen is not None
        window.lock_screen.backups_button.click()  # the lock screen's own way in
        dialog = window.backup_centre.dialog
        assert dialog is not None
        assert dialog.isVisible()
        qtbot.waitUntil(lambda: dialog.configured is not None, timeout=WAIT)
        dialog.back_up_button.click()
        qtbot.waitUntil(lambda: bool(dialog.backups), timeout=WAIT)
        assert dialog.backups[0].manifest.member_count == 1  # a count, never a name
        assert window.pages.currentWidget() is window.lock_screen
    finally:
        window.close()
        club.close()


def test_quitting_backs_up_and_still_closes(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang
) -> None:
    window.backup_centre.on_exit = True
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT)
    assert window.backup_centre.exit_state == "done"
    files = backup_files(shop.db.path.parent)
    assert len(files) == 1
    assert shop.backups().list()[0].manifest.kind == "on_exit"


def test_verify_says_good_or_marks_the_damaged_backup(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang
) -> None:
    shop.backups().create(kind="manual")
    shop.register(MemberDraft(phone="09351112233", first_name="Reza"))
    newest = shop.backups().create(kind="manual")
    data = bytearray(Path(newest.path).read_bytes())
    data[-40] ^= 0xFF
    Path(newest.path).write_bytes(bytes(data))
    dialog = open_backups(qtbot, window)
    paths = [b.path for b in dialog.backups]
    select_row(dialog.list, paths.index(newest.path))
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.message.kind == "error"
    row = paths.index(newest.path)
    assert dialog.list.item(row, BackupsDialog.PROBLEM).text() == i18n.translate(
        "backups", "Damaged"
    )
    assert not dialog.restore_button.isEnabled()  # a damaged backup is not offered
    select_row(dialog.list, 1 - row)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.message.kind == "success"
    assert i18n.number(1) in dialog.message.text()


def test_the_backup_schedule_is_saved_as_shop_settings(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang
) -> None:
    window.open_settings()
    settings = window.settings_dialog
    assert settings is not None
    settings.backups_button.click()  # Settings leads to the Backups screen
    dialog = window.backup_centre.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.schedule.isVisible(), timeout=WAIT)
    assert dialog.interval.value() == 30
    dialog.interval.setValue(45)
    dialog.daily.setValue(3)
    dialog.monthly.setValue(6)
    dialog.save_schedule_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=WAIT)
    service = shop.backups()
    assert service.interval().total_seconds() == 45 * 60
    rule = service.retention_rule()
    assert (rule.daily, rule.weekly, rule.monthly) == (3, 4, 6)


def test_the_mirror_folder_is_chosen_and_cleared_on_the_backups_screen(
    qtbot, shop: ClubServices, window: MainWindow, lang: Lang, tmp_path: Path, artifacts: Path
) -> None:
    dialog = open_backups(qtbot, window)
    qtbot.waitUntil(lambda: dialog.schedule.isVisible(), timeout=WAIT)
    assert not dialog.mirror_clear.isEnabled()  # nothing to stop yet
    dialog.set_mirror(tmp_path / "pulled-out")  # a folder that is not there
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert shop.backups().mirror_folder() is None
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog.set_mirror(stick)
    qtbot.waitUntil(lambda: dialog.message.kind == "success", timeout=WAIT)
    assert str(stick.resolve()) in dialog.mirror_path.text()
    assert shop.backups().mirror_folder() == stick.resolve()
    dialog.grab().save(str(artifacts / f"backups-mirror-{lang.value}.png"))
    dialog.mirror_clear.click()
    qtbot.waitUntil(lambda: not dialog.mirror_clear.isEnabled(), timeout=WAIT)
    assert shop.backups().mirror_folder() is None


def test_the_automatic_backup_reports_in_the_status_bar(
    qtbot, shop: ClubServices, lang: Lang
) -> None:
    from clubdesk.jobs import automatic_backup

    window = MainWindow(shop)
    qtbot.addWidget(window)
    folder = shop.backups().auto_folder
    threading.Thread(
        target=automatic_backup, args=(shop.backups, window.bridge.backup.emit)
    ).start()
    saved = "پشتیبان خودکار ذخیره شد." if lang is Lang.FA else "Automatic backup saved."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == saved, timeout=WAIT)
    assert len(backup_files(folder)) == 1


def test_a_failed_automatic_backup_is_said_in_the_status_bar(
    qtbot, shop: ClubServices, lang: Lang
) -> None:
    from clubdesk.core.errors import DriveGone
    from clubdesk.jobs import automatic_backup

    window = MainWindow(shop)
    qtbot.addWidget(window)

    def broken() -> object:
        raise DriveGone(path="/backups")

    threading.Thread(target=automatic_backup, args=(broken, window.bridge.backup.emit)).start()
    failed = "پشتیبان خودکار انجام نشد" if lang is Lang.FA else "Automatic backup failed"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(failed), timeout=WAIT)
