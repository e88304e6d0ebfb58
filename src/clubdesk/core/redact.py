"""Secrets that must never reach a log line: a logging filter that blanks them out.

Kavenegar puts the API key in the URL path, and urllib3 logs request paths at DEBUG level; the
desktop's own-line sender and the vendor server's sender both register their key here.
"""

from __future__ import annotations

import logging
import threading

URL_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry")  # the loggers that print URLs


class SecretRedactor(logging.Filter):
    """Replaces every registered secret with *** in the records it sees."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        with self._lock:
            self.secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in list(self.secrets):
            redacted = redacted.replace(secret, "***")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def url_redactor() -> SecretRedactor:
    """A redactor attached to the loggers that print request URLs."""
    redactor = SecretRedactor()
    for name in URL_LOGGERS:
        logging.getLogger(name).addFilter(redactor)
    return redactor
