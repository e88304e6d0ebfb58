"""Logging to a rotating file; phone numbers are masked on the way out."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from clubdesk.core.phone import mask_phone

_PHONE = re.compile(r"\+98\d{10}")
_configured: set[Path] = set()


class MaskPhones(logging.Filter):
    """No full member phone number ever reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _PHONE.sub(lambda m: mask_phone(m.group(0)), message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``folder/clubdesk.log`` (1 MB x 5). Returns the file, or None if unwritable."""
    path = folder / "clubdesk.log"
    if path in _configured:
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskPhones())
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    _configured.add(path)
    return path
