"""The terms of service.

GET  /v1/terms                  the current version (no token: a new installation reads it)
GET  /v1/terms/status           this business's standing (bearer token)
POST /v1/terms/acceptances      accept the current version {version, accepted_by}
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from clubdesk.protocol import API_PREFIX, CurrentTerms, TermsAcceptance, TermsStatus
from clubdesk_server import terms
from clubdesk_server.api.common import as_device, source_ip, state_of
from clubdesk_server.db import transaction
from clubdesk_server.models import Device

router = APIRouter(prefix=API_PREFIX)


@router.get("/terms", response_model=CurrentTerms)
def current_terms(request: Request, response: Response) -> CurrentTerms:
    response.headers["Cache-Control"] = "public, max-age=300"
    with transaction(state_of(request).sessions) as session:
        found = terms.current(session)
        return CurrentTerms(terms=terms.terms_info(found) if found is not None else None)


@router.get("/terms/status", response_model=TermsStatus)
def terms_status(request: Request, response: Response) -> TermsStatus:
    def work(session: Session, _now: datetime, device: Device) -> TermsStatus:
        return terms.status(session, device.licence.business_id)

    return as_device(request, response, "terms.status", work, audit=False)


@router.post("/terms/acceptances", response_model=TermsStatus, status_code=201)
def accept_terms(body: TermsAcceptance, request: Request, response: Response) -> TermsStatus:
    def work(session: Session, now: datetime, device: Device) -> TermsStatus:
        return terms.accept(session, now, device, body, source_ip(request))

    return as_device(request, response, "terms.accept", work)
