"""Off-site backups: the shop's own encrypted archives, kept on the vendor's server too.

An archive is encrypted on this computer when it is made (archive.py), so what goes up is
bytes the server cannot read: it sees the public manifest (dates, counts, key id) and checks
only SHA-256s. Uploads go in chunks the server asks for; a chunk damaged on the way (the
server says CHUNK_HASH_MISMATCH) or a dropped connection is sent again a few times, and an
upload stopped for good resumes from the chunks the server already has. Downloads resume
with HTTP Range and are checked against the listing's SHA-256 before they get their name.

A restore from off-site is a local restore of a downloaded archive (BackupService.restore:
verified in full, current data backed up first), newest first until one verifies, so a new
computer needs only the licence and the backup passphrase.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from clubdesk.backup import archive
from clubdesk.backup.files import drive_error, publish
from clubdesk.backup.service import BackupService, RestoreResult, scaled
from clubdesk.core.backup import EXTENSION, format_size, fsync_folder
from clubdesk.core.errors import (
    BackupCorrupt,
    BackupError,
    BackupTooNew,
    ExitCode,
    NoGoodBackup,
    NotABackup,
    WrongPassphrase,
)
from clubdesk.core.files import file_sha256, write_atomic
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.licensing.client import LicenceClient, ServerRefused, ServerUnreachable
from clubdesk.protocol import CloudBackupInfo, CloudBackupStart, CloudUpload, CloudUsage

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

log = logging.getLogger(__name__)
T = TypeVar("T")

Progress = Callable[[int, int], None]
Connection = Callable[[], tuple[LicenceClient, str]]

OFFSITE_SETTING = "backup.offsite"  # shop setting: upload automatic backups (default off)
STATE_FILE = "offsite-state.json"  # this computer's last upload
DOWNLOAD_FOLDER = "offsite-downloads"  # restores download here (kept until restored)
DOWNLOAD_SUFFIX = ".download"
AUTO_UPLOAD_EVERY = timedelta(hours=6)  # the server keeps one a day anyway (retention)
RETRIES = 3  # a damaged chunk or a dropped connection is sent again this many times
BACKOFF_SECONDS = (0.2, 0.5, 1.0)
NAME_MAX = 120  # CloudBackupStart.name
DOWNLOAD_SHARE = 0.5  # of a restore's progress bar; the rest is the local restore
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
RETRIED_REFUSALS = frozenset({"CHUNK_HASH_MISMATCH"})


class OffsiteFull(BackupError):
    """The plan's off-site storage cannot take this backup (CLOUD_QUOTA_FULL, with figures)."""

    code = "OFFSITE_FULL"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP(
        "errors",
        "The off-site backup storage is full: {used} of {quota} used, and this backup "
        "needs {needed}.",
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors",
        "Older off-site backups are deleted by themselves as new ones arrive; for more room, "
        "renew with a plan that has more storage, or contact support.",
    )


class NoOffsiteBackups(BackupError):
    code = "NO_OFFSITE_BACKUPS"
    exit_code = ExitCode.VERIFICATION_FAILED
    default_message = QT_TRANSLATE_NOOP("errors", "The server holds no off-site backup yet.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Upload one from Backups on the computer that has the shop's data."
    )


DAMAGED_DOWNLOAD = "it arrived damaged twice: its SHA-256 is not the server's"


@dataclass(frozen=True)
class OffsiteRestore:
    """Which off-site backup was restored, the local restore's result, and those passed over
    (with why) on the way to it."""

    backup: CloudBackupInfo
    result: RestoreResult
    skipped: list[tuple[CloudBackupInfo, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "backup": self.backup.model_dump(mode="json"),
            "restore": self.result.to_json(),
            "skipped": [
                {"backup": b.model_dump(mode="json"), "problem": problem}
                for b, problem in self.skipped
            ],
        }


def offsite_enabled(backups: BackupService) -> bool:
    """The owner asked for automatic backups to go off-site too (a shop setting, off unless
    turned on)."""
    return backups.setting(OFFSITE_SETTING, False) is True


def set_offsite(backups: BackupService, on: bool) -> None:
    backups.put_setting(OFFSITE_SETTING, bool(on))


def safe_name(name: str) -> str:
    """The server's name for a backup as a file name here: no folders, nothing FAT32 or
    Windows refuses, and the backup extension."""
    base = _UNSAFE.sub("-", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    return base if base.endswith(EXTENSION) else f"{base or 'offsite'}{EXTENSION}"


class OffsiteBackups:
    """The off-site copies of the shop in ``backups.data_dir``, on the server that
    ``connection()`` names (``LicenceManager.connection``: the client and device token)."""

    def __init__(
        self,
        connection: Connection,
        backups: BackupService,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.connection = connection
        self.backups = backups
        self.sleep = sleep

    # ------------------------------------------------------------------ settings

    def enabled(self) -> bool:
        return offsite_enabled(self.backups)

    def set_enabled(self, on: bool) -> None:
        set_offsite(self.backups, on)

    def _state_path(self) -> Path:
        return self.backups.data_dir / STATE_FILE

    def last_upload(self) -> dict[str, Any]:
        """This computer's last upload: ``name``, ``size``, ``sha256``, ``at`` (or empty)."""
        try:
            data = json.loads(self._state_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _remember(self, path: Path, uploaded: CloudBackupInfo, now: datetime) -> None:
        state = {"name": path.name, "size": uploaded.size, "sha256": uploaded.sha256,
                 "backup_id": uploaded.backup_id, "at": now.isoformat()}  # fmt: skip
        try:
            write_atomic(self._state_path(), json.dumps(state))
        except OSError:
            log.warning("could not remember the off-site upload", exc_info=True)

    # ------------------------------------------------------------------ upload

    def upload(self, path: Path, progress: Progress | None = None) -> CloudBackupInfo:
        """Send the archive at ``path`` (already encrypted) and return the server's record of
        it. Chunks the server has are not sent again; ``progress`` may raise Cancelled, and
        what arrived stays on the server for the next try."""
        path = Path(path)
        manifest = archive.read_manifest(path)  # a backup, readable: say so before sending
        try:
            digest, size = file_sha256(path)
        except OSError as exc:
            raise BackupCorrupt(path=str(path), problem=f"it cannot be read: {exc}") from exc
        name = path.name if len(path.name) <= NAME_MAX else path.name[-NAME_MAX:]
        start = CloudBackupStart(name=name, size=size, sha256=digest, manifest=manifest.to_json())
        client, token = self.connection()
        for attempt in range(2):
            upload = self._start(client, token, start)
            self._send_missing(client, token, path, upload, size, progress)
            try:
                uploaded = self._retry(
                    partial(client.complete_cloud_backup, token, upload.upload_id)
                )
            except ServerRefused as refused:
                # A chunk the server lost meanwhile: ask again what it has, once.
                if refused.server_code == "UPLOAD_INCOMPLETE" and attempt == 0:
                    continue
                raise
            self._remember(path, uploaded, self.backups.clock())
            log.info("uploaded %s off-site (%d bytes)", path.name, size)
            return uploaded
        raise AssertionError("unreachable")  # the loop returns or raises

    def _start(self, client: LicenceClient, token: str, start: CloudBackupStart) -> CloudUpload:
        try:
            return self._retry(partial(client.start_cloud_backup, token, start))
        except ServerRefused as refused:
            if refused.server_code != "CLOUD_QUOTA_FULL":
                raise
            try:
                usage = client.cloud_backups(token)
            except (ServerRefused, ServerUnreachable):
                raise refused from None
            raise OffsiteFull(
                used=format_size(usage.used_bytes),
                quota=format_size(usage.quota_bytes),
                needed=format_size(start.size),
            ) from refused

    def _send_missing(
        self,
        client: LicenceClient,
        token: str,
        path: Path,
        upload: CloudUpload,
        size: int,
        progress: Progress | None,
    ) -> None:
        chunk_size = upload.chunk_size
        count = max(1, -(-size // chunk_size))
        received = {i for i in upload.received if 0 <= i < count}
        done = sum(min(chunk_size, size - i * chunk_size) for i in received)
        if progress is not None:
            progress(done, size)
        try:
            with path.open("rb") as handle:
                for index in range(count):
                    if index in received:
                        continue
                    handle.seek(index * chunk_size)
                    data = handle.read(chunk_size)
                    self._retry(partial(client.put_chunk, token, upload.upload_id, index, data))
                    done += len(data)
                    if progress is not None:
                        progress(done, size)
        except OSError as exc:
            raise BackupCorrupt(path=str(path), problem=f"it cannot be read: {exc}") from exc

    def _retry(self, action: Callable[[], T]) -> T:
        """``action()``, again after a dropped connection or a chunk damaged on the way, up to
        RETRIES times with a short pause; other refusals at once."""
        for attempt in range(RETRIES + 1):
            try:
                return action()
            except ServerUnreachable:
                if attempt == RETRIES:
                    raise
                log.info("the server did not answer; trying again (%d)", attempt + 1)
            except ServerRefused as refused:
                if refused.server_code not in RETRIED_REFUSALS or attempt == RETRIES:
                    raise
                log.info("a chunk arrived damaged; sending it again (%d)", attempt + 1)
            self.sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)])
        raise AssertionError("unreachable")

    def auto_upload(self, now: datetime) -> CloudBackupInfo | None:
        """What the scheduler calls after automatic backups: when the owner turned off-site
        backups on, the newest backup of the automatic folder goes up, unless it already went
        or the last upload is less than AUTO_UPLOAD_EVERY old. None when nothing was sent."""
        if not self.enabled():
            return None
        newest = next(
            (i for i in self.backups.list() if i.automatic and i.manifest is not None), None
        )
        if newest is None:
            return None
        last = self.last_upload()
        if last.get("name") == newest.path.name and last.get("size") == newest.size:
            return None
        try:
            at = datetime.fromisoformat(str(last["at"]))
        except (KeyError, ValueError):
            at = None
        if at is not None and timedelta(0) <= now - at < AUTO_UPLOAD_EVERY:
            return None
        return self.upload(newest.path)

    # ------------------------------------------------------------------ list, download

    def list(self) -> CloudUsage:
        """This licence's off-site backups, newest first, with the storage used and allowed."""
        client, token = self.connection()
        return self._retry(partial(client.cloud_backups, token))

    def find(self, backup_id: str) -> CloudBackupInfo:
        for backup in self.list().backups:
            if backup.backup_id == backup_id:
                return backup
        raise ServerRefused("BACKUP_NOT_FOUND", 404, backup_id)

    def download(self, backup_id: str, folder: Path, progress: Progress | None = None) -> Path:
        """The backup as a file in ``folder``, checked against the listing's SHA-256; an
        interrupted download continues where it stopped (also on the next call)."""
        return self._download(self.find(backup_id), Path(folder), progress)

    def _download(self, backup: CloudBackupInfo, folder: Path, progress: Progress | None) -> Path:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise drive_error(exc, folder, size=backup.size) from exc
        name = safe_name(backup.name)
        existing = folder / name
        if existing.is_file() and _matches(existing, backup):
            return existing  # downloaded before (say, then the passphrase was asked)
        partial = folder / f".{backup.backup_id}{EXTENSION}{DOWNLOAD_SUFFIX}"
        client, token = self.connection()
        for fresh in (False, True):
            if fresh:
                log.warning("off-site backup %s arrived damaged; fetching it again", name)
                partial.unlink(missing_ok=True)
            self._fetch(client, token, backup, partial, progress)
            if _matches(partial, backup):
                break
        else:
            partial.unlink(missing_ok=True)
            raise BackupCorrupt(path=name, problem=DAMAGED_DOWNLOAD)
        try:
            final = publish(partial, folder, name)
        except OSError as exc:
            raise drive_error(exc, folder, size=backup.size) from exc
        fsync_folder(folder)
        return final

    def _fetch(
        self,
        client: LicenceClient,
        token: str,
        backup: CloudBackupInfo,
        partial: Path,
        progress: Progress | None,
    ) -> None:
        """Download into ``partial`` from its current length on, resuming after a drop."""

        def on_bytes(length: int) -> None:
            if progress is not None:
                progress(length, backup.size)

        for attempt in range(RETRIES + 1):
            try:
                offset = partial.stat().st_size
            except FileNotFoundError:
                offset = 0
            if offset > backup.size:
                partial.unlink()
                offset = 0
            try:
                client.download_cloud_backup(token, backup.backup_id, partial, offset, on_bytes)
                return
            except ServerUnreachable:
                if attempt == RETRIES:
                    raise
                log.info("the download was cut; resuming (%d)", attempt + 1)
            except OSError as exc:
                raise drive_error(exc, partial.parent, size=backup.size) from exc
            self.sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)])

    # ------------------------------------------------------------------ restore

    def _download_folder(self) -> Path:
        return self.backups.data_dir / DOWNLOAD_FOLDER

    def restore_one(
        self, backup_id: str, secret: str | None = None, progress: Progress | None = None
    ) -> OffsiteRestore:
        """Download this off-site backup and restore it (the current data is backed up
        first, as with any restore)."""
        return self._restore(self.find(backup_id), secret, progress, [])

    def restore_nearest(
        self, secret: str | None = None, progress: Progress | None = None
    ) -> OffsiteRestore:
        """The newest off-site backup that downloads whole and verifies, trying older ones
        after a damaged one; ``skipped`` says which were passed over and why."""
        backups = self.list().backups
        if not backups:
            raise NoOffsiteBackups()
        skipped: builtins.list[tuple[CloudBackupInfo, str]] = []
        refused: WrongPassphrase | None = None
        refused_keys: set[str] = set()
        damaged = 0
        for backup in backups:  # newest first
            key_id = str(backup.manifest.get("key_id", ""))
            if key_id and key_id in refused_keys and refused is not None:
                skipped.append((backup, refused.render()))  # the same key: no use downloading
                continue
            try:
                return self._restore(backup, secret, progress, skipped)
            except WrongPassphrase as error:
                refused = refused or error
                refused_keys.add(key_id)
                skipped.append((backup, error.render()))
            except (BackupCorrupt, NotABackup, BackupTooNew) as error:
                damaged += 1
                skipped.append((backup, error.render()))
        if refused is not None and not damaged:
            raise refused  # not damage: the secret does not open them
        raise NoGoodBackup()

    def _restore(
        self,
        backup: CloudBackupInfo,
        secret: str | None,
        progress: Progress | None,
        skipped: builtins.list[tuple[CloudBackupInfo, str]],
    ) -> OffsiteRestore:
        folder = self._download_folder()
        path = self._download(backup, folder, scaled(progress, 0, DOWNLOAD_SHARE))
        try:
            result = self.backups.restore(
                path, secret, scaled(progress, DOWNLOAD_SHARE, 1 - DOWNLOAD_SHARE)
            )
        except (BackupCorrupt, NotABackup, BackupTooNew):
            path.unlink(missing_ok=True)  # the server's copy is the same: no use keeping it
            raise
        with contextlib.suppress(OSError):
            path.unlink()  # restored; the server still has it
        log.info("restored the off-site backup %s", backup.backup_id)
        return OffsiteRestore(backup, result, list(skipped))


def _matches(path: Path, backup: CloudBackupInfo) -> bool:
    try:
        digest, size = file_sha256(path)
    except OSError:
        return False
    return size == backup.size and digest == backup.sha256


def for_club(club: ClubServices) -> OffsiteBackups:
    """The off-site backups of an open shop; NotActivated when this computer has no licence
    (the server is the licence's)."""
    from clubdesk.licensing.manager import NotActivated

    if club.licence is None:
        raise NotActivated()
    return OffsiteBackups(club.licence.connection, club.backups())
