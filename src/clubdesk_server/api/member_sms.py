"""SMS to a shop's members through the vendor's line, under /v1/member-sms (bearer token).

``POST /send`` takes a batch (each message keyed by the device's message id), charges the
licence's SMS credit per part and sends through the vendor's Kavenegar account; ``GET /credit``
tells the credit and the price per part; ``GET /status?ids=`` answers delivery codes for this
licence's messages only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from clubdesk.protocol import (
    API_PREFIX,
    MemberSmsBatch,
    MemberSmsCredit,
    MemberSmsSent,
    MemberSmsStatuses,
)
from clubdesk_server import member_sms
from clubdesk_server.api.common import as_device, state_of
from clubdesk_server.clock import clock
from clubdesk_server.db import transaction
from clubdesk_server.models import Device
from clubdesk_server.sms.sender import DeliveryStatusSource, SmsSender
from clubdesk_server.sms.senders import make_sender

router = APIRouter(prefix=f"{API_PREFIX}/member-sms")
MAX_STATUS_IDS = 500


def _close(sender: SmsSender) -> None:
    close = getattr(sender, "close", None)
    if close is not None:
        close()


@router.post("/send", response_model=MemberSmsSent)
def send(body: MemberSmsBatch, request: Request, response: Response) -> MemberSmsSent:
    state = state_of(request)
    price = member_sms.price_per_part()

    def work(session: Session, now: datetime, device: Device) -> member_sms.Reservation:
        member_sms.check_can_send(device.licence, now)
        return member_sms.reserve(session, device.licence_id, body.messages, price, now)

    reservation = as_device(request, response, "member_sms.send", work)
    sender = make_sender(state.settings)
    try:
        outcomes = member_sms.deliver(sender, reservation)
    finally:
        _close(sender)
    with transaction(state.sessions) as session:
        results = member_sms.settle(session, reservation, outcomes, clock())
        left = member_sms.credit(session, reservation.licence_id)
    order = {m.key: i for i, m in enumerate(body.messages)}
    results.sort(key=lambda r: order.get(r.key, 0))
    return MemberSmsSent(results=results, credit=left)


@router.get("/credit", response_model=MemberSmsCredit)
def credit(request: Request, response: Response) -> MemberSmsCredit:
    def work(session: Session, _now: datetime, device: Device) -> MemberSmsCredit:
        left = member_sms.credit(session, device.licence_id)
        return MemberSmsCredit(credit=left, price_per_part=member_sms.price_per_part())

    return as_device(request, response, "member_sms.credit", work, audit=False)


@router.get("/status", response_model=MemberSmsStatuses)
def status(
    request: Request, response: Response, ids: Annotated[str, Query(max_length=20_000)] = ""
) -> MemberSmsStatuses:
    asked = [part for part in ids.split(",") if part.strip()][:MAX_STATUS_IDS]

    def work(session: Session, _now: datetime, device: Device) -> Sequence[str]:
        return member_sms.provider_ids(session, device.licence_id, asked)

    ours = as_device(request, response, "member_sms.status", work, audit=False)
    if not ours:
        return MemberSmsStatuses(statuses={})
    sender = make_sender(state_of(request).settings)
    try:
        if not isinstance(sender, DeliveryStatusSource):
            return MemberSmsStatuses(statuses={})
        lookup = sender.delivery_statuses(list(ours))
    finally:
        _close(sender)
    return MemberSmsStatuses(statuses={k: v for k, v in lookup.statuses.items() if k in ours})
