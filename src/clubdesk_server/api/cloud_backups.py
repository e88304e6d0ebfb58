"""Off-site backups under /v1/cloud-backups (bearer token; the token names the licence).

    POST /v1/cloud-backups                           announce an upload -> 201 CloudUpload
    PUT  /v1/cloud-backups/{upload_id}/chunks/{i}    raw bytes, X-Chunk-SHA256 -> 204
    POST /v1/cloud-backups/{upload_id}/complete      assemble and check -> CloudBackupInfo
    GET  /v1/cloud-backups                           CloudUsage: backups newest first, quota
    GET  /v1/cloud-backups/{backup_id}/content       the archive (Range requests resume)

Every call is audited in the device's name, refusals included.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clubdesk.protocol import API_PREFIX, CloudBackupInfo, CloudBackupStart, CloudUpload, CloudUsage
from clubdesk_server import cloud_backups
from clubdesk_server.api.common import as_device, state_of
from clubdesk_server.errors import UploadDamaged
from clubdesk_server.models import Device

router = APIRouter(prefix=f"{API_PREFIX}/cloud-backups")


async def read_capped(request: Request, limit: int) -> bytes:
    """The request body, but never more than ``limit`` + 1 bytes of it (a longer body is
    refused as the wrong length by the chunk's checks, in the device's name)."""
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        parts.append(part)
        size += len(part)
        if size > limit:
            break
    return b"".join(parts)[: limit + 1]


@router.post("", response_model=CloudUpload, status_code=201)
def start_upload(body: CloudBackupStart, request: Request, response: Response) -> CloudUpload:
    settings = state_of(request).settings

    def work(session: Session, now: datetime, device: Device) -> CloudUpload:
        return cloud_backups.start(session, settings, device, body, now)

    return as_device(request, response, "cloud_backup.start", work)


@router.put("/{upload_id}/chunks/{index}", status_code=204)
async def put_chunk(upload_id: str, index: int, request: Request) -> Response:
    settings = state_of(request).settings
    claimed = request.headers.get(cloud_backups.CHUNK_HASH_HEADER)
    data = await read_capped(request, settings.cloud_chunk_size)

    def work(session: Session, now: datetime, device: Device) -> None:
        cloud_backups.put_chunk(session, settings, device, upload_id, index, data, claimed, now)

    response = Response(status_code=204)
    await run_in_threadpool(as_device, request, response, "cloud_backup.chunk", work)
    return response


@router.post("/{upload_id}/complete", response_model=CloudBackupInfo)
def complete_upload(upload_id: str, request: Request, response: Response) -> CloudBackupInfo:
    settings = state_of(request).settings

    def work(session: Session, now: datetime, device: Device) -> CloudBackupInfo:
        return cloud_backups.complete(session, settings, device, upload_id, now)

    def discard(session: Session, _now: datetime, device: Device) -> bool:
        return cloud_backups.discard(session, settings, device.licence, upload_id)

    try:
        return as_device(request, response, "cloud_backup.complete", work)
    except UploadDamaged:
        # The refusal rolled its transaction back; the damaged upload goes in one of its own.
        as_device(request, None, "cloud_backup.discard", discard)
        raise


@router.get("", response_model=CloudUsage)
def list_backups(request: Request, response: Response) -> CloudUsage:
    def work(session: Session, _now: datetime, device: Device) -> CloudUsage:
        return cloud_backups.usage(session, device.licence)

    return as_device(request, response, "cloud_backup.list", work)


@router.get("/{backup_id}/content")
def download(backup_id: str, request: Request, response: Response) -> FileResponse:
    """The archive as stored; ``Range: bytes=N-`` continues a download that was cut."""
    settings = state_of(request).settings

    def work(session: Session, _now: datetime, device: Device) -> tuple[Path, CloudBackupInfo]:
        return cloud_backups.content(session, settings, device.licence, backup_id)

    path, found = as_device(request, response, "cloud_backup.download", work)
    return FileResponse(
        path,
        media_type="application/octet-stream",
        headers={"Cache-Control": "no-store", "X-Content-SHA256": found.sha256},
    )
