"""Where the app keeps things: platformdirs, overridable with --data-dir or CLUBDESK_DATA_DIR."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "ClubDesk"
DATA_DIR_ENV = "CLUBDESK_DATA_DIR"


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
