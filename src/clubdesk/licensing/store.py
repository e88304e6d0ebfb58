"""What the app keeps about its licence: the signed lease, its memory, and the device token.

Files live in DATA_DIR/licence/ and are replaced atomically (temp file, fsync, rename), so a
crash never leaves half a lease. The bearer token goes to the OS keyring, never to a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from pydantic import ValidationError

from clubdesk.core.files import write_atomic
from clubdesk.core.licence import Memory
from clubdesk.protocol import SignedLease

KEYRING_SERVICE = "ClubDesk licence"


@dataclass
class Saved:
    """state.json: where the licence came from and what the app remembers."""

    server_url: str = ""
    licence_id: str = ""
    device_name: str = ""
    memory: Memory = field(default_factory=Memory)
    # The terms version the server says this business must still accept (None: none due).
    terms_required: int | None = None


def _version(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


class LicenceStore:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "licence"
        self.lease_path = self.folder / "lease.json"
        self.state_path = self.folder / "state.json"
        # One keyring entry per shop folder: two shops on one PC keep separate tokens.
        self.account = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:24]

    # ---------------------------------------------------------------- lease

    def read_lease(self) -> tuple[SignedLease | None, bool]:
        """(lease, readable). A missing file is (None, True); a damaged one (None, False)."""
        try:
            text = self.lease_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, True
        except OSError:
            return None, False
        try:
            return SignedLease.model_validate_json(text), True
        except ValidationError:
            return None, False

    def write_lease(self, signed: SignedLease) -> None:
        write_atomic(self.lease_path, signed.model_dump_json(indent=2))

    def forget_lease(self) -> None:
        self.lease_path.unlink(missing_ok=True)

    # ---------------------------------------------------------------- state

    def read_state(self) -> Saved:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Saved()
        memory = data.get("memory", {}) if isinstance(data, dict) else {}
        return Saved(
            server_url=str(data.get("server_url", "")),
            licence_id=str(data.get("licence_id", "")),
            device_name=str(data.get("device_name", "")),
            terms_required=_version(data.get("terms_required")),
            memory=Memory(
                latest_seen=_time(memory.get("latest_seen")),
                last_checked=_time(memory.get("last_checked")),
                offline_since=_time(memory.get("offline_since")),
                server_verdict=memory.get("server_verdict"),
            ),
        )

    def write_state(self, saved: Saved) -> None:
        data = asdict(saved)
        data["memory"] = {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(saved.memory).items()
        }
        write_atomic(self.state_path, json.dumps(data, indent=2))

    # ---------------------------------------------------------------- token

    def token(self) -> str | None:
        try:
            return keyring.get_password(KEYRING_SERVICE, self.account)
        except KeyringError:
            return None

    def set_token(self, token: str) -> None:
        keyring.set_password(KEYRING_SERVICE, self.account, token)

    def forget_token(self) -> None:
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(KEYRING_SERVICE, self.account)
