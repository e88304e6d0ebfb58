"""Background work: results and failures come back on the GUI thread; Cancel stops a job."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from clubdesk.core.errors import InvalidPhone
from clubdesk.ui.ops import Cancelled, Progress, run_op


def test_result_arrives_on_the_gui_thread(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is QApplication.instance().thread()

    run_op(owner, work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["gui"] is True
    assert seen["worker"] is not threading.main_thread()


def test_failure_goes_to_the_error_handler(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    errors: list[BaseException] = []

    def work() -> None:
        raise InvalidPhone()

    run_op(owner, work, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], InvalidPhone)


def test_cancel_stops_a_long_job(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    started = threading.Event()
    outcome: list[object] = []

    def work(progress: Progress) -> str:
        started.set()
        for step in range(10_000_000):
            progress.update(step, 10_000_000)
        return "finished"

    progress = run_op(owner, work, outcome.append, outcome.append, progress_label="Working")
    assert progress is not None
    assert started.wait(10)
    progress.cancel()
    qtbot.waitUntil(lambda: bool(outcome))
    assert isinstance(outcome[0], Cancelled)


def test_result_for_a_closed_window_is_dropped(qtbot) -> None:
    owner = QWidget()
    release = threading.Event()
    called: list[object] = []
    run_op(owner, lambda: release.wait(10), called.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    assert called == []


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def test_a_window_closed_mid_job_stops_it_and_drops_its_progress(qtbot) -> None:
    """The worker keeps reporting after its window is gone: nothing crashes, the job is told
    to stop at its next report, and neither progress nor the result reach the dead window."""
    from PySide6.QtCore import QThreadPool

    owner = QWidget()
    started, release = threading.Event(), threading.Event()
    outcome: list[object] = []

    def work(progress: Progress) -> str:
        started.set()
        release.wait(10)
        for step in range(1000):
            progress.update(step, 1000)
        return "finished"

    run_op(owner, work, outcome.append, outcome.append, progress_label="working")
    assert started.wait(10)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    assert outcome == []  # the job was cancelled (Cancelled), and that too was dropped
