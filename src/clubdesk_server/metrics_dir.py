"""Where the workers of one ``serve`` keep their metrics, so that ``/metrics`` adds them up.

prometheus_client counts in process memory; with several worker processes a scrape reaches one
of them and would see its share only. In its multiprocess mode every process writes its values
to files in ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` sums the files of all of them (the
files of a worker that died or was restarted stay and keep counting, as counters must).

The mode is chosen when prometheus_client is first imported, so ``serve`` calls
``prepare_shared_metrics`` before it imports the app, and this module must not import
prometheus_client itself. With one worker nothing is set and the counts stay in memory.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

log = logging.getLogger(__name__)


def prepare_shared_metrics(workers: int) -> Path | None:
    """The folder the workers' metrics go to while ``serve`` runs, or None for one worker.

    An operator's ``PROMETHEUS_MULTIPROC_DIR`` is used as it is (made if missing) and emptied of
    an earlier run's files first: one folder per ``serve``. Otherwise several workers get a new
    private folder (in the temporary folder, which systemd's PrivateTmp keeps the service's
    own), removed when ``serve`` exits.
    """
    chosen = os.environ.get(MULTIPROC_ENV)
    if "prometheus_client" in sys.modules and (chosen or workers > 1):
        log.warning(
            "prometheus_client was imported before %s was set: this process's metrics are its own",
            MULTIPROC_ENV,
        )
    if chosen:
        folder = Path(chosen)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink(missing_ok=True)
        return folder
    if workers <= 1:
        return None
    folder = Path(tempfile.mkdtemp(prefix="clubdesk-server-metrics-"))
    os.environ[MULTIPROC_ENV] = str(folder)  # the workers inherit it
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
