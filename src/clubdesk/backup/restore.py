"""Putting a restored database in place so that a crash at any moment leaves the old or the new
database, never a mix of the two.

The swap, in order (each step durable before the next):

1. the restored copy is written beside the live file as ``<db>.restore-new`` and fsynced;
2. an intent file records that a swap has begun (written to a temporary name, fsynced, renamed);
3. the live database is checkpointed into one file (its -wal folded in; this also proves that
   no other program has it open);
4. the live file and any -wal/-shm are renamed aside to ``<db>.restore-old``;
5. ``<db>.restore-new`` is renamed to ``<db>``;
6. the old file is removed (or kept under a given name), then the intent file.

``recover()`` runs at start (before the database is opened). With an intent file: if
``restore-new`` still exists, step 5 never happened, so the old file is put back (rolled back);
otherwise the new file is in place and only clean-up remains (rolled forward). Without an
intent file, a stray ``restore-new`` is an unfinished step 1 and is removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from clubdesk.core.backup import fsync_folder
from clubdesk.core.errors import BackupBusy, DatabaseCorrupt, DatabaseUnavailable
from clubdesk.storage.database import DB_FILENAME

log = logging.getLogger(__name__)

INTENT = "restore-intent.json"
LOCK_FILE = "backup.lock"
NEW_SUFFIX = ".restore-new"
OLD_SUFFIX = ".restore-old"
SIDE_FILES = ("-wal", "-shm", "-journal")
CRASH_ENV = "CLUBDESK_CRASH_AT"  # tests only: the named step where the process dies
CRASH_POINTS = (
    "after-write-new",
    "after-intent",
    "after-checkpoint",
    "after-rename-old",
    "after-rename-new",
    "after-discard-old",
)
COPY_BLOCK = 1 << 20


def _lock_file(handle: IO[bytes]) -> bool:
    """Take the exclusive lock without waiting; False if someone holds it."""
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def folder_lock(data_dir: Path) -> Iterator[None]:
    """The data folder's backup lock, between processes and threads alike (each holder has
    its own open file): a backup, verify, restore or recovery runs alone, or ``BackupBusy``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a+b") as handle:  # closing releases the lock
        if not _lock_file(handle):
            raise BackupBusy()
        yield


def _crash_point(name: str) -> None:
    """Die here, like a power cut, when a test asks for it (never set in normal use)."""
    if os.environ.get(CRASH_ENV) == name:
        os._exit(86)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _paths(db_path: Path) -> tuple[Path, Path, Path]:
    """(new, old, intent) beside ``db_path``."""
    return _side(db_path, NEW_SUFFIX), _side(db_path, OLD_SUFFIX), db_path.parent / INTENT


def _move_with_side_files(source: Path, target: Path) -> None:
    """Rename ``source`` and its -wal/-shm/-journal to ``target`` (side files first: the main
    file moving last means a half-done move still has the main file where it was)."""
    for suffix in SIDE_FILES:
        side = _side(source, suffix)
        if side.exists():
            os.replace(side, _side(target, suffix))
    if source.exists():
        os.replace(source, target)


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(_side(path, s) for s in SIDE_FILES)):
        candidate.unlink(missing_ok=True)


def _write_intent(intent: Path, keep_old: Path | None) -> None:
    temp = intent.with_name(intent.name + ".tmp")
    data = {"keep_old": keep_old.name if keep_old is not None else None}
    with temp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, intent)


def _read_intent(intent: Path) -> Path | None:
    """Where the old database is to be kept (None: removed)."""
    try:
        name = json.loads(intent.read_text(encoding="utf-8")).get("keep_old")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(name, str) and name and "/" not in name and "\\" not in name:
        return intent.parent / name
    return None


def _checkpoint(db_path: Path) -> None:
    """Fold the -wal into the main file and leave rollback-journal mode, so the file stands
    alone. Switching out of WAL needs the only connection: another open program refuses it."""
    try:
        conn = sqlite3.connect(db_path, isolation_level=None, timeout=2.0)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(path=str(db_path)) from exc
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise BackupBusy() from exc
        raise DatabaseCorrupt(path=str(db_path)) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path=str(db_path)) from exc
    finally:
        conn.close()
    if mode is None or str(mode[0]).lower() != "delete":
        raise BackupBusy()


def _copy_durably(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with source.open("rb") as src, target.open("xb") as dst:
        shutil.copyfileobj(src, dst, COPY_BLOCK)
        dst.flush()
        os.fsync(dst.fileno())


def swap_in(
    restored_snapshot: Path,
    db_path: Path,
    *,
    keep_old: Path | None = None,
    checkpoint: bool = True,
) -> None:
    """Replace ``db_path`` by ``restored_snapshot`` crash-safely (see the module's steps).

    Every connection to ``db_path`` must be closed first. ``keep_old`` keeps the replaced
    file (a damaged one, for support) instead of removing it; ``checkpoint=False`` skips
    reading the old file (it is damaged: it is moved aside as it is, with its -wal).
    """
    folder = db_path.parent
    new, old, intent = _paths(db_path)
    recover(folder, db_name=db_path.name, locked=True)  # a swap cut short comes first
    if restored_snapshot.parent == folder and restored_snapshot != new:
        os.replace(restored_snapshot, new)
        _fsync_file(new)
    elif restored_snapshot != new:
        _copy_durably(restored_snapshot, new)
    fsync_folder(folder)
    _crash_point("after-write-new")

    _write_intent(intent, keep_old)
    fsync_folder(folder)
    _crash_point("after-intent")
    try:
        if checkpoint and db_path.exists():
            try:
                _checkpoint(db_path)
            except DatabaseCorrupt:
                if keep_old is None:
                    raise
                # kept aside as it is, with its -wal: nothing of it is lost
        _crash_point("after-checkpoint")
        _remove_with_side_files(old)
        _move_with_side_files(db_path, old)
        fsync_folder(folder)
    except BaseException:
        _roll_back(db_path)
        raise
    _crash_point("after-rename-old")

    os.replace(new, db_path)
    fsync_folder(folder)
    _crash_point("after-rename-new")
    _finish(db_path, keep_old)


def _finish(db_path: Path, keep_old: Path | None) -> None:
    """After the new file is in place: the old one is removed or kept aside; the intent goes."""
    _new, old, intent = _paths(db_path)
    if keep_old is not None:
        _move_with_side_files(old, keep_old)
    else:
        _remove_with_side_files(old)
    fsync_folder(db_path.parent)
    _crash_point("after-discard-old")
    intent.unlink(missing_ok=True)
    fsync_folder(db_path.parent)


def _roll_back(db_path: Path) -> None:
    """Before the new file took the name: put the old one back and forget the new one."""
    new, old, intent = _paths(db_path)
    for suffix in ("", *SIDE_FILES):  # also a move cut short half-way
        aside, live = _side(old, suffix), _side(db_path, suffix)
        if aside.exists() and not live.exists():
            os.replace(aside, live)
        elif aside.exists():  # cannot happen by our steps; keep both rather than lose one
            log.error("restore roll-back found both %s and %s; keeping both", live, aside)
    new.unlink(missing_ok=True)
    fsync_folder(db_path.parent)
    intent.unlink(missing_ok=True)
    fsync_folder(db_path.parent)


def recover(data_dir: Path, db_name: str = DB_FILENAME, *, locked: bool = False) -> str | None:
    """Finish or undo a swap that a crash interrupted; what was done, or None if nothing.

    Runs before the database is opened, so the app starts with the old or the new file.
    Without ``locked`` (the caller holds the folder lock) it takes the lock, and leaves a swap
    that another process is doing right now alone.
    """
    if not locked:
        if not (data_dir / INTENT).exists() and not (data_dir / (db_name + NEW_SUFFIX)).exists():
            return None  # the usual start: nothing to look at, no lock file created
        try:
            with folder_lock(data_dir):
                return recover(data_dir, db_name, locked=True)
        except BackupBusy:
            log.warning("a restore is running in another process; not touching it")
            return None
    db_path = data_dir / db_name
    new, _old, intent = _paths(db_path)
    if not intent.exists():
        if new.exists():  # the copy was being written: the live file was never touched
            new.unlink()
            log.warning("removed an unfinished restore copy %s", new)
            return "discarded"
        return None
    keep_old = _read_intent(intent)
    if new.exists():
        _roll_back(db_path)
        log.warning("an interrupted restore was rolled back: the previous database is kept")
        return "rolled-back"
    _finish(db_path, keep_old)
    log.warning("an interrupted restore was completed: the restored database is in place")
    return "completed"
