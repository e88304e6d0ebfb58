"""The licence API under /v1: activate a device, refresh its lease, licence status, deactivate."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from clubdesk.protocol import (
    API_PREFIX,
    Activation,
    ActivationRequest,
    LicenceInfo,
    SignedLease,
    TrialActivation,
    TrialRequest,
)
from clubdesk_server import licensing
from clubdesk_server.api.common import as_device, audited, source_ip, state_of
from clubdesk_server.errors import LicenceNotFound, RateLimited
from clubdesk_server.models import Device

log = logging.getLogger(__name__)


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


@router.post("/trials", response_model=TrialActivation, status_code=201)
def start_trial(
    body: TrialRequest,
    request: Request,
    response: Response,
    _ip: Annotated[str, Depends(limit_activations)],
) -> TrialActivation:
    """A first run's free trial: a new business and licence, activated on this computer."""
    state = state_of(request)
    response.headers["Cache-Control"] = "no-store"  # the answer carries a key and a token

    def work(session: Session, now: datetime, touched: licensing.Touched) -> TrialActivation:
        return licensing.start_trial(
            session, state.signer, state.settings, body, now, source_ip(request), touched
        )

    return audited(request, "trial.start", work)


@router.post("/lease", response_model=SignedLease)
def refresh_lease(request: Request, response: Response) -> SignedLease:
    state = state_of(request)

    def work(session: Session, now: datetime, device: Device) -> SignedLease:
        return licensing.refresh(
            session, state.signer, state.settings, device, now, source_ip(request)
        )

    return as_device(request, response, "lease.refresh", work)


@router.get("/licence", response_model=LicenceInfo)
def licence_status(request: Request, response: Response) -> LicenceInfo:
    def work(session: Session, now: datetime, device: Device) -> LicenceInfo:
        device.last_seen = now
        return licensing.licence_info(session, device.licence, now)

    return as_device(request, response, "licence.info", work)


@router.delete("/activations/current", status_code=204)
def deactivate(request: Request) -> Response:
    def work(_session: Session, now: datetime, device: Device) -> None:
        licensing.release(device, now)

    as_device(request, None, "deactivate", work)
    return Response(status_code=204)
