"""First-run backup setup: the passphrase is checked as it is typed, the recovery sheet shows
the code, saves as a real PDF, and the "not set up" banner goes away."""

from __future__ import annotations

from pathlib import Path

import pytest

from clubdesk.backup import keys
from clubdesk.core.backup import MIN_PASSPHRASE
from clubdesk.core.dates import local
from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.backup_setup import BackupSetupDialog, code_groups
from clubdesk.ui.main_window import MainWindow
from qt_keys import type_text

WAIT = 20_000


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(keys.KDF_PARAMS, "memory_cost", 8)
    monkeypatch.setitem(keys.KDF_PARAMS, "iterations", 1)
    monkeypatch.setitem(keys.KDF_PARAMS, "lanes", 1)


def test_first_run_setup_shows_the_recovery_code_and_saves_it_as_pdf(
    qtbot, club: ClubServices, window: MainWindow, tmp_path: Path, lang: Lang
) -> None:
    centre = window.backup_centre
    qtbot.waitUntil(lambda: centre.banner.isVisible(), timeout=WAIT)  # not set up: a reminder
    assert window.counter.search.isEnabled()  # the counter is not blocked by it
    centre.banner.setup_button.click()
    dialog = centre.setup_dialog
    assert isinstance(dialog, BackupSetupDialog)
    assert dialog.isVisible()
    assert not dialog.save_button.isEnabled()

    type_text(dialog.first, "short")
    assert not dialog.save_button.isEnabled()
    assert dialog.message.kind == "error"
    assert i18n.number(MIN_PASSPHRASE) in dialog.message.text()
    type_text(dialog.first, " but long now")
    type_text(dialog.second, "short but")
    assert not dialog.save_button.isEnabled()
    assert dialog.message.text() == dialog.tr("The two passphrases are not the same.")
    type_text(dialog.second, " long now")
    assert dialog.save_button.isEnabled()
    assert dialog.message.kind == "success"

    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.SHEET, timeout=WAIT)
    facts = dialog.facts
    assert facts is not None
    sheet = dialog.sheet.toPlainText()
    groups = code_groups(facts.code)
    assert len(groups) >= 4
    assert all(group in sheet for group in groups)  # the code stays Latin and in order
    made = local(facts.made_at).date()  # the sheet says the day in Tehran, not in UTC
    assert i18n.day(made) in sheet
    assert club.backups().configured()

    pdf = tmp_path / "sheet"
    dialog.save_pdf(pdf)
    saved = tmp_path / "sheet.pdf"
    assert saved.exists()
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.stat().st_size > 1000
    assert dialog.sheet_message.kind == "success"

    dialog.done_button.click()
    assert not dialog.isVisible()
    assert not centre.banner.isVisible()


def test_the_setup_banner_stays_away_once_backups_are_set_up(
    qtbot, club: ClubServices, lang: Lang
) -> None:
    club.backups().setup("a long shop passphrase")
    window = MainWindow(club)
    qtbot.addWidget(window)
    window.show()
    centre = window.backup_centre
    qtbot.waitUntil(lambda: centre.configured is not None, timeout=WAIT)
    assert centre.configured is True
    assert not centre.banner.isVisible()


def test_changing_the_passphrase_checks_the_old_one(qtbot, club: ClubServices, lang: Lang) -> None:
    old = "a long shop passphrase"
    club.backups().setup(old)
    made = club.backups().create(kind="manual")
    dialog = BackupSetupDialog(club, change=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.old.isVisible()
    type_text(dialog.old, "not the passphrase")
    type_text(dialog.first, "a new passphrase here")
    type_text(dialog.second, "a new passphrase here")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=WAIT)
    assert dialog.message.kind == "error"  # wrong passphrase, said as such
    assert dialog.isVisible()
    dialog.old.clear()
    type_text(dialog.old, old)  # the new one is still typed in both fields
    finished: list[bool] = []
    dialog.finished_setup.connect(lambda: finished.append(True))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=WAIT)
    assert not dialog.isVisible()
    # Older backups keep the old passphrase; new ones take the new one.
    assert club.backups().verify(made.path, old).member_count == 0
    newer = club.backups().create(kind="manual")
    assert club.backups().verify(newer.path, "a new passphrase here").member_count == 0
