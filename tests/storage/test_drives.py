"""Removable drives and the export that reads its copy back, on real folders and (where this
machine allows mounting, as root in CI) real small and read-only file systems.

Where mounting is impossible, the space check is tested through ``export``'s injectable
``disk_usage`` and the read-only check through chmod (skipped as root, where chmod does not
stop writes); the FAT32 limit uses a real sparse 4 GiB file with ``fs_type`` given, since a
FAT32 stick is not at hand.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from clubdesk.backup.drives import (
    FAT_MAX_FILE,
    PARTIAL_SUFFIX,
    export,
    filesystem_type,
    linux_drives,
    list_drives,
)
from clubdesk.core.errors import (
    Cancelled,
    DriveGone,
    DriveReadOnly,
    FileTooLargeForDrive,
    NotABackup,
    NotEnoughSpace,
)


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    path = tmp_path / "clubdesk-shop-20260320-203005.cdbak"
    path.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def mounted_tmpfs(folder: Path, options: str) -> Iterator[bool]:
    """A real tmpfs at ``folder`` (True), or False where this process may not mount."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    try:
        yield done.returncode == 0
    finally:
        if done.returncode == 0:
            subprocess.run(["umount", str(folder)], check=False)


# ------------------------------------------------------------------------------ discovery


def fake_system(root: Path) -> tuple[Path, Path, Path]:
    """/proc/mounts and /sys/block with: a removable stick, a USB disk that says removable=0,
    the internal disk, a removable disk mounted outside the roots, and a read-only card."""
    media = root / "media"
    sys_block = root / "sys" / "block"
    stick, usb_disk, card = media / "ali" / "KINGSTON", media / "ali" / "My Disk", media / "card"
    for folder in (stick, usb_disk, card, root / "elsewhere"):
        folder.mkdir(parents=True)
    devices = root / "sys" / "devices" / "pci0000:00" / "usb1" / "1-1"
    devices.mkdir(parents=True)
    for disk, removable, usb in (
        ("sda", "0", False),
        ("sdb", "1", False),
        ("sdc", "0", True),
        ("sdd", "1", False),
        ("mmcblk0", "1", False),
    ):
        entry = sys_block / disk
        entry.mkdir(parents=True)
        (entry / "removable").write_text(removable + "\n", encoding="ascii")
        if usb:
            (entry / "device").symlink_to(devices)
    (sys_block / "mmcblk0" / "mmcblk0p1").mkdir()
    mounts = root / "mounts"
    mounts.write_text(
        "\n".join(
            [
                "/dev/sda2 / ext4 rw,relatime 0 0",
                "proc /proc proc rw 0 0",
                f"/dev/sdb1 {stick} vfat rw,nosuid,nodev 0 0",
                f"/dev/sdc1 {str(usb_disk).replace(' ', chr(92) + '040')} exfat rw 0 0",
                f"/dev/sdd1 {root / 'elsewhere'} vfat rw 0 0",
                f"/dev/mmcblk0p1 {card} vfat ro,nosuid 0 0",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return mounts, sys_block, media


def test_linux_lists_removable_and_usb_mounts_under_the_roots(tmp_path: Path) -> None:
    mounts, sys_block, media = fake_system(tmp_path)
    drives = linux_drives(mounts, sys_block, roots=[str(media)])
    by_name = {d.path.name: d for d in drives}
    assert set(by_name) == {"KINGSTON", "My Disk", "card"}
    assert by_name["KINGSTON"].fs_type == "vfat"
    assert by_name["KINGSTON"].removable
    assert by_name["KINGSTON"].total > 0
    assert by_name["KINGSTON"].free > 0
    assert by_name["My Disk"].fs_type == "exfat"  # USB by its bus, though removable=0
    assert "read-only" in by_name["card"].label
    assert by_name["card"].free == 0


def test_linux_listing_survives_a_missing_proc(tmp_path: Path) -> None:
    assert linux_drives(tmp_path / "nope", tmp_path / "nothing") == []


def test_list_drives_runs_on_this_machine() -> None:
    assert all(d.removable for d in list_drives())


def test_filesystem_type_of_a_folder(tmp_path: Path) -> None:
    mounts, _sys_block, media = fake_system(tmp_path)
    assert filesystem_type(media / "ali" / "KINGSTON" / "backups", mounts) == "vfat"
    assert filesystem_type(tmp_path, mounts) == "ext4"


# ---------------------------------------------------------------------------------- export


def test_export_copies_reads_back_and_reports_progress(backup: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    seen: list[tuple[int, int]] = []
    copy = export(backup, stick, progress=lambda done, total: seen.append((done, total)))
    assert copy == stick / backup.name
    assert sha(copy) == sha(backup)
    assert seen[-1] == (2 * backup.stat().st_size, 2 * backup.stat().st_size)
    assert [p.name for p in stick.iterdir()] == [backup.name]
    again = export(backup, stick)  # an existing copy is never replaced
    assert again.name == backup.name.replace(".cdbak", "-2.cdbak")


def test_export_cancelled_leaves_nothing(backup: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()

    def cancel(done: int, _total: int) -> None:
        if done > 1024 * 1024:
            raise Cancelled()

    with pytest.raises(Cancelled):
        export(backup, stick, progress=cancel)
    assert list(stick.iterdir()) == []


def test_export_of_a_missing_file_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(NotABackup):
        export(tmp_path / "gone.cdbak", tmp_path)


def test_the_drive_removed_mid_copy(backup: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()

    def pull_out(done: int, _total: int) -> None:
        if stick.exists():
            shutil.rmtree(stick)

    with pytest.raises(DriveGone):
        export(backup, stick, progress=pull_out)
    assert not (stick / backup.name).exists()


def test_the_drive_gone_before_the_copy(backup: Path, tmp_path: Path) -> None:
    with pytest.raises(DriveGone):
        export(backup, tmp_path / "ejected")


def test_the_drive_replaced_mid_copy_leaves_no_file_under_the_final_name(
    backup: Path, tmp_path: Path
) -> None:
    """Unplugged and another stick mounted at the same place: the new one gets nothing."""
    stick = tmp_path / "stick"
    stick.mkdir()

    def swap(done: int, _total: int) -> None:
        if (stick / ".marker").exists():
            return
        shutil.rmtree(stick)
        stick.mkdir()
        (stick / ".marker").touch()

    with pytest.raises(DriveGone):
        export(backup, stick, progress=swap)
    assert sorted(p.name for p in stick.iterdir()) == [".marker"]


def test_not_enough_space_on_a_real_small_file_system(backup: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    with mounted_tmpfs(folder, "size=1m") as ok:
        if not ok:
            pytest.skip("cannot mount here; see the disk_usage test below")
        with pytest.raises(NotEnoughSpace) as caught:
            export(backup, folder)
        assert "MB" in caught.value.render()
        assert list(folder.iterdir()) == []


def test_not_enough_space_through_disk_usage(backup: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    small = SimpleNamespace(total=2 * 1024 * 1024, used=0, free=1024 * 1024)
    with pytest.raises(NotEnoughSpace):
        export(backup, stick, disk_usage=lambda _path: small)
    assert list(stick.iterdir()) == []


def test_a_read_only_drive(backup: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    with mounted_tmpfs(folder, "size=8m,ro") as ok:
        if not ok:
            if os.geteuid() == 0:
                pytest.skip("root ignores chmod and may not mount here")
            folder.chmod(0o555)
        try:
            with pytest.raises(DriveReadOnly):
                export(backup, folder)
            assert list(folder.iterdir()) == []
        finally:
            if not ok:
                folder.chmod(0o755)


def test_a_file_over_4_gib_does_not_go_to_fat32(tmp_path: Path) -> None:
    big = tmp_path / "big.cdbak"
    with big.open("wb") as handle:  # sparse: no 4 GiB written
        handle.truncate(FAT_MAX_FILE + 1)
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(FileTooLargeForDrive):
        export(big, stick, fs_type="vfat")
    assert list(stick.iterdir()) == []


def test_no_partial_names_are_left_after_success(backup: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    export(backup, stick)
    assert not any(p.name.endswith(PARTIAL_SUFFIX) for p in stick.iterdir())
