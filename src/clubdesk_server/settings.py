"""Server settings: from the environment, with a default that needs nothing (a SQLite file).

``CLUBDESK_SERVER_DATA_DIR``      the server's folder (default: the platform's user data folder)
``CLUBDESK_SERVER_KEYS_DIR``      the signing keys (default: DATA_DIR/keys)
``CLUBDESK_SERVER_DATABASE_URL``  SQLAlchemy URL (default: a SQLite file in DATA_DIR);
                                  production: ``postgresql+psycopg://user@host/db``
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import platformdirs

DATA_DIR_ENV = "CLUBDESK_SERVER_DATA_DIR"
KEYS_DIR_ENV = "CLUBDESK_SERVER_KEYS_DIR"
DATABASE_URL_ENV = "CLUBDESK_SERVER_DATABASE_URL"
DB_FILENAME = "clubdesk-server.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("ClubDeskServer", "ClubDesk"))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: ``burst`` calls at once, then ``per_hour`` calls an hour."""

    burst: int
    per_hour: float

    @property
    def per_second(self) -> float:
        return self.per_hour / 3600


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    keys_dir: Path
    database_url: str
    lease_refresh: timedelta = timedelta(hours=4)
    lease_grace: timedelta = timedelta(days=7)
    # Activations from one source address, whatever their outcome.
    activation_limit: RateLimit = RateLimit(burst=20, per_hour=20)
    # Activations with a key that does not exist, from one source address.
    failed_key_limit: RateLimit = RateLimit(burst=5, per_hour=10)

    @classmethod
    def from_env(
        cls,
        data_dir: str | Path | None = None,
        keys_dir: str | Path | None = None,
        database_url: str | None = None,
        **overrides: Any,
    ) -> Settings:
        """Explicit arguments win over the environment, which wins over the defaults."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        data = Path(chosen).expanduser().resolve() if chosen else default_data_dir()
        keys_chosen = keys_dir or os.environ.get(KEYS_DIR_ENV)
        keys = Path(keys_chosen).expanduser().resolve() if keys_chosen else data / "keys"
        url = database_url or os.environ.get(DATABASE_URL_ENV) or sqlite_url(data / DB_FILENAME)
        return cls(data_dir=data, keys_dir=keys, database_url=url, **overrides)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
