"""Probes and metrics: ``/healthz`` (the process answers), ``/readyz`` (it can serve: database,
Redis, schema) and ``/metrics`` (Prometheus, for the monitoring host only).

``/healthz`` touches nothing (a liveness probe must not fail because the database is slow:
restarting the process would not help); ``/readyz`` asks the database for its schema revision and
Redis for a PING when one is configured, and answers 503 problem+json naming what is not ready:

    {"code": "NOT_READY", "status": 503, "checks": {"database": "ok",
     "schema": "at 0006, expected 0007: run clubdesk-server db upgrade", "redis": "unreachable"},
     "request_id": "...", ...}
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request, Response

import clubdesk_server
from clubdesk_server import metrics
from clubdesk_server.api.common import bearer_token, problem_response, source_ip, state_of
from clubdesk_server.db import HEAD, current_revision
from clubdesk_server.errors import BadAdminInput, MetricsForbidden, NotReady, ServerError
from clubdesk_server.ratelimit import check_redis

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@router.get("/healthz")
async def healthz(request: Request) -> dict[str, str]:
    """The process is up and its event loop answers; nothing else is asked."""
    return {
        "status": "ok",
        "version": clubdesk_server.__version__,
        "key_id": state_of(request).signer.key_id,
    }


def readiness(state: Any) -> dict[str, str]:
    """Each part the server needs, "ok" or what is wrong with it."""
    checks: dict[str, str] = {}
    try:
        revision = current_revision(state.engine)
    except Exception as exc:
        log.warning("readyz: the database did not answer (%s: %s)", type(exc).__name__, exc)
        checks["database"] = f"unreachable ({type(exc).__name__})"
        checks["schema"] = "unknown"
    else:
        checks["database"] = "ok"
        checks["schema"] = (
            "ok"
            if revision == HEAD
            else f"at {revision or 'none'}, expected {HEAD}: run clubdesk-server db upgrade"
        )
    if state.settings.redis_url:
        try:
            check_redis(state.settings)
        except ServerError as exc:
            log.warning("readyz: %s", exc.render())
            checks["redis"] = "unreachable"
        else:
            checks["redis"] = "ok"
    return checks


@router.get("/readyz")
def readyz(request: Request) -> Any:
    checks = readiness(state_of(request))
    problems = [f"{part} {what}" for part, what in checks.items() if what != "ok"]
    if problems:
        return problem_response(NotReady(problems="; ".join(problems)), checks=checks)
    return {"status": "ready", "checks": checks}


@lru_cache(maxsize=8)
def allowed_networks(spec: str) -> tuple[Network, ...]:
    """``CLUBDESK_SERVER_METRICS_ALLOW``: addresses or networks, comma separated."""
    networks = []
    for part in spec.split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise BadAdminInput(
                    field="CLUBDESK_SERVER_METRICS_ALLOW",
                    problem=f"{part.strip()!r} is not an address or network",
                ) from None
    return tuple(networks)


def may_read_metrics(request: Request) -> bool:
    settings = state_of(request).settings
    token = bearer_token(request)
    if settings.metrics_token and token is not None:
        return hmac.compare_digest(token.encode(), settings.metrics_token.encode())
    ip = source_ip(request)
    if ip is None:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 on a dual-stack socket
    return any(address in network for network in allowed_networks(settings.metrics_allow))


@router.get("/metrics")
def metrics_page(request: Request) -> Response:
    if not may_read_metrics(request):
        log.warning("metrics refused to %s", source_ip(request))
        return problem_response(MetricsForbidden())
    return Response(metrics.render(state_of(request)), media_type=metrics.CONTENT_TYPE)
