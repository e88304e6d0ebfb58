"""File chores every backup step shares: hashing, durable renames that never replace a file,
and what an OSError from a drive means to the owner."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path

from clubdesk.core.backup import format_size, numbered_name
from clubdesk.core.errors import (
    DriveError,
    DriveGone,
    DriveReadOnly,
    FileTooLargeForDrive,
    NotEnoughSpace,
)

GONE_ERRNOS = frozenset(
    {errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, errno.ESTALE, errno.ENOTDIR}
)
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def drive_error(exc: OSError, folder: Path, size: int | None = None) -> DriveError:
    """A clear message for what the drive refused; the path is the folder the user chose and
    ``size`` the bytes the file needed, when known."""
    where = str(folder)
    needed = format_size(size) if size is not None else "?"
    if exc.errno in GONE_ERRNOS or not folder.exists():
        return DriveGone(path=where)
    if exc.errno in READ_ONLY_ERRNOS:
        return DriveReadOnly(path=where)
    if exc.errno in FULL_ERRNOS:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            free = 0
        return NotEnoughSpace(path=where, needed=needed, free=format_size(free))
    if exc.errno == errno.EFBIG:
        return FileTooLargeForDrive(path=where, size=needed)
    return DriveError(path=where)


def publish(partial: Path, folder: Path, name: str) -> Path:
    """Give the finished file ``name`` (or name-2, name-3, ...) without ever replacing a file."""
    for number in range(1, 1000):
        final = folder / numbered_name(name, number)
        if os.path.lexists(final):
            continue
        try:
            os.link(partial, final)  # atomic and refuses an existing name
        except FileExistsError:
            continue
        except OSError:  # FAT32/exFAT and some shares have no hard links
            try:
                if os.path.lexists(final):
                    continue
                os.rename(partial, final)  # Windows refuses an existing name here too
            except FileExistsError:
                continue
            return final
        with contextlib.suppress(OSError):
            partial.unlink()
        return final
    raise DriveError(path=str(folder))
