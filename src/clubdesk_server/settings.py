"""Server settings: from the environment, with a default that needs nothing (a SQLite file).

``CLUBDESK_SERVER_DATA_DIR``      the server's folder (default: the platform's user data folder)
``CLUBDESK_SERVER_KEYS_DIR``      the signing keys (default: DATA_DIR/keys)
``CLUBDESK_SERVER_DATABASE_URL``  SQLAlchemy URL (default: a SQLite file in DATA_DIR);
                                  production: ``postgresql+psycopg://user@host/db``

Renewal (``ENV_FIELDS`` below): the public URL browsers reach the server at, the payment
gateway (``zarinpal``, the default, or ``sandbox``) with Zarinpal's base URL and merchant id.
The default is the real gateway so that a production server never renews licences for free by
accident: without a merchant id ``serve`` refuses to start; ``serve --demo`` uses the sandbox,
and an operator who sets ``sandbox`` explicitly gets a warning at every start. The SMS sender
(``console`` or ``kavenegar``) with Kavenegar's base URL, API key and line, and the admin token
for the support pages. Secrets (merchant id, API key, admin token) come only from the
environment and never appear in ``repr`` or logs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import platformdirs

DATA_DIR_ENV = "CLUBDESK_SERVER_DATA_DIR"
KEYS_DIR_ENV = "CLUBDESK_SERVER_KEYS_DIR"
DATABASE_URL_ENV = "CLUBDESK_SERVER_DATABASE_URL"
DB_FILENAME = "clubdesk-server.sqlite3"

# Settings read from the environment by ``Settings.from_env``: field -> variable.
ENV_FIELDS = {
    "public_url": "CLUBDESK_SERVER_PUBLIC_URL",
    "gateway": "CLUBDESK_SERVER_GATEWAY",
    "zarinpal_url": "CLUBDESK_SERVER_ZARINPAL_URL",
    "zarinpal_merchant_id": "CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID",
    "sms_sender": "CLUBDESK_SERVER_SMS_SENDER",
    "kavenegar_url": "CLUBDESK_SERVER_KAVENEGAR_URL",
    "kavenegar_api_key": "CLUBDESK_SERVER_KAVENEGAR_API_KEY",
    "kavenegar_line": "CLUBDESK_SERVER_KAVENEGAR_LINE",
    "kavenegar_templates": "CLUBDESK_SERVER_KAVENEGAR_TEMPLATES",
    "admin_token": "CLUBDESK_SERVER_ADMIN_TOKEN",
    "redis_url": "CLUBDESK_SERVER_REDIS_URL",
    "db_pool_size": "CLUBDESK_SERVER_DB_POOL_SIZE",
    "db_max_overflow": "CLUBDESK_SERVER_DB_MAX_OVERFLOW",
    "db_pool_timeout_s": "CLUBDESK_SERVER_DB_POOL_TIMEOUT",
    "metrics_allow": "CLUBDESK_SERVER_METRICS_ALLOW",
    "metrics_token": "CLUBDESK_SERVER_METRICS_TOKEN",
    "alert_sharing_refusals": "CLUBDESK_SERVER_ALERT_SHARING_REFUSALS",
    "alert_sharing_ips": "CLUBDESK_SERVER_ALERT_SHARING_IPS",
}


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
    trial: timedelta = timedelta(days=14)  # the free trial a first run may start
    # Activations from one source address, whatever their outcome.
    activation_limit: RateLimit = RateLimit(burst=20, per_hour=20)
    # Activations with a key that does not exist, from one source address.
    failed_key_limit: RateLimit = RateLimit(burst=5, per_hour=10)

    # -- renewal (issue 4) --
    # Where shops' browsers reach this server (callback URLs); None: the address a request used.
    public_url: str | None = None
    # "zarinpal" (real money; needs the merchant id) or "sandbox" (served here: demos, tests).
    gateway: str = "zarinpal"
    zarinpal_url: str = "https://payment.zarinpal.com"
    zarinpal_merchant_id: str | None = field(default=None, repr=False)
    # A payment not verified this long after it started is given up (the gateway's window).
    payment_window: timedelta = timedelta(minutes=30)
    gateway_timeout_s: float = 10.0
    sms_sender: str = "console"  # "console" (a file in DATA_DIR, for demos) or "kavenegar"
    kavenegar_url: str = "https://api.kavenegar.com"
    kavenegar_api_key: str | None = field(default=None, repr=False)
    kavenegar_line: str | None = None  # the sender number for sms/send
    # Kavenegar verify/lookup template names, "kind=name,kind=name" over the defaults in
    # clubdesk_server.sms.outbox.DEFAULT_TEMPLATES (kinds: expiry_reminder, expiry_day, ...).
    kavenegar_templates: str = ""
    sms_timeout_s: float = 10.0
    admin_token: str | None = field(default=None, repr=False)
    # -- scale-out (issue 9) --
    # Redis shared by every worker (rate limits); None: one process, in-memory limits (demo).
    redis_url: str | None = field(default=None, repr=False)
    # PostgreSQL connections of each worker (its requests and its jobs share them): this many
    # kept open, up to ``db_max_overflow`` more under load, and a request waits at most
    # ``db_pool_timeout_s`` for one. workers x (size + overflow) must stay under the server's
    # max_connections (docs/server.md).
    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_pool_timeout_s: float = 10.0
    # TESTS ONLY (``serve --jobs-every``): every scheduled job runs this often instead of at its
    # own times, so that a test sees several schedulers fire the same moment within seconds.
    jobs_every: timedelta | None = None
    timezone: str = "Asia/Tehran"  # business days and job times
    # -- monitoring (issue 9) --
    # Who may read /metrics: these addresses or networks (comma separated, after the proxy's
    # X-Forwarded-For), or anyone sending ``Authorization: Bearer <metrics_token>``.
    metrics_allow: str = "127.0.0.1,::1"
    metrics_token: str | None = field(default=None, repr=False)
    # Possible key sharing (``admin alerts``): this many refused activations of one licence
    # within an hour, from at least this many addresses.
    alert_sharing_refusals: int = 10
    alert_sharing_ips: int = 3
    # -- off-site backups (issue 6) --
    # Bytes per uploaded chunk: small enough to resend cheaply after a drop (tests lower it).
    cloud_chunk_size: int = 4 << 20

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
        from_env = {
            name: _typed(name, var, os.environ[var])
            for name, var in ENV_FIELDS.items()
            if os.environ.get(var)
        }
        return cls(data_dir=data, keys_dir=keys, database_url=url, **(from_env | overrides))

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _typed(name: str, variable: str, raw: str) -> Any:
    """An environment variable's text as its field's type (whole numbers, decimals, text)."""
    default = Settings.__dataclass_fields__[name].default
    try:
        if isinstance(default, int) and not isinstance(default, bool):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        raise ValueError(f"{variable}={raw!r} is not a number") from None
    return raw
