"""Run slow work off the GUI thread and get the answer back on it (like Anki's QueryOp).

    run_op(parent, lambda: club.search(text), on_done=show_results)

The callable runs on a QThreadPool worker; ``on_done`` or ``on_error`` run on the GUI thread,
and only while ``parent`` exists. A long job gets a progress dialog with Cancel: the callable
receives a ``Progress`` and checks ``progress.cancelled``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from clubdesk.core.errors import Cancelled
from clubdesk.core.licence import LicenceLocked
from clubdesk.ui import i18n

log = logging.getLogger(__name__)


class Progress:
    """Handed to a job that wants to report progress or notice Cancel (thread-safe)."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def update(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self._relay.progressed.emit(done, total)


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry the worker's outcome to it.

    It has no Qt parent, so closing the window that asked can never delete it while a worker
    is still emitting on it (that race crashed the process); it is kept alive in ``_LIVE``
    until its answer is delivered, and the answer is dropped if ``owner`` is gone by then."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, owner: QObject) -> None:
        super().__init__()
        self.owner = owner
        self.fn: Callable[..., Any] = lambda *_args: None
        self.on_done: Callable[[Any], None] = lambda _result: None
        self.on_error: Callable[[BaseException], None] = lambda _error: None
        # Its ``cancel`` may be connected to the asking window's ``destroyed``: freeing it on
        # a worker would disconnect that on the worker, which deadlocked against the GUI thread.
        self.progress: Progress | None = None
        self.succeeded.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._error, Qt.ConnectionType.QueuedConnection)
        _LIVE.add(self)

    def owner_alive(self) -> bool:
        return shiboken6.isValid(self.owner)

    @Slot(object)
    def _done(self, result: Any) -> None:
        self._deliver(self.on_done, result)

    @Slot(object)
    def _error(self, error: BaseException) -> None:
        self._deliver(self.on_error, error)

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        try:
            if self.owner_alive():
                callback(value)
            else:
                log.debug("result dropped: its window is gone")
        finally:  # on the GUI thread: what the callables hold is freed here, never on a worker
            self.fn = self.on_done = self.on_error = _nothing
            self.progress = None
            _LIVE.discard(self)
            self.deleteLater()


_LIVE: set[_Relay] = set()


def _nothing(*_args: Any) -> None:
    return None


class _Job(QRunnable):
    """Runs ``relay.fn`` on a worker. The job holds no reference to the callable or the
    progress: they live on the relay and are dropped on the GUI thread, because a lambda may
    hold the last reference to a widget (a widget freed on a worker crashes Qt), and freeing
    the progress disconnects it from the window."""

    def __init__(self, relay: _Relay) -> None:
        super().__init__()
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        relay = self.relay
        try:
            result = relay.fn() if relay.progress is None else relay.fn(relay.progress)
        except BaseException as error:  # reported on the GUI thread, never lost
            self._send(self.relay.failed, error)
            del error
        else:
            self._send(self.relay.succeeded, result)
            del result

    def _send(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window that asked was closed meanwhile: nobody to tell
            log.debug("result dropped: its window is gone")


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """The default failure handler: a translated message, never a traceback."""
    if isinstance(error, Cancelled):
        return
    if isinstance(error, LicenceLocked):
        # Not a dialog per refused job: the window swaps to its lock screen, which says why.
        window = parent.window() if parent is not None else None
        relock = getattr(window, "recheck_licence", None)
        if relock is not None:
            relock()
        return
    if not isinstance(error, Exception) or not hasattr(error, "code"):
        log.error("background job failed", exc_info=error)
    QMessageBox.warning(parent, i18n.translate("ops", "ClubDesk"), i18n.error_text(error))


def run_op(
    parent: QWidget,
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    progress_label: str | None = None,
    with_progress: bool = False,
    pool: QThreadPool | None = None,
) -> Progress | None:
    """Start ``fn`` in the background. With ``with_progress`` or ``progress_label``,
    ``fn(progress)`` is called; a label also shows a progress dialog with Cancel. The returned
    ``Progress`` can cancel the job too.

    The owner's PIN, for every restricted action: when ``fn`` fails with OwnerPinRequired
    (a cashier at the till) and a widget up ``parent``'s chain has ``pin_authority`` (the
    main window: the ClubServices), the "Owner's PIN" prompt opens; once the PIN is right
    the same job runs again, as one approved job, with the same callbacks (a new Progress).
    Cancel in the prompt: with the default handler nothing happens; a given ``on_error``
    gets the OwnerPinRequired, so the screen can say why nothing was saved."""
    relay = _Relay(parent)
    relay.fn = fn
    relay.on_done = on_done
    fallback = on_error or (lambda error: show_error(parent, error))

    def again(wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        run_op(
            parent, wrap(fn), on_done, on_error,
            progress_label=progress_label, with_progress=with_progress, pool=pool,
        )  # fmt: skip

    relay.on_error = _owner_pin_hook(parent, fallback, again, quiet=on_error is None)
    progress = Progress(relay) if (with_progress or progress_label is not None) else None
    if progress is not None:  # a window closed mid-job stops it at its next progress report
        parent.destroyed.connect(progress.cancel)
    if progress_label is not None and progress is not None:
        _attach_dialog(parent, relay, progress, progress_label)
    relay.progress = progress
    (pool or QThreadPool.globalInstance()).start(_Job(relay))
    return progress


def _owner_pin_hook(
    parent: QWidget,
    fallback: Callable[[BaseException], None],
    again: Callable[[Callable[[Callable[..., Any]], Callable[..., Any]]], None],
    *,
    quiet: bool,
) -> Callable[[BaseException], None]:
    """``fallback``, except that OwnerPinRequired asks for the owner's PIN (ui.pin_prompt)."""

    def handle(error: BaseException) -> None:
        from clubdesk.core.roles import OwnerPinRequired

        if isinstance(error, OwnerPinRequired):
            from clubdesk.ui.pin_prompt import ask_owner_pin

            cancelled = (lambda: None) if quiet else (lambda: fallback(error))
            if ask_owner_pin(parent, error.permission, again, cancelled):
                return
        fallback(error)

    return handle


def _attach_dialog(parent: QWidget, relay: _Relay, progress: Progress, label: str) -> None:
    dialog = QProgressDialog(label, i18n.translate("ops", "Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # quick jobs finish before it would flash
    dialog.canceled.connect(progress.cancel)

    def show(done: int, total: int) -> None:
        if shiboken6.isValid(dialog):
            dialog.setMaximum(total)
            dialog.setValue(done)

    relay.progressed.connect(show, Qt.ConnectionType.QueuedConnection)
    relay.destroyed.connect(dialog.deleteLater)
