"""Off-site backups on the server: archives received in chunks, kept per licence, thinned by a
retention rule and bounded by the plan's storage quota.

The archives are encrypted on the device (the server never holds a key or plaintext); the
server only checks that the bytes it keeps are the bytes the device announced, by SHA-256, per
chunk and for the whole file. Files live under ``data_dir/cloud-backups/<licence>/``:
``<upload>.chunks/<index>`` while an upload is in progress, then ``<backup>.cdbak``. Every file
is written to a temporary name and renamed, and files are deleted only after the rows that
name them are committed, so a row never names a file that is not there yet or no longer.

The licence is always the device token's: another licence's id is "not found". Uploading
needs a licence in use (not revoked, suspended or expired); listing and downloading stay open
to an expired or suspended licence, since restoring the shop's own data must stay possible.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from clubdesk.core.backup import RetentionRule, format_size, fsync_folder, to_keep
from clubdesk.core.files import SHA256_HEX
from clubdesk.protocol import CloudBackupInfo, CloudBackupStart, CloudUpload, CloudUsage
from clubdesk_server import licensing
from clubdesk_server.db import transaction
from clubdesk_server.errors import (
    BackupNotFound,
    ChunkHashMismatch,
    CloudQuotaFull,
    InvalidRequest,
    LicenceExpired,
    LicenceRevoked,
    UploadDamaged,
    UploadIncomplete,
)
from clubdesk_server.models import (
    DEFAULT_CLOUD_QUOTA,
    CloudBackup,
    CloudChunk,
    Device,
    Licence,
    Plan,
)
from clubdesk_server.retention import SETTINGS_INFO, register_cloud_deleter
from clubdesk_server.settings import Settings

log = logging.getLogger(__name__)

FOLDER = "cloud-backups"
SUFFIX = ".cdbak"
CHUNK_HASH_HEADER = "X-Chunk-SHA256"
RETENTION = RetentionRule()  # daily 7, weekly 4, monthly 12, over the completion times
STALE_UPLOAD_AFTER = timedelta(days=7)  # an upload not completed by then is given up
MAX_MANIFEST_BYTES = 16 * 1024  # a manifest is a few hundred bytes; no room to store data
MISSING_SHOWN = 20  # missing chunk indexes named in UPLOAD_INCOMPLETE
_BAD_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")
_AFTER_COMMIT = "clubdesk_server.cloud_backups.after_commit"


# -- places -----------------------------------------------------------------------------------


def licence_folder(settings: Settings, licence_public_id: str) -> Path:
    return settings.data_dir / FOLDER / licence_public_id


def chunk_folder(settings: Settings, licence_public_id: str, backup_public_id: str) -> Path:
    return licence_folder(settings, licence_public_id) / f"{backup_public_id}.chunks"


def backup_file(settings: Settings, licence_public_id: str, backup_public_id: str) -> Path:
    return licence_folder(settings, licence_public_id) / f"{backup_public_id}{SUFFIX}"


def chunk_count(size: int, chunk_size: int) -> int:
    return max(1, -(-size // chunk_size))


def expected_length(backup: CloudBackup, index: int) -> int:
    """Every chunk is ``chunk_size`` long but the last, which holds the rest."""
    last = chunk_count(backup.size, backup.chunk_size) - 1
    return backup.chunk_size if index < last else backup.size - last * backup.chunk_size


# -- files after commit -------------------------------------------------------------------------


def _after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run ``action`` once this session's transaction has committed; forget it on rollback
    (the rows that name the files are still there, so the files must stay too)."""
    pending: list[Callable[[], None]] | None = session.info.get(_AFTER_COMMIT)
    if pending is None:
        pending = session.info[_AFTER_COMMIT] = []
        event.listen(session, "after_commit", _run_pending)
        event.listen(session, "after_rollback", _drop_pending)
    pending.append(action)


def _run_pending(session: Session) -> None:
    pending: list[Callable[[], None]] = session.info.get(_AFTER_COMMIT, [])
    actions, pending[:] = list(pending), []
    for action in actions:
        try:
            action()
        except Exception:  # the rows are gone: a file left behind is only wasted space
            log.exception("could not remove an off-site backup's files")


def _drop_pending(session: Session) -> None:
    session.info.get(_AFTER_COMMIT, []).clear()


def _remove(path: Path) -> None:
    """A file or folder, if it is there; errors are logged (disk space only, never data)."""
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove %s", path, exc_info=True)


def _write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name, fsync, and rename over ``path``."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


# -- rules --------------------------------------------------------------------------------------


def check_can_upload(licence: Licence, now: datetime) -> None:
    """Uploading is for a licence in use: revoked, suspended and expired ones are refused."""
    licensing.check_usable(licence)
    if licence.paid_until <= now:
        raise LicenceExpired()


def check_can_read(licence: Licence) -> None:
    """Listing and downloading: the shop's own data stays reachable unless revoked."""
    if licence.status == "revoked":
        raise LicenceRevoked()


def quota_of(session: Session, licence: Licence) -> int:
    """The plan's off-site storage; a plan the server does not know gets the default."""
    quota = session.scalar(select(Plan.cloud_quota_bytes).where(Plan.code == licence.plan))
    return int(quota) if quota is not None else DEFAULT_CLOUD_QUOTA


def used_bytes(session: Session, licence_id: int) -> int:
    """What counts against the quota: complete backups and uploads in progress."""
    total = session.scalar(
        select(func.coalesce(func.sum(CloudBackup.size), 0)).where(
            CloudBackup.licence_id == licence_id
        )
    )
    return int(total or 0)


def _check_start(body: CloudBackupStart) -> None:
    problems = []
    if _BAD_NAME.search(body.name) or body.name.strip(".") == "":
        problems.append("name: a file name, without folders or control characters")
    if len(json.dumps(body.manifest, ensure_ascii=False).encode()) > MAX_MANIFEST_BYTES:
        problems.append(f"manifest: at most {MAX_MANIFEST_BYTES} bytes")
    if problems:
        raise InvalidRequest(errors="; ".join(problems))


def _find(session: Session, licence: Licence, backup_id: str, *, lock: bool = False) -> CloudBackup:
    query = select(CloudBackup).where(
        CloudBackup.public_id == backup_id, CloudBackup.licence_id == licence.id
    )
    if lock:
        query = query.with_for_update()
    backup = session.scalars(query).one_or_none()
    if backup is None:
        raise BackupNotFound(backup=backup_id[:40])
    return backup


def info(backup: CloudBackup) -> CloudBackupInfo:
    assert backup.completed_at is not None
    return CloudBackupInfo(
        backup_id=backup.public_id,
        name=backup.name,
        size=backup.size,
        sha256=backup.sha256,
        created_at=backup.completed_at,
        manifest=backup.manifest,
    )


def _received(
    session: Session, settings: Settings, licence: Licence, backup: CloudBackup
) -> list[int]:
    """Indexes whose chunk is recorded and whose file is there at its full length."""
    if backup.state == "complete":
        return list(range(chunk_count(backup.size, backup.chunk_size)))
    folder = chunk_folder(settings, licence.public_id, backup.public_id)
    found = []
    for chunk in session.scalars(
        select(CloudChunk).where(CloudChunk.backup_id == backup.id).order_by(CloudChunk.index)
    ):
        try:
            whole = (folder / str(chunk.index)).stat().st_size == chunk.size
        except OSError:
            whole = False
        if whole:
            found.append(chunk.index)
    return found


# -- the upload ---------------------------------------------------------------------------------


def start(
    session: Session, settings: Settings, device: Device, body: CloudBackupStart, now: datetime
) -> CloudUpload:
    """A new upload, or the one this licence already has for the same bytes (resume; a
    backup already complete with them answers with every chunk received)."""
    licence = session.scalars(
        select(Licence).where(Licence.id == device.licence_id).with_for_update()
    ).one()  # one start at a time per licence: the quota is counted once
    check_can_upload(licence, now)
    _check_start(body)
    same = session.scalars(
        select(CloudBackup)
        .where(
            CloudBackup.licence_id == licence.id,
            CloudBackup.sha256 == body.sha256,
            CloudBackup.size == body.size,
        )
        .order_by(CloudBackup.state.desc(), CloudBackup.id.desc())  # "uploading" first
    ).first()
    if same is not None:
        return CloudUpload(
            upload_id=same.public_id,
            chunk_size=same.chunk_size,
            received=_received(session, settings, licence, same),
        )
    used, quota = used_bytes(session, licence.id), quota_of(session, licence)
    if used + body.size > quota:
        raise CloudQuotaFull(
            used=format_size(used), quota=format_size(quota), needed=format_size(body.size)
        )
    backup = CloudBackup(
        licence_id=licence.id,
        device_id=device.id,
        name=body.name,
        size=body.size,
        sha256=body.sha256,
        chunk_size=settings.cloud_chunk_size,
        manifest=body.manifest,
        state="uploading",
        created_at=now,
    )
    session.add(backup)
    session.flush()
    return CloudUpload(upload_id=backup.public_id, chunk_size=backup.chunk_size, received=[])


def put_chunk(
    session: Session,
    settings: Settings,
    device: Device,
    upload_id: str,
    index: int,
    data: bytes,
    claimed_sha256: str | None,
    now: datetime,
) -> None:
    """Store one chunk if its bytes match ``claimed_sha256``; a chunk sent twice is stored
    once (the later copy replaces the earlier, both being the same bytes)."""
    licence = device.licence
    check_can_upload(licence, now)
    backup = _find(session, licence, upload_id, lock=True)
    if backup.state != "uploading":
        raise InvalidRequest(errors="upload: already complete")
    count = chunk_count(backup.size, backup.chunk_size)
    if not 0 <= index < count:
        raise InvalidRequest(errors=f"index: {index} is not between 0 and {count - 1}")
    expected = expected_length(backup, index)
    if len(data) != expected:
        raise InvalidRequest(
            errors=f"body: chunk {index} must be {expected} bytes, not {len(data)}"
        )
    claimed = (claimed_sha256 or "").strip().lower()
    if not SHA256_HEX.fullmatch(claimed):
        raise InvalidRequest(errors=f"{CHUNK_HASH_HEADER}: the chunk's SHA-256 in 64 hex digits")
    digest = hashlib.sha256(data).hexdigest()
    if digest != claimed:
        raise ChunkHashMismatch(index=index)
    folder = chunk_folder(settings, licence.public_id, backup.public_id)
    folder.mkdir(parents=True, exist_ok=True)
    _write_new(folder / str(index), data)
    chunk = session.scalars(
        select(CloudChunk).where(CloudChunk.backup_id == backup.id, CloudChunk.index == index)
    ).one_or_none()
    if chunk is None:
        session.add(
            CloudChunk(backup_id=backup.id, index=index, size=len(data), sha256=digest,
                       received_at=now)
        )  # fmt: skip
    else:
        chunk.size, chunk.sha256, chunk.received_at = len(data), digest, now


def complete(
    session: Session, settings: Settings, device: Device, upload_id: str, now: datetime
) -> CloudBackupInfo:
    """Assemble the chunks into the backup's file, check its SHA-256, keep it, and apply the
    retention rule to the licence's backups. Completing twice answers the same backup."""
    licence = device.licence
    check_can_upload(licence, now)
    backup = _find(session, licence, upload_id, lock=True)
    if backup.state == "complete":
        return info(backup)
    count = chunk_count(backup.size, backup.chunk_size)
    have = set(_received(session, settings, licence, backup))
    missing = [i for i in range(count) if i not in have]
    if missing:
        shown = ", ".join(map(str, missing[:MISSING_SHOWN]))
        more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
        raise UploadIncomplete(missing=shown + more)
    folder = licence_folder(settings, licence.public_id)
    chunks = chunk_folder(settings, licence.public_id, backup.public_id)
    temp = folder / f".{backup.public_id}.{secrets.token_hex(4)}.assembling"
    digest = hashlib.sha256()
    size = 0
    try:
        with temp.open("xb") as out:
            for index in range(count):
                with (chunks / str(index)).open("rb") as part:
                    while block := part.read(1 << 20):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size != backup.size or digest.hexdigest() != backup.sha256:
            raise UploadDamaged()
        os.replace(temp, backup_file(settings, licence.public_id, backup.public_id))
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(folder)
    session.execute(delete(CloudChunk).where(CloudChunk.backup_id == backup.id))
    backup.state = "complete"
    backup.completed_at = now
    session.flush()
    _after_commit(session, partial(_remove, chunks))
    removed = apply_retention(session, settings, licence, now)
    if removed:
        log.info("off-site retention for licence %s removed %s", licence.public_id, removed)
    return info(backup)


def discard(session: Session, settings: Settings, licence: Licence, upload_id: str) -> bool:
    """Give up an upload in progress (its whole file did not match): rows, then its chunks."""
    backup = _find(session, licence, upload_id, lock=True)
    if backup.state != "uploading":
        return False
    chunks = chunk_folder(settings, licence.public_id, backup.public_id)
    session.execute(delete(CloudChunk).where(CloudChunk.backup_id == backup.id))
    session.delete(backup)
    session.flush()
    _after_commit(session, partial(_remove, chunks))
    return True


def apply_retention(
    session: Session, settings: Settings, licence: Licence, now: datetime
) -> list[str]:
    """Delete the complete backups ``RETENTION`` does not keep (never the newest); returns
    their ids."""
    complete_ones = list(
        session.scalars(
            select(CloudBackup).where(
                CloudBackup.licence_id == licence.id, CloudBackup.state == "complete"
            )
        )
    )
    dated = [(b.public_id, b.completed_at) for b in complete_ones if b.completed_at is not None]
    keep = to_keep(dated, RETENTION, now)
    doomed = [b for b in complete_ones if b.public_id not in keep]
    for backup in doomed:
        path = backup_file(settings, licence.public_id, backup.public_id)
        session.delete(backup)
        _after_commit(session, partial(_remove, path))
    session.flush()
    return [b.public_id for b in doomed]


# -- reading ------------------------------------------------------------------------------------


def usage(session: Session, licence: Licence) -> CloudUsage:
    """The licence's complete backups, newest first, with the storage used and allowed."""
    check_can_read(licence)
    backups = session.scalars(
        select(CloudBackup)
        .where(CloudBackup.licence_id == licence.id, CloudBackup.state == "complete")
        .order_by(CloudBackup.completed_at.desc(), CloudBackup.id.desc())
    )
    return CloudUsage(
        used_bytes=used_bytes(session, licence.id),
        quota_bytes=quota_of(session, licence),
        backups=[info(b) for b in backups],
    )


def content(
    session: Session, settings: Settings, licence: Licence, backup_id: str
) -> tuple[Path, CloudBackupInfo]:
    """The file of one complete backup of this licence (an upload in progress is not one)."""
    check_can_read(licence)
    backup = _find(session, licence, backup_id)
    if backup.state != "complete":
        raise BackupNotFound(backup=backup_id[:40])
    return backup_file(settings, licence.public_id, backup.public_id), info(backup)


# -- cleaning up --------------------------------------------------------------------------------


@register_cloud_deleter
def delete_cloud_backups(session: Session, licence: Licence, now: datetime) -> int:
    """Retention's deletion 30 days after expiry: the licence's off-site backups, rows first,
    then (after the commit) its folder; returns how many backups went."""
    ids = select(CloudBackup.id).where(CloudBackup.licence_id == licence.id).scalar_subquery()
    session.execute(delete(CloudChunk).where(CloudChunk.backup_id.in_(ids)))
    removed = session.execute(delete(CloudBackup).where(CloudBackup.licence_id == licence.id))
    settings: Settings | None = session.info.get(SETTINGS_INFO)
    if settings is None:
        log.warning(
            "off-site backup files of licence %s were not removed: no settings given",
            licence.public_id,
        )
    else:
        folder = licence_folder(settings, licence.public_id)
        _after_commit(session, partial(_remove, folder))
    return int(getattr(removed, "rowcount", 0) or 0)


def remove_stale_uploads(sessions: sessionmaker[Session], settings: Settings, now: datetime) -> int:
    """Uploads started ``STALE_UPLOAD_AFTER`` ago and never completed: rows, then chunks.
    The daily deletion job calls it; a device that comes back later starts a new upload."""
    with transaction(sessions) as session:
        stale = session.execute(
            select(CloudBackup, Licence.public_id)
            .join(Licence, Licence.id == CloudBackup.licence_id)
            .where(
                CloudBackup.state == "uploading",
                CloudBackup.created_at < now - STALE_UPLOAD_AFTER,
            )
            .with_for_update(of=CloudBackup)
        ).all()
        for backup, licence_public_id in stale:
            chunks = chunk_folder(settings, licence_public_id, backup.public_id)
            session.execute(delete(CloudChunk).where(CloudChunk.backup_id == backup.id))
            session.delete(backup)
            _after_commit(session, partial(_remove, chunks))
    if stale:
        log.info("removed %d stale off-site upload(s)", len(stale))
    return len(stale)
