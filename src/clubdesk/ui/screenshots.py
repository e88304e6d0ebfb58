"""`clubdesk screenshot`: render the main screens offscreen to PNG files, for review and docs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from clubdesk.core.i18n import Lang

WAIT_SECONDS = 20


def wait_until(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> bool:
    """Process Qt events until ``condition`` holds (background jobs report through events)."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QThreadPool.globalInstance().waitForDone(20)
        QApplication.processEvents()
        if condition():
            return True
    return False


def save_screenshots(data_path: Path, out: Path, lang: Lang) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.services import ClubServices
    from clubdesk.ui.app import make_qapp
    from clubdesk.ui.main_window import MainWindow

    make_qapp(lang)
    out.mkdir(parents=True, exist_ok=True)
    licence = LicenceManager(data_path)
    club = ClubServices.open(data_path, licence=licence)  # a locked shop shows its lock screen
    window = MainWindow(club)
    window.resize(1200, 760)
    window.show()
    saved: list[Path] = []

    def shot(name: str, widget: object) -> None:
        wait_until(lambda: True, 0.2)
        path = out / f"{lang.value}-{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        saved.append(path)

    if licence.status().locked:
        window.licence = licence
        window.apply_licence(licence.status())
        shot("lock-screen", window)
        window.close()
        club.close()
        return saved
    counter = window.counter
    shot("counter-empty", window)
    sample = club.members_page("", club_sort_key(), True, 0, 1)
    if sample:
        member = sample[0]
        counter.search.setText(member.first_name[:2])
        wait_until(lambda: counter._shown == counter._asked and bool(counter.results_for))
        counter.open_member(member.id)
        wait_until(lambda: counter.card.card is not None)
        counter.card.amount.setText("250000")
        shot("counter-member", window)
        counter.card.amount.clear()
    counter.search.setText("09990001122")
    wait_until(lambda: counter._shown == counter._asked)
    counter.register("+989990001122")
    assert counter.form is not None
    shot("registration", counter.form)
    counter.form.phone.setText("0812")
    shot("registration-invalid", counter.form)
    counter.form.reject()
    window.tabs.setCurrentIndex(1)
    wait_until(lambda: window.members.model.total == 0 or bool(window.members.model.pages))
    shot("members-list", window)
    window.open_settings()
    assert window.settings_dialog is not None
    shot("settings", window.settings_dialog)
    window.settings_dialog.reject()
    _lock_screen_shot(window, shot)
    window.close()
    club.close()
    return saved


def club_sort_key() -> object:
    from clubdesk.services import SortKey

    return SortKey.POINTS


def _lock_screen_shot(window: object, shot: Callable[[str, object], None]) -> None:
    """The lock screen of a computer without a licence (a throwaway licence folder)."""
    import tempfile

    from clubdesk.licensing.manager import LicenceManager

    with tempfile.TemporaryDirectory() as folder:
        licence = LicenceManager(Path(folder), keys={})
        window.licence = licence  # type: ignore[attr-defined]
        window.apply_licence(licence.status())  # type: ignore[attr-defined]
        shot("lock-screen", window)
