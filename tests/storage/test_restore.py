"""The restore swap under real crashes: a child process runs a restore and kills itself
(``os._exit``) at a named step; the data folder must then hold exactly the old or the new
database once the app starts, never a mix, and no leftovers."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backup_helpers import CHEAP_KDF
from clubdesk.backup import keys
from clubdesk.backup.restore import (
    CRASH_ENV,
    CRASH_POINTS,
    INTENT,
    NEW_SUFFIX,
    OLD_SUFFIX,
    recover,
    swap_in,
)
from clubdesk.backup.service import BackupService
from clubdesk.core.errors import BackupBusy
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME

PASSPHRASE = "counter at the corner shop"
_phones = itertools.count(1)
# Steps after which the new database has its name: from there the swap completes.
NEW_FROM = CRASH_POINTS.index("after-rename-new")

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from clubdesk.backup import keys
    from clubdesk.backup.service import BackupService

    keys.KDF_PARAMS = {"memory_cost": 8, "iterations": 1, "lanes": 1}
    BackupService(Path(sys.argv[1])).restore(Path(sys.argv[2]))
    """
)
# Registers one member and dies without closing: the member is only in the -wal file.
WAL_WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from clubdesk.core.members import MemberDraft
    from clubdesk.services import ClubServices

    club = ClubServices.open(Path(sys.argv[1]), actor="crash")
    club.register(MemberDraft(phone=sys.argv[2], first_name="WAL"))
    os._exit(0)
    """
)


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "KDF_PARAMS", dict(CHEAP_KDF))


def add_members(club: ClubServices, count: int) -> None:
    for _ in range(count):
        phone = f"0936{next(_phones):07d}"
        member = club.register(MemberDraft(phone=phone, first_name="رضا")).member
        club.record_purchase(member.id, 250_000)


def phones(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in conn.execute("SELECT phone FROM members")}
    finally:
        conn.close()


@pytest.fixture
def prepared(data_dir: Path) -> tuple[Path, set[str], set[str]]:
    """A shop whose backup holds the 'new' data and whose database holds the 'old' data
    (more members, some of them only in the WAL: the app is still open when it crashes)."""
    club = ClubServices.open(data_dir, actor="tester")
    try:
        add_members(club, 4)
        club.backups().setup(PASSPHRASE)
        backup = club.backups().create("manual").path
        new = phones(data_dir / DB_FILENAME)
        add_members(club, 3)
        old = phones(data_dir / DB_FILENAME)
    finally:
        club.close()
    wal_phone = f"0936{next(_phones):07d}"
    subprocess.run([sys.executable, "-c", WAL_WRITER, str(data_dir), wal_phone], check=True)
    assert (data_dir / (DB_FILENAME + "-wal")).stat().st_size > 0
    old = old | {"+98" + wal_phone[1:]}
    assert new < old
    return backup, old, new


def run_child(
    data_dir: Path, backup: Path, crash_at: str | None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop(CRASH_ENV, None)
    if crash_at is not None:
        env[CRASH_ENV] = crash_at
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), str(backup)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def leftovers(data_dir: Path) -> list[str]:
    names = {p.name for p in data_dir.iterdir()}
    return sorted(n for n in names if n == INTENT or n.endswith(NEW_SUFFIX) or OLD_SUFFIX in n)


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_crash_at_any_step_leaves_the_old_or_the_new_database(
    prepared: tuple[Path, set[str], set[str]], data_dir: Path, point: str
) -> None:
    backup, old, new = prepared
    done = run_child(data_dir, backup, point)
    assert done.returncode == 86, done.stderr  # it died where it was told to
    club = ClubServices.open(data_dir, actor="tester")  # start-up recovery runs here
    try:
        found = {m.phone for m in club.members_page("", "phone", False, 0, 100)}
    finally:
        club.close()
    expected = new if CRASH_POINTS.index(point) >= NEW_FROM else old
    assert found == expected
    assert phones(data_dir / DB_FILENAME) == expected
    assert leftovers(data_dir) == []


def test_without_a_crash_the_child_restores(
    prepared: tuple[Path, set[str], set[str]], data_dir: Path
) -> None:
    backup, _old, new = prepared
    done = run_child(data_dir, backup, None)
    assert done.returncode == 0, done.stderr
    assert phones(data_dir / DB_FILENAME) == new
    assert leftovers(data_dir) == []
    kinds = [i.manifest.kind for i in BackupService(data_dir).list() if i.manifest]
    assert "pre_restore" in kinds


def test_recover_with_nothing_to_do_touches_nothing(data_dir: Path) -> None:
    assert recover(data_dir) is None
    assert list(data_dir.iterdir()) == []


def test_a_swap_refuses_while_another_connection_has_the_database_open(
    prepared: tuple[Path, set[str], set[str]], data_dir: Path, tmp_path: Path
) -> None:
    """Another program (the app while the CLI restores) keeps its connection: the swap stops
    before renaming anything and the old data stays."""
    _backup, old, new = prepared
    replacement = tmp_path / "replacement.sqlite3"
    source = sqlite3.connect(data_dir / DB_FILENAME)
    target = sqlite3.connect(replacement)
    source.backup(target)
    target.close()
    source.close()
    holder = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM members").fetchone()  # a reader mid-transaction
    try:
        with pytest.raises(BackupBusy):
            swap_in(replacement, data_dir / DB_FILENAME)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert phones(data_dir / DB_FILENAME) == old
    assert leftovers(data_dir) == []
    assert old != new
