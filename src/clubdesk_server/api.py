"""The licence API under /v1: JSON in and out, errors as RFC 9457 problem+json with a ``code``.

Every call is written to the audit log with its source address, in its own transaction when the
call itself failed (so a refused activation is recorded too). Calls refused by a rate limit are
only logged: writing a row for each would hand a flood the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from clubdesk.protocol import (
    API_PREFIX,
    Activation,
    ActivationRequest,
    LicenceInfo,
    Problem,
    SignedLease,
)
from clubdesk_server import licensing
from clubdesk_server.clock import clock
from clubdesk_server.db import transaction
from clubdesk_server.errors import (
    InvalidRequest,
    LicenceNotFound,
    MethodNotAllowed,
    NotFound,
    RateLimited,
    ServerError,
    Unexpected,
)
from clubdesk_server.keys import Signer
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


def state_of(request: Request) -> ServerState:
    return request.app.state.clubdesk  # type: ignore[no-any-return]


def source_ip(request: Request) -> str | None:
    # uvicorn has already applied X-Forwarded-For from trusted proxies (--forwarded-allow-ips).
    return request.client.host if request.client else None


def problem_response(exc: ServerError, **extensions: Any) -> JSONResponse:
    problem = Problem(
        type=f"urn:clubdesk:problem:{exc.code.lower().replace('_', '-')}",
        title=exc.title,
        status=exc.status,
        code=exc.code,
        detail=exc.render(),
    )
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
) -> T:
    """Run ``work`` in one transaction and audit it, whether it succeeds or fails."""
    state = state_of(request)
    ip = source_ip(request)
    now = clock()
    touched = licensing.Touched()

    def actor() -> str:
        return f"device:{touched.device_public_id}" if touched.device_public_id else "anonymous"

    try:
        with transaction(state.sessions) as session:
            result = work(session, now, touched)
            licensing.audit(
                session,
                licensing.Caller(actor(), ip),
                action,
                now,
                licence_id=touched.licence_id,
                device_id=touched.device_id,
            )
        return result
    except ServerError as exc:
        _audit_failure(state, ip, action, now, touched, actor(), exc.code)
        raise
    except Exception as exc:
        log.exception("unexpected error in %s", action)
        _audit_failure(state, ip, action, now, touched, actor(), Unexpected.code)
        raise Unexpected() from exc


def _audit_failure(
    state: ServerState,
    ip: str | None,
    action: str,
    now: datetime,
    touched: licensing.Touched,
    actor: str,
    code: str,
) -> None:
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
            )
    except Exception:
        log.exception("could not audit a failed %s", action)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def limit_activations(request: Request) -> str:
    """Runs before the body is read: a flood is refused before it costs anything.

    Every activation spends from the address's allowance; an address whose failed-key
    allowance is spent is refused even with a good key (``activate`` spends it on a 404).
    """
    state = state_of(request)
    ip = source_ip(request) or "unknown"
    wait = state.activation_limiter.take(ip)
    if wait is None:
        wait = state.failed_key_limiter.check(ip)
    if wait is not None:
        log.warning("rate limited: %s, retry after %d s", ip, wait)
        raise RateLimited(retry_after=wait)
    return ip


router = APIRouter(prefix=API_PREFIX)


@router.post("/activations", response_model=Activation)
def activate(
    body: ActivationRequest,
    request: Request,
    response: Response,
    ip: Annotated[str, Depends(limit_activations)],
) -> Activation:
    state = state_of(request)
    response.headers["Cache-Control"] = "no-store"  # the answer carries a bearer token

    def work(session: Session, now: datetime, touched: licensing.Touched) -> Activation:
        return licensing.activate(
            session, state.signer, state.settings, body, now, source_ip(request), touched
        )

    try:
        return audited(request, "activate", work)
    except LicenceNotFound:
        state.failed_key_limiter.take(ip)
        raise


@router.post("/lease", response_model=SignedLease)
def refresh_lease(request: Request, response: Response) -> SignedLease:
    state = state_of(request)
    response.headers["Cache-Control"] = "no-store"
    token = bearer_token(request)

    def work(session: Session, now: datetime, touched: licensing.Touched) -> SignedLease:
        device = licensing.device_by_token(session, token)
        touched.saw_device(device)
        return licensing.refresh(
            session, state.signer, state.settings, device, now, source_ip(request)
        )

    return audited(request, "lease.refresh", work)


@router.get("/licence", response_model=LicenceInfo)
def licence_status(request: Request, response: Response) -> LicenceInfo:
    response.headers["Cache-Control"] = "no-store"
    token = bearer_token(request)

    def work(session: Session, now: datetime, touched: licensing.Touched) -> LicenceInfo:
        device = licensing.device_by_token(session, token)
        touched.saw_device(device)
        device.last_seen = now
        return licensing.licence_info(session, device.licence, now)

    return audited(request, "licence.info", work)


@router.delete("/activations/current", status_code=204)
def deactivate(request: Request) -> Response:
    token = bearer_token(request)

    def work(session: Session, now: datetime, touched: licensing.Touched) -> None:
        device = licensing.device_by_token(session, token)
        touched.saw_device(device)
        licensing.release(device, now)

    audited(request, "deactivate", work)
    return Response(status_code=204)


health = APIRouter()


@health.get("/healthz")
def healthz(request: Request) -> dict[str, str]:
    state = state_of(request)
    with state.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"status": "ok", "key_id": state.signer.key_id}


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
            _audit_failure,
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
