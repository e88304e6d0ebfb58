"""What every route shares: the server state, auditing, problem+json errors, bearer tokens.

Every call is written to the audit log with its source address, in its own transaction when the
call itself failed (so a refused activation is recorded too). Calls refused by a rate limit are
only logged: writing a row for each would hand a flood the database. Calls every device repeats
all day (the sync pull, each minute) pass ``audit=False``: only their failures are recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from clubdesk.protocol import (
    Problem,
)
from clubdesk_server import licensing, logs
from clubdesk_server.clock import clock
from clubdesk_server.db import transaction
from clubdesk_server.errors import (
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    ServerError,
    Unexpected,
)
from clubdesk_server.keys import Signer
from clubdesk_server.models import Device
from clubdesk_server.payments.gateway import Gateway
from clubdesk_server.ratelimit import RateLimiter
from clubdesk_server.settings import Settings

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
T = TypeVar("T")


@dataclass
class ServerState:
    """What every request needs; one per app (``app.state.clubdesk``)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    signer: Signer
    activation_limiter: RateLimiter
    failed_key_limiter: RateLimiter
    # The payment gateway (payments.gateways.make_gateway); tests may swap it on a running app.
    gateway: Gateway | None = None


def state_of(request: Request) -> ServerState:
    return request.app.state.clubdesk  # type: ignore[no-any-return]


def source_ip(request: Request) -> str | None:
    # uvicorn has already applied X-Forwarded-For from trusted proxies (--forwarded-allow-ips).
    return request.client.host if request.client else None


def problem_response(exc: ServerError, **extensions: Any) -> JSONResponse:
    """The problem+json answer of ``exc``, with the request's id (``request_id``: what the
    app shows the owner and support looks up in the log)."""
    problem = Problem(
        type=f"urn:clubdesk:problem:{exc.code.lower().replace('_', '-')}",
        title=exc.title,
        status=exc.status,
        code=exc.code,
        detail=exc.render(),
    )
    request = logs.current()
    if request is not None:
        request.code = exc.code
        extensions = {"request_id": request.request_id} | extensions
    return JSONResponse(
        problem.model_dump() | extensions,
        status_code=exc.status,
        media_type=PROBLEM_JSON,
        headers=exc.headers,
    )


def audited(
    request: Request,
    action: str,
    work: Callable[[Session, datetime, licensing.Touched], T],
    *,
    actor: str | None = None,
    audit: bool = True,
    **details: object,
) -> T:
    """Run ``work`` in one transaction and audit it, whether it succeeds or fails. ``actor``
    names an operator; by default the call is in the name of the device the work touched.
    ``audit=False`` audits failures only (for calls too frequent to record each success)."""
    state = state_of(request)
    ip = source_ip(request)
    now = clock()
    touched = licensing.Touched()

    def who() -> str:
        if actor is not None:
            return actor
        return f"device:{touched.device_public_id}" if touched.device_public_id else "anonymous"

    try:
        with transaction(state.sessions) as session:
            result = work(session, now, touched)
            if audit:
                licensing.audit(
                    session,
                    licensing.Caller(who(), ip),
                    action,
                    now,
                    licence_id=touched.licence_id,
                    device_id=touched.device_id,
                    **details,
                )
        return result
    except ServerError as exc:
        audit_failure(state, ip, action, now, touched, who(), exc.code, **details)
        raise
    except Exception as exc:
        logs.note(licence=touched.licence_public_id, device=touched.device_public_id)
        log.exception("unexpected error in %s", action)
        audit_failure(state, ip, action, now, touched, who(), Unexpected.code, **details)
        raise Unexpected() from exc
    finally:  # the request's log lines name the licence and device from here on
        logs.note(licence=touched.licence_public_id, device=touched.device_public_id)


def audit_failure(
    state: ServerState,
    ip: str | None,
    action: str,
    now: datetime,
    touched: licensing.Touched,
    actor: str,
    code: str,
    **details: object,
) -> None:
    """The audit row of a refused or failed call, in its own transaction (the call's own
    transaction rolled back); a failure to write it is logged, never raised."""
    try:
        with transaction(state.sessions) as session:
            licensing.audit(
                session,
                licensing.Caller(actor, ip),
                action,
                now,
                outcome=code,
                licence_id=touched.licence_id,
                device_id=None if touched.device_is_new else touched.device_id,
                **details,
            )
    except Exception:
        log.exception("could not audit a failed %s", action)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def as_device(
    request: Request,
    response: Response | None,
    action: str,
    work: Callable[[Session, datetime, Device], T],
    *,
    audit: bool = True,
) -> T:
    """A call made with a device's bearer token: the answer is never cached, the device is
    found by its token (TOKEN_INVALID otherwise), and the call is audited in its name
    (with ``audit=False`` only if it fails: see ``audited``)."""
    if response is not None:
        response.headers["Cache-Control"] = "no-store"
    token = bearer_token(request)

    def with_device(session: Session, now: datetime, touched: licensing.Touched) -> T:
        device = licensing.device_by_token(session, token)
        touched.saw_device(device)
        return work(session, now, device)

    return audited(request, action, with_device, audit=audit)


def install_error_handlers(app: FastAPI) -> None:
    async def on_server_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServerError)
        return problem_response(exc)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "problem": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        summary = "; ".join(f"{e['field'] or 'body'}: {e['problem']}" for e in errors)
        state = state_of(request)
        touched = licensing.Touched()
        action = f"{request.method} {request.url.path}"[:40]
        await run_in_threadpool(
            audit_failure,
            state,
            source_ip(request),
            action,
            clock(),
            touched,
            "anonymous",
            InvalidRequest.code,
        )
        return problem_response(InvalidRequest(errors=summary), errors=errors)

    async def on_http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        error: ServerError
        if exc.status_code == 404:
            error = NotFound(what="This address")
        elif exc.status_code == 405:
            error = MethodNotAllowed(method=_request.method)
        else:
            error = Unexpected(str(exc.detail))
            error.status = exc.status_code  # type: ignore[misc]
        error.headers.update(exc.headers or {})
        return problem_response(error)

    async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return problem_response(Unexpected())

    app.add_exception_handler(ServerError, on_server_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
