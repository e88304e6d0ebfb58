"""A damaged database at start: the app offers the nearest good backup, restores it when asked,
keeps the damaged file aside for support, and asks the passphrase only when the keyring lacks
the key (a new computer). Nothing is overwritten silently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from clubdesk.backup import keys
from clubdesk.core.errors import DatabaseCorrupt
from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME
from clubdesk.ui.app import open_club
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.restore_prompt import DamagedDialog
from qt_keys import type_text

WAIT = 20_000
PASSPHRASE = "a long shop passphrase"
GARBAGE = b"this is not a database any more\n" * 64


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(keys.KDF_PARAMS, "memory_cost", 8)
    monkeypatch.setitem(keys.KDF_PARAMS, "iterations", 1)
    monkeypatch.setitem(keys.KDF_PARAMS, "lanes", 1)


def backed_up_shop(data_dir: Path) -> str:
    """Sara in a backup; the key id of that backup. The shop is closed afterwards."""
    club = ClubServices.open(data_dir)
    club.register(MemberDraft(phone="09121234567", first_name="Sara"))
    club.backups().setup(PASSPHRASE)
    info = club.backups().create(kind="manual")
    club.close()
    return info.manifest.key_id


def when_dialog(act: Callable[[DamagedDialog], bool], log: list[str]) -> None:
    """Poll (from the event loop the modal dialog runs) until ``act`` has done its step."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, DamagedDialog) and act(dialog):
        return
    QTimer.singleShot(10, lambda: when_dialog(act, log))


def restore_then_continue(secret: str | None, log: list[str]) -> Callable[[DamagedDialog], bool]:
    state = {"step": 0}

    def act(dialog: DamagedDialog) -> bool:
        if state["step"] == 0 and dialog.restore_button.isEnabled():
            log.append(dialog.problem.text())
            state["step"] = 1
            dialog.restore_button.click()
        elif state["step"] == 1 and secret is not None and dialog.secret.isVisibleTo(dialog):
            if dialog.restore_button.isEnabled():
                log.append("asked")
                type_text(dialog.secret, secret)
                state["step"] = 2
                dialog.restore_button.click()
        elif dialog.pages.currentIndex() == dialog.DONE:
            log.append(dialog.report.text())
            dialog.continue_button.click()
            return True
        return False

    return act


def damage(data_dir: Path) -> Path:
    path = data_dir / DB_FILENAME
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(GARBAGE)
    return path


def members_in(data_dir: Path) -> int:
    """Counted without a licence gate (open_club's shop has one and no licence here)."""
    plain = ClubServices.open(data_dir)
    try:
        return plain.count_members()
    finally:
        plain.close()


def kept_aside(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.is_file() and p.read_bytes() == GARBAGE]


def test_a_damaged_database_at_start_is_restored_and_kept_aside(
    qtbot, data_dir: Path, lang: Lang
) -> None:
    backed_up_shop(data_dir)
    damaged = damage(data_dir)
    log: list[str] = []
    QTimer.singleShot(0, lambda: when_dialog(restore_then_continue(None, log), log))

    club = open_club(data_dir)

    assert club is not None
    club.close()
    assert "asked" not in log  # this computer's keyring has the key: no passphrase asked
    assert members_in(data_dir) == 1
    aside = kept_aside(data_dir)
    assert aside, "the damaged file must be kept for support"
    assert damaged not in aside  # the shop's file is the restored one now
    assert any(p.name in log[-1] for p in aside)  # and the owner is told where it went


def test_a_new_computer_is_asked_for_the_passphrase(qtbot, data_dir: Path, lang: Lang) -> None:
    key_id = backed_up_shop(data_dir)
    keys.forget_master(key_id)  # the keyring no longer has the key: as on a new computer
    damage(data_dir)
    log: list[str] = []
    QTimer.singleShot(0, lambda: when_dialog(restore_then_continue(PASSPHRASE, log), log))

    club = open_club(data_dir)

    assert club is not None
    club.close()
    assert "asked" in log
    assert members_in(data_dir) == 1
    assert kept_aside(data_dir)


def test_quitting_the_offer_changes_nothing(qtbot, data_dir: Path, lang: Lang) -> None:
    backed_up_shop(data_dir)
    damaged = damage(data_dir)
    before = sorted(p.name for p in data_dir.rglob("*"))

    def quit_now(dialog: DamagedDialog) -> bool:
        dialog.quit_button.click()
        return True

    QTimer.singleShot(0, lambda: when_dialog(quit_now, []))
    assert open_club(data_dir) is None
    assert damaged.read_bytes() == GARBAGE
    assert sorted(p.name for p in data_dir.rglob("*")) == before


def test_damage_found_while_running_offers_the_restore_and_refreshes_the_window(
    qtbot, club: ClubServices, window: MainWindow, lang: Lang
) -> None:
    club.register(MemberDraft(phone="09121234567", first_name="Sara"))
    club.backups().setup(PASSPHRASE)
    club.backups().create(kind="manual")
    club.register(MemberDraft(phone="09351112233", first_name="Reza"))
    window._damaged(DatabaseCorrupt(path=str(club.db.path)))  # as the integrity check reports
    dialog = window.backup_centre.damaged_dialog
    assert isinstance(dialog, DamagedDialog)
    assert dialog.isVisible()
    assert window.damage_banner is not None
    with qtbot.waitSignal(window.backup_centre.restored, timeout=WAIT):
        dialog.restore_button.click()
    assert dialog.pages.currentIndex() == dialog.DONE
    dialog.continue_button.click()
    assert window.damage_banner is None
    assert club.count_members() == 1
