"""A sender for demos and tests: every message becomes one JSON line in DATA_DIR/sms-outbox.log.

Nothing leaves the machine. The file holds full numbers (it stands in for the phones); the log
line names the recipient masked, as every log does.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clubdesk.core.ids import new_public_id
from clubdesk.core.phone import mask_phone
from clubdesk_server.sms.sender import SendOutcome, SendResult

log = logging.getLogger(__name__)

OUTBOX_FILE = "sms-outbox.log"


class ConsoleSender:
    name = "console"

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / OUTBOX_FILE
        self._lock = threading.Lock()

    def send_template(self, recipient: str, template: str, tokens: dict[str, str]) -> SendResult:
        return self._write({"to": recipient, "template": template, "tokens": dict(tokens)})

    def send_text(self, recipient: str, text: str) -> SendResult:
        return self._write({"to": recipient, "text": text})

    def _write(self, message: dict[str, Any]) -> SendResult:
        provider_id = new_public_id()
        line = {"id": provider_id, "at": datetime.now(UTC).isoformat()} | message
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        what = message.get("template") or "text"
        log.info("sms (console) %s to %s: %s", what, mask_phone(message["to"]), self.path.name)
        return SendResult(SendOutcome.SENT, 200, provider_id=provider_id, message="written")


def read_outbox(data_dir: Path) -> list[dict[str, Any]]:
    """The messages a ConsoleSender wrote, oldest first (demos and tests read them back)."""
    path = Path(data_dir) / OUTBOX_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
