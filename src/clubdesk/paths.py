"""Where the app keeps things: platformdirs, overridable with --data-dir or CLUBDESK_DATA_DIR."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ClubDesk"
DATA_DIR_ENV = "CLUBDESK_DATA_DIR"
DB_FILENAME = "clubdesk.sqlite3"  # the shop's database in its data folder
FIRST_RUN_PENDING = "first-run.pending"  # the first-run wizard started and has not finished


def data_dir(override: str | Path | None = None) -> Path:
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))


def log_dir(override: str | Path | None = None) -> Path:
    """A data folder given on purpose keeps its logs with it (demo and test folders)."""
    if override or os.environ.get(DATA_DIR_ENV):
        return data_dir(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))


def resources_dir() -> Path:
    """Fonts, icons and translations: in the frozen build, the wheel, or the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    here = Path(__file__).resolve().parent
    candidates += [here / "resources", here.parents[1] / "resources"]
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("ClubDesk resources folder not found; reinstall the app.")


def first_run_needed(data_path: Path) -> bool:
    """A new installation (no shop database and no licence in the data folder), or a first
    run that was left before Finish (the wizard opens the shop as it starts). Files only: it
    is asked before the window, on the start-up path."""
    if (data_path / FIRST_RUN_PENDING).exists():
        return True
    return not (data_path / DB_FILENAME).exists() and not (data_path / "licence").exists()
