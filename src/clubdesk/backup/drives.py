"""Removable drives (USB sticks) and copying a backup onto one so that it can be trusted.

Discovery is per OS: on Linux the mounts under /media, /run/media and /mnt whose block device
the kernel marks removable (or that hang off USB); on Windows the drive letters of type
DRIVE_REMOVABLE; on macOS the volumes in /Volumes except the start-up disk.

``export`` reports success only after reading the copy back and comparing its SHA-256: a stick
that silently dropped a write must not look like a good backup. The copy is written under a
temporary name and renamed, so the final name never holds a partial file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clubdesk.backup.files import drive_error, publish
from clubdesk.core.backup import format_size, fsync_folder
from clubdesk.core.errors import (
    Cancelled,
    DriveError,
    DriveGone,
    DriveReadOnly,
    FileTooLargeForDrive,
    NotABackup,
    NotEnoughSpace,
)
from clubdesk.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
DiskUsage = Callable[[Path], Any]  # shutil.disk_usage's shape: .total, .used, .free

LINUX_MOUNT_ROOTS = ("/media", "/run/media", "/mnt")
FAT_TYPES = frozenset({"vfat", "msdos", "fat", "fat32", "fat16"})
FAT_MAX_FILE = 4 * 1024**3 - 1  # FAT32 stores sizes in 32 bits
COPY_BLOCK = 1 << 20
SPACE_MARGIN = 1 << 20  # directory entries and the temporary name
PARTIAL_SUFFIX = ".partial"
COPY_MISMATCH = QT_TRANSLATE_NOOP(
    "errors", "The copy on {path} does not match the backup (the drive may be failing)."
)


@dataclass
class Drive:
    """A place the owner can export to: where it is mounted and what it holds."""

    path: Path
    label: str
    free: int
    total: int
    fs_type: str
    removable: bool


# ------------------------------------------------------------------------------ discovery


def _unescape_mount(text: str) -> str:
    """/proc/mounts writes spaces, tabs, newlines and backslashes as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        text = text.replace(code, char)
    return text


def _block_name(device: str, sys_block: Path) -> str | None:
    """The whole disk under /sys/block for a device node such as /dev/sdb1 or /dev/mmcblk0p1."""
    if not device.startswith("/dev/"):
        return None
    name = Path(device).name
    if (sys_block / name).exists():
        return name
    candidates = [entry.name for entry in _listdir(sys_block)]
    for disk in sorted(candidates, key=len, reverse=True):  # sdb1 -> sdb, mmcblk0p1 -> mmcblk0
        if name.startswith(disk) and (sys_block / disk / name).exists():
            return disk
    for disk in sorted(candidates, key=len, reverse=True):
        if name.startswith(disk) and name != disk:
            return disk
    return None


def _listdir(folder: Path) -> Iterable[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _is_removable(disk: str, sys_block: Path) -> bool:
    entry = sys_block / disk
    with contextlib.suppress(OSError):
        if (entry / "removable").read_text(encoding="ascii").strip() == "1":
            return True
    with contextlib.suppress(OSError):  # USB disks often say removable=0: look at the bus
        return "/usb" in os.path.realpath(entry / "device")
    return False


def _usage(path: Path, disk_usage: DiskUsage) -> tuple[int, int]:
    try:
        usage = disk_usage(path)
    except OSError:
        return 0, 0
    return int(usage.free), int(usage.total)


def linux_drives(
    mounts: Path = Path("/proc/mounts"),
    sys_block: Path = Path("/sys/block"),
    roots: Iterable[str] = LINUX_MOUNT_ROOTS,
    disk_usage: DiskUsage = shutil.disk_usage,
) -> list[Drive]:
    """Removable mounts under ``roots``; the paths are arguments so tests can use fake trees."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    prefixes = tuple(root.rstrip("/") + "/" for root in roots)
    drives: list[Drive] = []
    seen: set[str] = set()
    for line in lines:
        fields = line.split()
        if len(fields) < 4:
            continue
        device, mount, fs_type, options = fields[:4]
        mount = _unescape_mount(mount)
        if not mount.startswith(prefixes) or mount in seen:
            continue
        disk = _block_name(device, sys_block)
        if disk is None or not _is_removable(disk, sys_block):
            continue
        seen.add(mount)
        path = Path(mount)
        free, total = _usage(path, disk_usage)
        read_only = "ro" in options.split(",")
        drives.append(
            Drive(
                path=path,
                label=path.name + (" (read-only)" if read_only else ""),
                free=0 if read_only else free,
                total=total,
                fs_type=fs_type,
                removable=True,
            )
        )
    return drives


def windows_drives(disk_usage: DiskUsage = shutil.disk_usage) -> list[Drive]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    drive_removable = 2
    mask = kernel32.GetLogicalDrives()
    drives: list[Drive] = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != drive_removable:
            continue
        label = ctypes.create_unicode_buffer(261)
        fs_name = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(
            ctypes.c_wchar_p(root), label, 261, None, None, None, fs_name, 261
        )
        if not ok:  # a card reader with no card
            continue
        free, total = _usage(Path(root), disk_usage)
        name = f"{label.value} ({root[:2]})" if label.value else root[:2]
        drives.append(Drive(Path(root), name, free, total, fs_name.value.lower(), True))
    return drives


def mac_drives(
    volumes: Path = Path("/Volumes"), disk_usage: DiskUsage = shutil.disk_usage
) -> list[Drive]:
    drives: list[Drive] = []
    root_device = os.stat("/").st_dev
    for entry in sorted(_listdir(volumes)):
        try:
            if not entry.is_dir() or os.stat(entry).st_dev == root_device:
                continue  # the start-up disk appears in /Volumes as a link to /
        except OSError:
            continue
        free, total = _usage(entry, disk_usage)
        drives.append(Drive(entry, entry.name, free, total, "", True))
    return drives


def list_drives() -> list[Drive]:
    """Removable drives on this computer now (empty when none, or on failure)."""
    try:
        if sys.platform.startswith("win"):
            return windows_drives()
        if sys.platform == "darwin":
            return mac_drives()
        return linux_drives()
    except Exception:  # discovery must never break the export dialog
        log.warning("listing removable drives failed", exc_info=True)
        return []


def filesystem_type(folder: Path, mounts: Path = Path("/proc/mounts")) -> str:
    """The file system ``folder`` lives on (Linux; elsewhere ""): for the FAT32 size limit."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    target = os.path.realpath(folder)
    best, kind = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = _unescape_mount(fields[1])
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, fields[2]
    return kind


# ------------------------------------------------------------------------------ export


def _check_target(folder: Path, size: int, fs_type: str | None, disk_usage: DiskUsage) -> None:
    """Refuse before writing a byte: missing, read-only, too small, or FAT32 and too large."""
    if not folder.is_dir():
        raise DriveGone(path=str(folder))
    if not os.access(folder, os.W_OK):
        raise DriveReadOnly(path=str(folder))
    kind = (fs_type if fs_type is not None else filesystem_type(folder)).lower()
    if kind in FAT_TYPES and size > FAT_MAX_FILE:
        raise FileTooLargeForDrive(path=str(folder), size=format_size(size))
    try:
        free = int(disk_usage(folder).free)
    except OSError as exc:
        raise drive_error(exc, folder, size) from exc
    if free < size + SPACE_MARGIN:
        raise NotEnoughSpace(path=str(folder), needed=format_size(size), free=format_size(free))


def _sha256(path: Path, folder: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(COPY_BLOCK):
                digest.update(block)
    except OSError as exc:
        raise drive_error(exc, folder) from exc
    return digest.hexdigest()


def _drop_page_cache(path: Path) -> None:
    """Ask the OS to forget the copy's cached pages, so the read-back reads the drive."""
    if not hasattr(os, "posix_fadvise"):
        return
    with contextlib.suppress(OSError), path.open("rb") as handle:
        os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def export(
    path: Path,
    folder: Path,
    progress: Progress | None = None,
    *,
    disk_usage: DiskUsage = shutil.disk_usage,
    fs_type: str | None = None,
) -> Path:
    """Copy the backup ``path`` into ``folder`` (a drive or any folder) and return the copy.

    ``progress(done, total)`` counts bytes written and then read back; it may raise
    ``Cancelled``. On any failure no file is left under the final name. ``disk_usage`` and
    ``fs_type`` are for tests (a real 4 GiB FAT32 stick or a full disk is not at hand there).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotABackup(path=str(path)) from exc
    folder = Path(folder)
    _check_target(folder, size, fs_type, disk_usage)
    partial = folder / f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}"
    total = size * 2  # the write, then the read-back
    done = 0
    try:
        try:
            with path.open("rb") as source:
                source_hash = hashlib.sha256()
                with partial.open("xb") as target:
                    while block := source.read(COPY_BLOCK):
                        source_hash.update(block)
                        target.write(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
                    target.flush()
                    os.fsync(target.fileno())
        except OSError as exc:
            raise drive_error(exc, folder, size) from exc
        if not folder.is_dir():
            raise DriveGone(path=str(folder))
        try:
            final = publish(partial, folder, path.name)
        except OSError as exc:
            raise drive_error(exc, folder, size) from exc
        try:
            fsync_folder(folder)
        except OSError as exc:
            final.unlink(missing_ok=True)
            raise drive_error(exc, folder, size) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    try:
        _drop_page_cache(final)
        if progress is not None:
            progress(size, total)
        copied = _sha256(final, folder)
        if progress is not None:
            progress(total, total)
        if copied != source_hash.hexdigest():
            raise DriveError(COPY_MISMATCH, path=str(folder))
    except (DriveError, Cancelled):
        with contextlib.suppress(OSError):
            final.unlink(missing_ok=True)
        raise
    return final
