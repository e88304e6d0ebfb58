"""Around every HTTP request: its request id, its access log line and its metrics.

The request id is the client's ``X-Request-ID`` when that is a sane token, else a new UUIDv7
(``logs.request_id_from``); it is current for every log line written while the request is served
(``logs.RequestFields``), answered in the ``X-Request-ID`` header, and put in every problem+json
body (``common.problem_response``). The desktop app sends one with each call and shows it in its
error dialogs, so support can find the request in the log.

An exception no handler took becomes the 500 problem here, logged once with its traceback, so
that even that answer carries the request id.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clubdesk_server import logs, metrics

log = logging.getLogger(__name__)
access_log = logging.getLogger(logs.ACCESS_LOGGER)

# Probes and scrapes that succeed are not worth a line each (every few seconds, forever).
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            try:
                return str(value.decode("latin-1"))
            except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any byte
                return None
    return None


class RequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        context = logs.RequestContext(
            request_id=logs.request_id_from(_header(scope, b"x-request-id")),
            ip=client[0] if client else None,  # uvicorn has applied trusted X-Forwarded-For
            scope=scope,
        )
        token = logs.begin(context)
        started_at = time.perf_counter()
        status = 500
        response_started = False
        finished = False

        def finish() -> None:
            """The metrics and the access line, once: just before the answer's last bytes go,
            so whoever has the answer finds both already there (a scrape, a log reader)."""
            nonlocal finished
            if finished:
                return
            finished = True
            seconds = time.perf_counter() - started_at
            route = context.route or metrics.UNMATCHED  # a template: labels must stay few
            method = str(scope.get("method", ""))
            metrics.request_done(method, route, status, seconds, context.code)
            self._access(method, route, scope, status, seconds)

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = int(message["status"])
                MutableHeaders(scope=message)[logs.REQUEST_ID_HEADER] = context.request_id
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finish()
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                if response_started:
                    raise
                await self._unexpected(scope, receive, send_with_id)
        finally:
            finish()  # an answer cut short (the client went away, an error mid-body)
            logs.end(token)

    @staticmethod
    async def _unexpected(scope: Scope, receive: Receive, send: Send) -> None:
        from clubdesk_server.api.common import problem_response
        from clubdesk_server.errors import Unexpected

        log.exception("unexpected error")
        await problem_response(Unexpected())(scope, receive, send)

    @staticmethod
    def _access(method: str, route: str, scope: Scope, status: int, seconds: float) -> None:
        quiet = route in QUIET_ROUTES and status < 400
        level = logging.DEBUG if quiet else logging.INFO
        if not access_log.isEnabledFor(level):
            return
        path = str(scope.get("path", ""))
        duration_ms = round(seconds * 1000, 1)
        extra: dict[str, Any] = {
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
        }
        access_log.log(level, "%s %s %s %.1f ms", method, path, status, duration_ms, extra=extra)
