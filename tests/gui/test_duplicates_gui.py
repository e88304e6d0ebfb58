"""The members list's Find duplicates: a scan with the pairs side by side, a merge that asks
first, and the list reloading with one member fewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.ui.duplicates import DuplicatesDialog
from clubdesk.ui.main_window import MainWindow

WAIT = 20_000


def answer(dialog: DuplicatesDialog, accept: bool) -> None:
    box = dialog.confirm_box
    if box is None:
        QTimer.singleShot(10, lambda: answer(dialog, accept))
        return
    button = box.defaultButton() if accept else box.buttons()[-1]
    button.click()


def test_finding_and_merging_a_customer_registered_twice(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    right = club.register(MemberDraft(phone="09123456789", first_name="مریم", last_name="احمدی"))
    club.register(MemberDraft(phone="09123456798", first_name="مریم", last_name="احمدی"))
    club.register(MemberDraft(phone="09351112233", first_name="مریم", last_name="احمدی"))
    club.record_purchase(right.member.id, "120000")
    window.act_members.trigger()
    view = window.members
    qtbot.waitUntil(lambda: view.model.total == 3, timeout=WAIT)
    view.duplicates_button.click()
    dialog = view.duplicates_dialog
    assert isinstance(dialog, DuplicatesDialog)
    qtbot.waitUntil(lambda: dialog.pairs is not None, timeout=WAIT)
    assert len(dialog.pairs) == 1  # the third Maryam has another number: another person
    assert dialog.keep_first.isEnabled()
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    dialog.grab().save(str(shots / f"{lang.value}-duplicates.png"))

    QTimer.singleShot(0, lambda: answer(dialog, accept=False))
    dialog.keep_first.click()
    assert club.count_members() == 3  # cancelled: nothing merged

    pair = dialog.pairs[0]
    QTimer.singleShot(0, lambda: answer(dialog, accept=True))
    with qtbot.waitSignal(dialog.merged, timeout=WAIT) as merged:
        dialog.keep_first.click()
    assert merged.args[0].phone == pair.first.phone
    qtbot.waitUntil(lambda: view.model.total == 2, timeout=WAIT)
    assert dialog.pairs == []
    assert dialog.empty.isVisible()  # the empty list says so
    dialog.grab().save(str(shots / f"{lang.value}-duplicates-none.png"))
    QApplication.processEvents()
