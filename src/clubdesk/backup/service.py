"""Backups as the UI, the CLI and the scheduler use them: create, list, verify, restore, prune.

Backups protect the shop's data, so nothing here goes through the licence gate: they keep
running while the licence is locked. The key slots (public: the master key is never in
them) live in the shop database's settings, so backups carry them, and in
``backup-keys.json`` beside it, so a damaged database can still be restored. The master key
itself is in the OS keyring.

One backup operation runs at a time per data folder (a lock file): a second one, from this
process or another, is refused with ``BackupBusy`` rather than racing for the same files.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import os
import platform
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

import clubdesk
from clubdesk.backup import archive, drives
from clubdesk.backup.files import drive_error
from clubdesk.backup.keys import (
    BackupKeys,
    new_keys,
    store_master,
    unlock,
    with_master,
)
from clubdesk.backup.keys import change_passphrase as rewrap
from clubdesk.backup.restore import folder_lock, recover, swap_in
from clubdesk.backup.snapshot import integrity_problem, read_facts, take_snapshot
from clubdesk.core.backup import (
    EXTENSION,
    FORMAT_VERSION,
    Manifest,
    RetentionRule,
    check_passphrase,
    to_keep,
)
from clubdesk.core.errors import (
    BackupCorrupt,
    BackupKeysMissing,
    BackupTooNew,
    Cancelled,
    ClubDeskError,
    DatabaseError,
    InvalidInput,
    InvalidSetting,
    NoGoodBackup,
    NotABackup,
    WrongPassphrase,
)
from clubdesk.core.files import write_atomic
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import utcnow
from clubdesk.storage import schema, settings
from clubdesk.storage.database import DB_FILENAME, Database, open_database

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

AUTO_FOLDER = "backups"
KEYS_FILE = "backup-keys.json"
STATE_FILE = "backup-state.json"
# Per computer, beside the database (so a damaged database still names it): the folder where
# every automatic backup is copied too (another disk, a USB stick), and the copies made there.
MIRROR_FILE = "backup-mirror.json"
TEMP_PREFIX = ".backup-tmp-"
KEYS_SETTING = "backup.keys"
RETENTION_SETTING = "backup.retention"
INTERVAL_SETTING = "backup.interval_minutes"
DEFAULT_INTERVAL_MINUTES = 30
ACTOR = "backup"
PROGRESS_SCALE = 1000
SNAPSHOT_SHARE = 0.35  # of a create's progress bar; the rest is compressing and encrypting

ALREADY_SET_UP = QT_TRANSLATE_NOOP("errors", "Backups are already set up on this computer.")
ALREADY_SET_UP_HINT = QT_TRANSLATE_NOOP(
    "errors", "Change the backup passphrase instead, or confirm that new keys should replace them."
)
FACTS_MISMATCH = "the snapshot does not match its manifest"


@dataclass(frozen=True)
class BackupInfo:
    """One archive as listed: its manifest, or why it cannot be read."""

    path: Path
    manifest: Manifest | None
    problem: str | None
    size: int
    automatic: bool

    @property
    def created_at(self) -> datetime | None:
        return self.manifest.created_at if self.manifest is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "size": self.size,
            "automatic": self.automatic,
            "problem": self.problem,
            "manifest": self.manifest.to_json() if self.manifest is not None else None,
        }


@dataclass(frozen=True)
class RestoreResult:
    """What a restore put in place, where the replaced database went, and what it passed over."""

    restored: BackupInfo
    saved_current: BackupInfo | None
    skipped: list[BackupInfo] = field(default_factory=list)
    kept_aside: Path | None = None  # the replaced file, when it could not be backed up

    def to_json(self) -> dict[str, Any]:
        return {
            "restored": self.restored.to_json(),
            "saved_current": self.saved_current.to_json() if self.saved_current else None,
            "skipped": [info.to_json() for info in self.skipped],
            "kept_aside": str(self.kept_aside) if self.kept_aside else None,
        }


@dataclass(frozen=True)
class _State:
    """The newest backup in the automatic folder: when, and the newest audit entry it holds."""

    audit_id: int | None = None
    at: datetime | None = None


def scaled(progress: Progress | None, start: float, share: float) -> Progress | None:
    """A phase's ``progress(done, total)`` mapped onto part of one bar of PROGRESS_SCALE."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        fraction = done / total if total > 0 else 1.0
        progress(int(PROGRESS_SCALE * (start + share * min(fraction, 1.0))), PROGRESS_SCALE)

    return report


def _write_json(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d-%H%M%S")


class BackupService:
    """Backups of the shop in ``data_dir``; ``db`` is the open database when there is one."""

    def __init__(
        self,
        data_dir: Path,
        db: Database | None = None,
        business: str = "",
        device: str = "",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.db = db
        self.business = business
        self.device = device or platform.node() or "ClubDesk"
        self.clock = clock
        self._held = threading.local()
        self._verified: dict[tuple[str, int, int], bool] = {}

    # ------------------------------------------------------------------ places

    @property
    def auto_dir(self) -> Path:
        return backup_folder(self.data_dir)

    auto_folder = auto_dir

    @property
    def db_path(self) -> Path:
        return self.db.path if self.db is not None else self.data_dir / DB_FILENAME

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The folder's backup lock (re-entrant within one thread of this service)."""
        depth = getattr(self._held, "depth", 0)
        if depth:
            self._held.depth = depth + 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        with folder_lock(self.data_dir):
            self._held.depth = 1
            try:
                self._remove_stale_temp()
                yield
            finally:
                self._held.depth = 0

    def _remove_stale_temp(self) -> None:
        """Work folders left by a process that died mid-backup (we hold the lock: not in use)."""
        for leftover in self.data_dir.glob(f"{TEMP_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)

    @contextmanager
    def _workdir(self) -> Iterator[Path]:
        """Scratch space beside the database (same disk; the system temp may be a RAM disk)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=self.data_dir))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # ---------------------------------------------------------------- settings

    def _read_setting(self, key: str, default: Any = None) -> Any:
        """A shop setting, from the open database or read-only from the file; ``default`` if
        the file is missing or unreadable (a damaged database must not stop a restore)."""
        if self.db is not None:
            try:
                with self.db.read() as session:
                    return settings.get(session, key, default)
            except Exception:
                log.warning("could not read the setting %s", key, exc_info=True)
                return default
        path = self.db_path
        if not path.is_file():
            return default
        import sqlite3

        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return default
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return default if row is None or row[0] is None else json.loads(row[0])
        except (sqlite3.Error, ValueError):
            return default
        finally:
            conn.close()

    def _write_setting(self, key: str, value: Any) -> None:
        """Into the open database, or the file if it opens; a missing or damaged one is skipped."""

        def put(db: Database) -> None:
            with db.write() as session:
                settings.put(session, key, value, ACTOR, self.clock())

        if self.db is not None:
            put(self.db)
            return
        if not self.db_path.is_file():
            return
        try:
            db = open_database(self.db_path, before_migrate=self._before_migrate)
        except DatabaseError:
            log.warning("the database cannot be opened; %s was not saved in it", key)
            return
        try:
            put(db)
        finally:
            db.close()

    def setting(self, key: str, default: Any = None) -> Any:
        """A shop setting of the features built on backups (off-site uploads): read like the
        backup settings, so a damaged database still answers ``default``."""
        return self._read_setting(key, default)

    def put_setting(self, key: str, value: Any) -> None:
        self._write_setting(key, value)

    def retention_rule(self) -> RetentionRule:
        raw = self._read_setting(RETENTION_SETTING, None)
        if not isinstance(raw, dict):
            return RetentionRule()
        try:
            defaults = RetentionRule()
            return RetentionRule(
                daily=raw.get("daily", defaults.daily),
                weekly=raw.get("weekly", defaults.weekly),
                monthly=raw.get("monthly", defaults.monthly),
            )
        except InvalidSetting:
            log.warning("the backup retention setting is invalid; using the defaults")
            return RetentionRule()

    def schedule(self) -> dict[str, int]:
        """The automatic backups' settings, as the settings screen shows them."""
        rule = self.retention_rule()
        return {
            "interval_minutes": int(self.interval().total_seconds() // 60),
            "daily": rule.daily,
            "weekly": rule.weekly,
            "monthly": rule.monthly,
        }

    def set_schedule(
        self,
        interval_minutes: int | None = None,
        daily: int | None = None,
        weekly: int | None = None,
        monthly: int | None = None,
    ) -> None:
        """Store the schedule in the shop settings (so backups and sync carry it)."""
        if interval_minutes is not None:
            if isinstance(interval_minutes, bool) or not 1 <= int(interval_minutes) <= 7 * 24 * 60:
                raise InvalidSetting(setting="backup interval")
            self._write_setting(INTERVAL_SETTING, int(interval_minutes))
        if (daily, weekly, monthly) != (None, None, None):
            current = self.retention_rule()
            rule = RetentionRule(
                daily=current.daily if daily is None else daily,
                weekly=current.weekly if weekly is None else weekly,
                monthly=current.monthly if monthly is None else monthly,
            )
            value = {"daily": rule.daily, "weekly": rule.weekly, "monthly": rule.monthly}
            self._write_setting(RETENTION_SETTING, value)

    def interval(self) -> timedelta:
        raw = self._read_setting(INTERVAL_SETTING, DEFAULT_INTERVAL_MINUTES)
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
            raw = DEFAULT_INTERVAL_MINUTES
        return timedelta(minutes=raw)

    # -------------------------------------------------------------------- keys

    def _mirror_keys(self) -> BackupKeys | None:
        path = self.data_dir / KEYS_FILE
        if not path.is_file():
            return None
        try:
            return BackupKeys.from_public_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, BackupCorrupt):
            log.warning("%s is unreadable; using the database's copy", path)
            return None

    def public_keys(self) -> BackupKeys | None:
        """This shop's key slots (no master): the folder's mirror first, then the database."""
        keys = self._mirror_keys()
        if keys is not None:
            return keys
        data = self._read_setting(KEYS_SETTING, None)
        if data is None:
            return None
        try:
            return BackupKeys.from_public_json(data)
        except (BackupCorrupt, ValueError):
            log.warning("the backup keys in the database are unreadable")
            return None

    def _unlocked_keys(self) -> BackupKeys:
        """The keys with the keyring's master (automatic backups ask nobody)."""
        keys = self.public_keys()
        if keys is None:
            raise BackupKeysMissing()
        keys = with_master(keys)
        if keys.master is None:
            raise BackupKeysMissing()
        return keys

    def configured(self) -> bool:
        """Backups can run unattended: keys are set up and the keyring holds the master."""
        keys = self.public_keys()
        return keys is not None and with_master(keys).master is not None

    def needs_unlock(self) -> bool:
        """Keys exist (say, after restoring on a new PC) but this keyring lacks the master:
        the passphrase or recovery code, given once to ``unlock``, makes backups run again."""
        keys = self.public_keys()
        return keys is not None and with_master(keys).master is None

    def unlock(self, secret: str) -> None:
        keys = self.public_keys()
        if keys is None:
            raise BackupKeysMissing()
        unlocked = unlock(keys, secret)
        store_master(unlocked)
        self._save_keys(unlocked)

    def _save_keys(self, keys: BackupKeys) -> None:
        public = keys.to_public_json()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        _write_json(self.data_dir / KEYS_FILE, public)
        self._write_setting(KEYS_SETTING, public)

    def setup(self, passphrase: str, *, replace_keys: bool = False) -> str:
        """New backup keys; returns the recovery code to print (shown once, never stored).

        Refuses when keys exist (older backups need them) unless ``replace_keys``: the old
        backups then open only with the old passphrase or recovery code.
        """
        if self.public_keys() is not None and not replace_keys:
            raise InvalidInput(ALREADY_SET_UP, ALREADY_SET_UP_HINT)
        keys, code = new_keys(check_passphrase(passphrase))
        store_master(keys)
        self._save_keys(keys)
        return code

    def change_passphrase(self, secret_old: str, new: str) -> None:
        """A new passphrase for the same key: every backup stays readable."""
        keys = self.public_keys()
        if keys is None:
            raise BackupKeysMissing()
        unlocked = unlock(keys, secret_old)
        changed = rewrap(unlocked, check_passphrase(new))
        store_master(changed)
        self._save_keys(changed)

    def _secret(self, secret: str | None) -> BackupKeys | str:
        if secret:
            return secret
        return self._unlocked_keys()

    # ------------------------------------------------------------------- state

    def _state(self) -> _State:
        try:
            data = json.loads((self.data_dir / STATE_FILE).read_text(encoding="utf-8"))
            at = datetime.fromisoformat(data["at"]) if data.get("at") else None
            audit = data.get("audit_id")
            return _State(audit if isinstance(audit, int) else None, at)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return _State()

    def _remember(self, audit_id: int, at: datetime) -> None:
        with contextlib.suppress(OSError):
            _write_json(self.data_dir / STATE_FILE, {"audit_id": audit_id, "at": at.isoformat()})

    def _current_audit_id(self) -> int | None:
        if self.db is not None:
            try:
                with self.db.read() as session:
                    return int(session.scalar(text("SELECT coalesce(max(id), 0) FROM audit_log")))
            except Exception:
                return None
        import sqlite3

        if not self.db_path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return int(conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error:
            return None

    def changed_since_last(self) -> bool:
        """Has anything been changed (every change writes an audit entry) since the newest
        backup in the automatic folder?"""
        current = self._current_audit_id()
        if current is None:
            return False
        return current != self._state().audit_id

    def due(self, now: datetime | None = None) -> bool:
        """An automatic backup is due: set up, something changed, and the interval has passed."""
        if not self.configured() or not self.changed_since_last():
            return False
        last = self._state().at
        moment = now or self.clock()
        return last is None or moment - last >= self.interval() or moment < last

    # ------------------------------------------------------------------ create

    def create(
        self, kind: str = "manual", folder: Path | None = None, progress: Progress | None = None
    ) -> BackupInfo:
        """A new archive of the live database in ``folder`` (default: the automatic folder).

        The counter keeps working meanwhile; ``progress`` may raise ``Cancelled``.
        """
        with self._locked():
            return self._create(kind, folder, progress)

    def _create(self, kind: str, folder: Path | None, progress: Progress | None) -> BackupInfo:
        keys = self._unlocked_keys()
        automatic = folder is None or Path(folder).resolve() == self.auto_dir.resolve()
        target = self.auto_dir if folder is None else Path(folder)
        if folder is None:
            target.mkdir(parents=True, exist_ok=True)
        created_at = self.clock()
        with self._workdir() as work:
            snapshot = work / DB_FILENAME
            facts = take_snapshot(self.db_path, snapshot, scaled(progress, 0, SNAPSHOT_SHARE))
            manifest = Manifest(
                format_version=FORMAT_VERSION,
                app_version=clubdesk.__version__,
                schema_revision=facts.schema_revision,
                created_at=created_at,
                kind=kind,
                business=self.business,
                device=self.device,
                member_count=facts.member_count,
                ledger_sum=facts.ledger_sum,
                snapshot_sha256=facts.sha256,
                snapshot_size=facts.size,
                key_id=keys.key_id,
            )
            path = archive.write_archive(
                snapshot,
                target,
                manifest,
                keys,
                scaled(progress, SNAPSHOT_SHARE, 1 - SNAPSHOT_SHARE),
            )
        if automatic:
            self._remember(facts.audit_id, created_at)
        log.info("backup %s written (%s, %d members)", path.name, kind, facts.member_count)
        return BackupInfo(path, manifest, None, path.stat().st_size, automatic)

    def _before_migrate(self, db_path: Path) -> None:
        """open_database's hook: a backup of the old schema before it is changed (when set up)."""
        if not self.configured():
            log.warning("backups are not set up: migrating %s without a backup", db_path)
            return
        with self._locked():
            self._create("pre_migration", None, None)

    pre_migration = _before_migrate

    # -------------------------------------------------------------------- list

    def info(self, path: Path, automatic: bool | None = None) -> BackupInfo:
        """One archive's manifest, or the reason it cannot be read (no key needed)."""
        path = Path(path)
        if automatic is None:
            automatic = path.parent.resolve() == self.auto_dir.resolve()
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        try:
            return BackupInfo(path, archive.read_manifest(path), None, size, automatic)
        except ClubDeskError as error:
            return BackupInfo(path, None, error.render(), size, automatic)

    def list(self, folders: Sequence[Path] = ()) -> list[BackupInfo]:
        """Backups in the automatic folder and ``folders``, newest first; damaged ones listed
        with their problem (sorted by the file's time)."""
        found: builtins.list[BackupInfo] = []
        seen: set[Path] = set()
        mirror = self.mirror_folder()
        extra = [*folders, *([mirror] if mirror is not None else [])]
        places = [(self.auto_dir, True), *((Path(f), False) for f in extra)]
        for folder, automatic in places:
            try:
                files = sorted(p for p in folder.iterdir() if p.name.endswith(EXTENSION))
            except OSError:
                continue
            for path in files:
                real = path.resolve()
                if real in seen or not path.is_file():
                    continue
                seen.add(real)
                found.append(self.info(path, automatic))

        def newest(info: BackupInfo) -> tuple[datetime, str]:
            if info.manifest is not None:
                return info.manifest.created_at, info.path.name
            try:
                mtime = datetime.fromtimestamp(info.path.stat().st_mtime, UTC)
            except OSError:
                mtime = datetime.min.replace(tzinfo=UTC)
            return mtime, info.path.name

        return sorted(found, key=newest, reverse=True)

    # ------------------------------------------------------------------ mirror

    def _mirror_state(self) -> dict[str, Any]:
        try:
            data = json.loads((self.data_dir / MIRROR_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def mirror_folder(self) -> Path | None:
        """Where automatic backups are copied too, or None."""
        folder = self._mirror_state().get("folder")
        return Path(folder) if isinstance(folder, str) and folder else None

    def set_mirror_folder(self, folder: Path | None) -> None:
        """Copy every automatic backup into ``folder`` from now on (None: stop). The folder
        must exist and take files: a test file is written and removed first."""
        state: dict[str, Any] = {"folder": None, "copies": []}
        if folder is not None:
            folder = Path(folder).resolve()
            probe = folder / f".clubdesk-write-test-{os.getpid()}"
            try:
                probe.write_bytes(b"ok")
                probe.unlink()
            except OSError as exc:
                raise drive_error(exc, folder) from exc
            state = {"folder": str(folder), "copies": self._mirror_state().get("copies", [])}
        _write_json(self.data_dir / MIRROR_FILE, state)

    def mirror(self, info: BackupInfo) -> Path | None:
        """Copy a new automatic backup into the mirror folder (read back and compared), then
        delete the copies made there earlier whose original the retention rule removed.
        Files in that folder that ClubDesk did not copy are never touched."""
        folder = self.mirror_folder()
        if folder is None:
            return None
        copy = drives.export(info.path, folder)
        state = self._mirror_state()
        kept = {p.name for p in self.auto_dir.glob(f"*{EXTENSION}")}
        copies = [*state.get("copies", []), copy.name]
        for name in copies:
            if name not in kept and name != copy.name:
                with contextlib.suppress(OSError):
                    (folder / name).unlink(missing_ok=True)
        state["copies"] = [name for name in copies if name in kept or name == copy.name]
        _write_json(self.data_dir / MIRROR_FILE, state)
        return copy

    # ------------------------------------------------------------------ verify

    def _check_not_too_new(self, manifest: Manifest, path: Path) -> None:
        if manifest.format_version > FORMAT_VERSION or (
            manifest.schema_revision and manifest.schema_revision not in schema.known_revisions()
        ):
            raise BackupTooNew(path=str(path), version=manifest.app_version)

    def _open_snapshot(
        self,
        path: Path,
        dest: Path,
        secret: BackupKeys | str,
        progress: Progress | None,
        thorough: bool = True,
        durable: bool = True,
    ) -> Manifest:
        """Decrypt ``path`` to ``dest`` and check it: tags and SHA-256 (``extract``), SQLite's
        integrity_check (quick_check unless ``thorough``), and that it holds what the
        manifest says."""
        manifest = archive.read_manifest(path)
        self._check_not_too_new(manifest, path)
        archive.extract(path, dest, secret, progress, durable=durable)
        problem = integrity_problem(dest, quick=not thorough)
        if problem is not None:
            raise BackupCorrupt(path=str(path), problem=f"integrity_check: {problem}")
        try:
            facts = read_facts(dest, digest=manifest.snapshot_sha256)  # extract checked it
        except DatabaseError:
            raise BackupCorrupt(path=str(path), problem=FACTS_MISMATCH) from None
        if (facts.member_count, facts.ledger_sum, facts.schema_revision) != (
            manifest.member_count,
            manifest.ledger_sum,
            manifest.schema_revision,
        ):
            raise BackupCorrupt(path=str(path), problem=FACTS_MISMATCH)
        return manifest

    def verify(
        self,
        path: Path,
        secret: str | None = None,
        progress: Progress | None = None,
        *,
        thorough: bool = True,
    ) -> Manifest:
        """Decrypt to a temporary file and check everything; raises what is wrong.

        ``secret`` (passphrase or recovery code) defaults to the keyring's master key.
        ``thorough=False`` runs SQLite's quick_check instead of the full integrity_check
        (the archive's tags and SHA-256 are checked either way).
        """
        path = Path(path)
        archive.read_manifest(path)  # not a backup / too new: say so before asking for keys
        unlocked = self._secret(secret)
        with self._locked(), self._workdir() as work:
            return self._open_snapshot(
                path, work / DB_FILENAME, unlocked, progress, thorough, durable=False
            )

    # ----------------------------------------------------------------- restore

    def restore(
        self,
        path: Path | None,
        secret: str | None = None,
        progress: Progress | None = None,
        *,
        folders: Sequence[Path] = (),
        damaged: bool = False,
    ) -> RestoreResult:
        """Put a backup in place of the current database: ``path``, or with None the nearest
        good backup (the newest that verifies, in the automatic folder and ``folders``).

        Before anything changes the chosen backup is fully verified and the current database
        is backed up (kind pre_restore); if that is impossible (``damaged``, or unreadable) the
        current file is kept aside under a dated name instead. On any failure before the swap
        the current database is untouched; the swap itself is crash-safe (restore.py).
        """
        with self._locked(), self._workdir() as work:
            snapshot = work / "restored.sqlite3"
            chosen, skipped = self._choose(path, secret, snapshot, progress, folders)
            saved, keep, damaged = self._save_current(damaged)
            if self.db is not None:
                self.db.close()  # connections reopen on the new file; ClubServices.reload()
            swap_in(snapshot, self.db_path, keep_old=keep, checkpoint=not damaged)
            self._after_restore(secret)
            log.info("restored %s (%d skipped)", chosen.path.name, len(skipped))
            return RestoreResult(chosen, saved, skipped, keep)

    def _choose(
        self,
        path: Path | None,
        secret: str | None,
        dest: Path,
        progress: Progress | None,
        folders: Sequence[Path],
    ) -> tuple[BackupInfo, builtins.list[BackupInfo]]:
        if path is not None:
            path = Path(path)
            archive.read_manifest(path)  # raises NotABackup / BackupCorrupt / BackupTooNew
            info = self.info(path)
            self._open_snapshot(path, dest, self._secret(secret), progress)
            return info, []
        candidates = self.list(folders)
        unlocked = self._secret(secret) if candidates else None
        skipped: builtins.list[BackupInfo] = []
        refused: WrongPassphrase | None = None
        refusals = 0
        for info in candidates:
            try:
                if info.manifest is None:
                    raise BackupCorrupt(path=str(info.path), problem=info.problem or "")
                assert unlocked is not None
                self._open_snapshot(info.path, dest, unlocked, progress)
            except WrongPassphrase as error:
                refused = refused or error
                refusals += 1
                skipped.append(replace(info, problem=error.render()))
            except (BackupCorrupt, NotABackup, BackupTooNew) as error:
                skipped.append(replace(info, problem=info.problem or error.render()))
            else:
                return info, skipped
            dest.unlink(missing_ok=True)
        if refused is not None and refusals == len(skipped):
            raise refused  # not damage: the secret does not open them
        raise NoGoodBackup()

    def _save_current(self, damaged: bool) -> tuple[BackupInfo | None, Path | None, bool]:
        """A pre_restore backup of the current database, or the name to keep the file under
        (and whether it turned out damaged)."""
        if not self.db_path.exists():
            return None, None, damaged
        if not damaged:
            try:
                return self._create("pre_restore", None, None), None, False
            except Cancelled:
                raise
            except DatabaseError:
                damaged = True
            except ClubDeskError as error:  # no keys, no space...: keep the file itself
                log.warning("could not back up the current database: %s", error.code)
        label = "damaged" if damaged else "replaced"
        keep = self.db_path.with_name(f"{self.db_path.name}.{label}-{_stamp(self.clock())}")
        return None, keep, damaged

    def _after_restore(self, secret: str | None) -> None:
        """Migrate an older schema now (with a pre_migration backup), and make the keys agree:
        this computer's slots go into the restored database; on a new computer the restored
        database's slots become this computer's (unlocked by the secret just given)."""
        local = self._mirror_keys()
        db = open_database(self.db_path, before_migrate=self._before_migrate)
        try:
            with db.read() as session:
                stored = settings.get(session, KEYS_SETTING, None)
            if local is not None:
                public = local.to_public_json()
                if stored != public:
                    with db.write() as session:
                        settings.put(session, KEYS_SETTING, public, ACTOR, self.clock())
            elif stored is not None:
                self._adopt_keys(stored, secret)
            with db.read() as session:
                audit_id = session.scalar(text("SELECT coalesce(max(id), 0) FROM audit_log"))
            self._remember(int(audit_id or 0), self.clock())
        finally:
            db.close()

    def _adopt_keys(self, stored: Any, secret: str | None) -> None:
        try:
            keys = BackupKeys.from_public_json(stored)
        except (BackupCorrupt, ValueError):
            return
        _write_json(self.data_dir / KEYS_FILE, keys.to_public_json())
        if secret:
            with contextlib.suppress(WrongPassphrase):
                store_master(unlock(keys, secret))

    # ------------------------------------------------------------------- prune

    def _archive_good(self, path: Path, keys: BackupKeys) -> bool:
        """The archive decrypts and matches its SHA-256 (remembered per file version)."""
        try:
            stat = path.stat()
        except OSError:
            return False
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self._verified:
            try:
                archive.verify_archive(path, keys)
                self._verified[key] = True
            except (BackupCorrupt, NotABackup, WrongPassphrase, BackupTooNew):
                self._verified[key] = False
        return self._verified[key]

    def prune(self, rule: RetentionRule | None = None) -> builtins.list[Path]:
        """Delete automatic-folder backups the retention rule does not keep; never the newest
        good one, nor any that cannot be read (left for a person to look at)."""
        with self._locked():
            rule = rule or self.retention_rule()
            readable = [i for i in self.list() if i.automatic and i.manifest is not None]
            kept = to_keep(
                [(str(i.path), i.manifest.created_at) for i in readable if i.manifest],
                rule,
                self.clock(),
            )
            doomed = [i for i in readable if str(i.path) not in kept]
            if not doomed:
                return []
            try:
                keys = self._unlocked_keys()
            except BackupKeysMissing:
                return []  # cannot tell good from bad: delete nothing
            newest_good = next((i for i in readable if self._archive_good(i.path, keys)), None)
            if newest_good is None:
                return []
            deleted: builtins.list[Path] = []
            for info in doomed:
                if info.path == newest_good.path:
                    continue
                try:
                    info.path.unlink()
                except OSError:
                    log.warning("could not delete the old backup %s", info.path)
                    continue
                deleted.append(info.path)
            return deleted


def backup_folder(data_dir: Path) -> Path:
    """Where the shop's automatic backups are kept (inside its data folder)."""
    return Path(data_dir) / AUTO_FOLDER


def restore_damaged(
    data_dir: Path,
    secret: str | None = None,
    progress: Progress | None = None,
    *,
    folders: Sequence[Path] = (),
) -> RestoreResult:
    """A database that cannot be opened (not SQLite, damaged) is replaced by the nearest good
    backup without being opened; it is kept beside as ``<db>.damaged-<time>`` for support.
    If no backup verifies, nothing is moved."""
    recover(Path(data_dir))
    return BackupService(Path(data_dir)).restore(
        None, secret, progress, folders=folders, damaged=True
    )
