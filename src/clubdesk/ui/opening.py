"""Open the shop's database in the background while the window is already on screen.

Importing SQLAlchemy and opening the file takes most of a second on a shop PC; the cashier
should see a focused search box before that. ``PendingClub`` stands in for ``ClubServices``:
every screen calls it only from worker threads (ui.ops), and such a call simply waits until
the database is open. The GUI thread never waits on it.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from clubdesk.ui.ops import Cancelled

if TYPE_CHECKING:
    from clubdesk.services import ClubServices


class PendingClub:
    """``ClubServices`` once it is open; until then attribute access waits (worker threads)."""

    def __init__(self, future: Future[ClubServices]) -> None:
        self._future = future

    def __getattr__(self, name: str) -> Any:
        try:
            club = self._future.result()
        except Exception as error:  # the opener reports it once, on the GUI thread
            raise Cancelled from error
        return getattr(club, name)


class ClubOpener(QObject):
    """Opens the database on a thread; ``opened``/``failed`` arrive on the GUI thread."""

    opened = Signal(object)  # ClubServices
    failed = Signal(object)  # BaseException
    _finished = Signal()  # from the opening thread, queued to this object's (GUI) thread

    def __init__(
        self, data_path: Path, parent: QObject | None = None, *, with_licence: bool = True
    ) -> None:
        super().__init__(parent)
        self.data_path = data_path
        self.with_licence = with_licence
        self.future: Future[ClubServices] = Future()
        self.club = PendingClub(self.future)
        self._finished.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Begin opening. Call it once the window is painted: the import holds the GIL for
        long stretches, and the window would otherwise be built at half speed."""
        threading.Thread(target=self._open, args=(self.data_path,), daemon=True).start()

    def _open(self, data_path: Path) -> None:
        try:
            from clubdesk.services import ClubServices

            licence = None
            if self.with_licence:
                from clubdesk.licensing.manager import LicenceManager

                licence = LicenceManager(data_path)
            self.future.set_result(ClubServices.open(data_path, licence=licence))
        except BaseException as error:
            self.future.set_exception(error)
        self._finished.emit()

    @Slot()
    def _report(self) -> None:
        error = self.future.exception()
        if error is None:
            self.opened.emit(self.future.result())
        else:
            self.failed.emit(error)
