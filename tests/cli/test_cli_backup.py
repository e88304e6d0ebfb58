"""`clubdesk backup ...` as a real process: exit codes 0 ok, 2 bad input, 4 verification
failed, 5 wrong passphrase; backups work while the licence is locked; a failed restore leaves
the database byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from test_cli import clubdesk, register, shop

from backup_helpers import rewrite_header
from clubdesk.storage.database import DB_FILENAME

PASSPHRASE = "counter at the corner shop"


def db_digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name.startswith(DB_FILENAME)
    }


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ready(data_dir: Path, passphrase_file: Path) -> Path:
    """A licensed shop with two members and backups set up through the CLI."""
    register(data_dir, "09121234567")
    register(data_dir, "09121234568")
    run = clubdesk(
        "backup", "setup", "--passphrase-file", str(passphrase_file), "--json", data_dir=data_dir
    )
    assert run.code == 0, run.stderr
    assert len(run.json()["recovery_code"].replace("-", "")) == 25
    return data_dir


def create(data_dir: Path, *extra: str) -> Path:
    run = clubdesk("backup", "create", "--json", *extra, data_dir=data_dir)
    assert run.code == 0, run.stderr
    return Path(run.json()["path"])


def test_setup_create_list_verify(ready: Path, tmp_path: Path) -> None:
    made = create(ready)
    assert made.parent == ready / "backups"
    stick = tmp_path / "stick"
    stick.mkdir()
    other = create(ready, "--to", str(stick))
    listed = clubdesk("backup", "list", "--from", str(stick), "--json", data_dir=ready)
    assert listed.code == 0
    paths = [Path(item["path"]) for item in listed.json()]
    assert set(paths) == {made, other}
    assert all(item["manifest"]["member_count"] == 2 for item in listed.json())
    verified = clubdesk("backup", "verify", str(made), "--json", data_dir=ready)
    assert verified.code == 0, verified.stderr
    assert verified.json()["ok"] is True
    human = clubdesk("backup", "list", data_dir=ready)
    assert human.code == 0
    assert made.name in human.stdout


def test_setup_twice_is_bad_input(ready: Path, passphrase_file: Path) -> None:
    again = clubdesk("backup", "setup", "--passphrase-file", str(passphrase_file), data_dir=ready)
    assert again.code == 2
    assert "already" in again.stderr


def test_verify_exit_codes(ready: Path, tmp_path: Path) -> None:
    made = create(ready)
    damaged = tmp_path / "damaged.cdbak"
    data = bytearray(made.read_bytes())
    data[-40] ^= 1
    damaged.write_bytes(bytes(data))
    assert clubdesk("backup", "verify", str(damaged), data_dir=ready).code == 4

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all", encoding="utf-8")
    run = clubdesk("backup", "verify", str(made), "--passphrase-file", str(wrong), data_dir=ready)
    assert run.code == 5
    assert "passphrase" in run.stderr.lower()

    env_run = clubdesk(
        "backup",
        "verify",
        str(made),
        data_dir=ready,
        env={"CLUBDESK_BACKUP_PASSPHRASE": PASSPHRASE},
    )
    assert env_run.code == 0, env_run.stderr

    foreign = tmp_path / "notes.cdbak"
    foreign.write_text("hello", encoding="utf-8")
    assert clubdesk("backup", "verify", str(foreign), data_dir=ready).code == 2
    assert clubdesk("backup", "verify", str(tmp_path / "missing.cdbak"), data_dir=ready).code == 2


def test_restore_nearest_and_chosen(ready: Path) -> None:
    made = create(ready)
    register(ready, "09121234569")
    run = clubdesk("backup", "restore", "--nearest", "--json", data_dir=ready)
    assert run.code == 0, run.stderr
    result = run.json()
    assert Path(result["restored"]["path"]) == made
    assert result["saved_current"]["manifest"]["kind"] == "pre_restore"
    with shop(ready) as club:
        assert club.count_members() == 2
    saved = Path(result["saved_current"]["path"])
    chosen = clubdesk("backup", "restore", str(saved), "--json", data_dir=ready)
    assert chosen.code == 0, chosen.stderr
    with shop(ready) as club:
        assert club.count_members() == 3


def test_restore_failures_leave_the_database_untouched(ready: Path, tmp_path: Path) -> None:
    made = create(ready)
    newer = tmp_path / made.name
    shutil.copyfile(made, newer)
    rewrite_header(newer, {"schema_revision": "9999_future"})
    damaged = tmp_path / "damaged.cdbak"
    data = bytearray(made.read_bytes())
    data[-40] ^= 1
    damaged.write_bytes(bytes(data))
    before = db_digest(ready)
    assert clubdesk("backup", "restore", str(newer), data_dir=ready).code == 2
    assert clubdesk("backup", "restore", str(damaged), data_dir=ready).code == 4
    assert clubdesk("backup", "restore", data_dir=ready).code == 2  # neither file nor --nearest
    assert clubdesk("backup", "restore", str(made), "--nearest", data_dir=ready).code == 2
    assert db_digest(ready) == before


def test_backups_work_while_the_licence_is_locked(tmp_path: Path, passphrase_file: Path) -> None:
    """A folder with no licence: member commands refuse (3), backup commands run (0)."""
    folder = tmp_path / "unlicensed"
    folder.mkdir()
    register(folder, "09121234567")
    assert clubdesk("members", "find", "0912", data_dir=folder).code == 3
    setup = clubdesk("backup", "setup", "--passphrase-file", str(passphrase_file), data_dir=folder)
    assert setup.code == 0, setup.stderr
    made = create(folder)
    assert clubdesk("backup", "verify", str(made), data_dir=folder).code == 0
    assert clubdesk("backup", "restore", "--nearest", data_dir=folder).code == 0


def test_export_copies_and_reads_back(ready: Path, tmp_path: Path) -> None:
    made = create(ready)
    stick = tmp_path / "stick"
    stick.mkdir()
    run = clubdesk("backup", "export", str(made), "--to", str(stick), "--json", data_dir=ready)
    assert run.code == 0, run.stderr
    copy = Path(run.json()["path"])
    assert copy.read_bytes() == made.read_bytes()
    gone = clubdesk(
        "backup", "export", str(made), "--to", str(tmp_path / "ejected"), data_dir=ready
    )
    assert gone.code == 2


def test_create_without_setup_is_bad_input(data_dir: Path) -> None:
    register(data_dir, "09121234567")
    run = clubdesk("backup", "create", data_dir=data_dir)
    assert run.code == 2
    assert "not set up" in run.stderr


def test_mirror_folder_is_set_shown_refused_and_cleared(ready: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert clubdesk("backup", "mirror", "--json", data_dir=ready).json() == {"mirror": None}
    run = clubdesk("backup", "mirror", str(stick), "--json", data_dir=ready)
    assert run.code == 0, run.stderr
    assert run.json() == {"mirror": str(stick.resolve())}
    missing = clubdesk("backup", "mirror", str(tmp_path / "nowhere"), data_dir=ready)
    assert missing.code == 2
    assert missing.stderr.startswith("error:")
    assert clubdesk("backup", "mirror", "--json", data_dir=ready).json()["mirror"] == str(
        stick.resolve()
    )  # the refused one changed nothing
    off = clubdesk("backup", "mirror", "--off", "--json", data_dir=ready)
    assert off.json() == {"mirror": None}
