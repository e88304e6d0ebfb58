"""The server's logs: one JSON object per line (or plain text for a demo), on stderr.

Every record carries what is known of the request it was written in: ``request_id`` (the
client's ``X-Request-ID`` when it sent a sane one, else one made here), ``route``, ``ip``, and
the public ids of the ``licence`` and ``device`` once the request has named them. The access
line of each request adds ``method``, ``path``, ``status``, ``duration_ms`` and the problem
``code`` of an error answer. The request id is also in the answer's ``X-Request-ID`` header and
in every problem+json body, so support can find a shop's request from what its app shows.

``Redactor`` runs on every record before it is written, in the message and the traceback:
Iranian mobile numbers are masked (``+98912***4567``, ``clubdesk.core.phone.mask_phone``), the
server's secrets (admin and metrics tokens, the merchant id, the Kavenegar key, Redis's
password: ``register_secrets``) become ``***``, a licence key keeps only its first group, and a
bearer token its scheme.

    JSON:  {"timestamp": "2026-11-25T07:00:00.123Z", "level": "INFO",
            "logger": "clubdesk_server.access", "message": "POST /v1/lease 200 12.3 ms",
            "request_id": "0193...", "route": "/v1/lease", "method": "POST", "path": "/v1/lease",
            "status": 200, "duration_ms": 12.3, "ip": "203.0.113.7", "licence": "0193...",
            "device": "0193..."}
    text:  2026-11-25 10:30:00,123 INFO clubdesk_server.access: POST /v1/lease 200 12.3 ms
           [request_id=0193... licence=... device=...]

``logging_config`` is a ``logging.config.dictConfig`` document (names, not objects), so uvicorn
applies the same one in every worker process it starts.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from clubdesk.core.ids import new_public_id
from clubdesk.core.phone import mask_phone
from clubdesk.core.redact import SecretRedactor

REQUEST_ID_HEADER = "X-Request-ID"
ACCESS_LOGGER = "clubdesk_server.access"
FORMATS = ("json", "text")
# A client's request id is taken as it is only if it is a plain token of sane length.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
# +989121234567, 00989121234567, 09121234567 (Kavenegar's receptor form), not inside a longer
# run of Latin letters and digits (an id, a hash).
_PHONE = re.compile(r"(?<![0-9A-Za-z+])(?:\+98|0098|0)(9[0-9]{9})(?![0-9A-Za-z])")
# A licence key (licensing.new_licence_key): CD- and five groups of five base32 symbols.
_LICENCE_KEY = re.compile(r"\b(CD-[0-9A-Z]{5})(?:-[0-9A-Z]{5}){4}\b")
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+")
# Fields a record may carry (from the request's context or ``extra``), in the order written.
FIELDS = (
    "request_id",
    "route",
    "method",
    "path",
    "status",
    "duration_ms",
    "code",
    "ip",
    "licence",
    "device",
)
_MIN_SECRET = 8  # shorter values would blank out ordinary words


@dataclass
class RequestContext:
    """What the logs know of the request being served. One object per request, shared by
    reference, so what a route learns on a worker thread (the licence, the device) reaches the
    access line the middleware writes at the end."""

    request_id: str
    ip: str | None = None
    scope: Any = None  # the ASGI scope: its route once the router has matched one
    licence: str | None = None
    device: str | None = None
    code: str | None = None  # the problem code of an error answer

    @property
    def route(self) -> str | None:
        return route_of(self.scope) if self.scope is not None else None

    def fields(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "route": self.route,
            "code": self.code,
            "ip": self.ip,
            "licence": self.licence,
            "device": self.device,
        }


def route_of(scope: Any) -> str | None:
    """The path template of the route that took the request (``/v1/payments/{payment_id}``),
    never the path itself: paths hold ids. None before routing, or when no route matched."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else None


_current: ContextVar[RequestContext | None] = ContextVar("clubdesk_request", default=None)


def current() -> RequestContext | None:
    """The request being served here, or None (a job, the CLI)."""
    return _current.get()


def begin(context: RequestContext) -> Any:
    """Make ``context`` current; returns the token ``end`` takes."""
    return _current.set(context)


def end(token: Any) -> None:
    _current.reset(token)


def request_id_from(header: str | None) -> str:
    """The client's request id when it is a sane token (8 to 64 of letters, digits and
    ``.``, ``_``, ``:``, ``-``), else a new UUIDv7."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return new_public_id()


def note(*, licence: str | None = None, device: str | None = None) -> None:
    """Name the licence and device of the current request (public ids) in its log lines."""
    context = current()
    if context is None:
        return
    if licence:
        context.licence = licence
    if device:
        context.device = device


# -- redaction ------------------------------------------------------------------------------------

SECRETS = SecretRedactor()  # the registry of values never to be written


def register_secrets(*values: str | None) -> None:
    """Values that must never appear in a log line (the settings' secrets)."""
    for value in values:
        if value and len(value) >= _MIN_SECRET:
            SECRETS.add(value)


def register_settings_secrets(settings: Any) -> None:
    """The secrets of ``settings``: tokens, the merchant id, the Kavenegar key, Redis's
    password."""
    redis_password = urlsplit(settings.redis_url).password if settings.redis_url else None
    register_secrets(
        settings.admin_token,
        settings.metrics_token,
        settings.zarinpal_merchant_id,
        settings.kavenegar_api_key,
        redis_password,
    )


def redact(text: str) -> str:
    """``text`` with phone numbers masked, secrets, licence keys and bearer tokens hidden."""
    for secret in list(SECRETS.secrets):
        text = text.replace(secret, "***")
    text = _PHONE.sub(lambda m: mask_phone("+98" + m.group(1)), text)
    text = _LICENCE_KEY.sub(lambda m: f"{m.group(1)}-…", text)
    return _BEARER.sub(lambda m: f"{m.group(1)}***", text)


class Redactor(logging.Filter):
    """Redacts each record's message and traceback (``redact``) before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RequestFields(logging.Filter):
    """Copies the current request's fields onto each record (``extra`` ones win)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current()
        if context is not None:
            for name, value in context.fields().items():
                if getattr(record, name, None) is None and value is not None:
                    setattr(record, name, value)
        return True


# -- formats --------------------------------------------------------------------------------------


def _record_fields(record: logging.LogRecord) -> dict[str, Any]:
    found = {}
    for name in FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            found[name] = value
    return found


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC), level, logger, message, the request's fields,
    and ``exception`` with the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC)
        doc: dict[str, Any] = {
            "timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        doc |= _record_fields(record)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            doc["exception"] = record.exc_text
        if record.stack_info:
            doc["stack"] = record.stack_info
        return json.dumps(doc, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message [request_id=... licence=... device=...]``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        tags = " ".join(
            f"{name}={getattr(record, name)}"
            for name in ("request_id", "licence", "device")
            if getattr(record, name, None) is not None
        )
        return f"{line} [{tags}]" if tags else line


def logging_config(
    fmt: str = "json", level: str = "info", *, access_log: bool = True
) -> dict[str, Any]:
    """The ``dictConfig`` of ``serve``: one stderr handler with the format's formatter and the
    two filters, at ``level`` (``--log-level``); uvicorn's own access log off
    (``clubdesk_server.access`` writes one line per request, with its request id;
    ``access_log=False`` silences it). stdout is left to ``serve``'s ready line."""
    if fmt not in FORMATS:
        raise ValueError(f"log format {fmt!r}: choose {' or '.join(FORMATS)}")
    formatter = f"clubdesk_server.logs.{'Json' if fmt == 'json' else 'Text'}Formatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request": {"()": "clubdesk_server.logs.RequestFields"},
            "redact": {"()": "clubdesk_server.logs.Redactor"},
        },
        "formatters": {"main": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "main",
                "filters": ["request", "redact"],
            }
        },
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {
            "uvicorn": {"level": level.upper(), "handlers": [], "propagate": True},
            "uvicorn.error": {"level": level.upper(), "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
            ACCESS_LOGGER: {"level": "INFO" if access_log else "WARNING"},
            # Its INFO lines come at each /readyz; the revision is logged once at start.
            "alembic.runtime.migration": {"level": "WARNING"},
            "alembic.runtime.plugins": {"level": "WARNING"},
        },
    }


@contextmanager
def applied(config: dict[str, Any]) -> Iterator[None]:
    """``config`` applied to this process's logging while the block runs; the root logger and
    the loggers it names are put back as they were afterwards (``serve`` run in a test)."""
    import logging.config

    root = logging.getLogger()
    saved_root = (root.level, root.handlers[:])
    named = [logging.getLogger(name) for name in config.get("loggers", {})]
    saved = [(lg, lg.level, lg.handlers[:], lg.propagate, lg.disabled) for lg in named]
    logging.config.dictConfig(config)
    try:
        yield
    finally:
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]
        for logger, level, handlers, propagate, disabled in saved:
            logger.setLevel(level)
            logger.handlers[:] = handlers
            logger.propagate, logger.disabled = propagate, disabled
