"""Start-up measurements for bench/app_start.py, switched on by an environment variable.

With CLUBDESK_READY_PROBE=FILE the app writes, as JSON to FILE, how long after process start the
search box was focused and took typing (ready_ms) and when the first search typed into it was
answered (first_results_ms: the database is open by then), then opens the members list, scrolls
to its last page, records resident memory, and quits.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from clubdesk.ui.members_list import PAGE_SIZE

PROBE_ENV = "CLUBDESK_READY_PROBE"
T0_ENV = "CLUBDESK_PROBE_T0"


def _since_start_ms() -> float:
    """Milliseconds since the launcher started this process (its time.time() in
    CLUBDESK_PROBE_T0). psutil's create_time is no good here: Linux reports boot time in
    whole seconds, so it is off by up to a second."""
    return (time.time() - float(os.environ[T0_ENV])) * 1000


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1_048_576


def install_probe(window: object) -> None:
    target = os.environ.get(PROBE_ENV)
    if not target:
        return
    figures: dict[str, float] = {}
    counter = window.counter  # type: ignore[attr-defined]
    members = window.members  # type: ignore[attr-defined]

    def ready() -> None:
        if not (counter.search.hasFocus() and window.isVisible()):  # type: ignore[attr-defined]
            QTimer.singleShot(5, ready)
            return
        figures["ready_ms"] = round(_since_start_ms(), 1)
        figures["rss_ready_mb"] = round(_rss_mb(), 1)
        counter.search.setText("0912")  # what a cashier types first
        QTimer.singleShot(0, answered)

    def answered() -> None:
        if not counter.results_for:
            QTimer.singleShot(5, answered)
            return
        figures["first_results_ms"] = round(_since_start_ms(), 1)
        window.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        QTimer.singleShot(0, list_loaded)

    def list_loaded() -> None:
        model = members.model
        if not model.total or not model.pages:
            QTimer.singleShot(10, list_loaded)
            return
        members.table.scrollToBottom()
        QTimer.singleShot(0, bottom_loaded)

    def bottom_loaded() -> None:
        model = members.model
        if (model.total - 1) // PAGE_SIZE not in model.pages:
            QTimer.singleShot(10, bottom_loaded)
            return
        finish()

    def finish() -> None:
        figures["members"] = members.model.total
        figures["rss_list_mb"] = round(_rss_mb(), 1)
        Path(target).write_text(json.dumps(figures))
        QApplication.quit()

    QTimer.singleShot(0, ready)
