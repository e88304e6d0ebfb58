"""Cloud sync under /v1/sync (bearer token): push a batch of changes, pull the log after a cursor.

The licence is the token's; nothing in the request names one. A push is audited like any
device call; the pull, which every device makes every minute, is audited only when refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from clubdesk.protocol import API_PREFIX, SYNC_BATCH_LIMIT, SyncPage, SyncPush, SyncPushResult
from clubdesk_server import sync
from clubdesk_server.api.common import as_device
from clubdesk_server.models import Device

router = APIRouter(prefix=f"{API_PREFIX}/sync")


@router.post("/push", response_model=SyncPushResult)
def push(body: SyncPush, request: Request, response: Response) -> SyncPushResult:
    def work(session: Session, now: datetime, device: Device) -> SyncPushResult:
        return sync.push(session, device, body.changes, now)

    return as_device(request, response, "sync.push", work)


@router.get("/changes", response_model=SyncPage)
def changes(
    request: Request,
    response: Response,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=SYNC_BATCH_LIMIT)] = SYNC_BATCH_LIMIT,
) -> SyncPage:
    def work(session: Session, now: datetime, device: Device) -> SyncPage:
        sync.check_can_sync(device.licence, now)
        return sync.pull(session, device.licence, after, limit)

    return as_device(request, response, "sync.pull", work, audit=False)
