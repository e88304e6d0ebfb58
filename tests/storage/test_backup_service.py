"""BackupService on real shop databases: create while the counter writes, verify, restore a
chosen or the nearest good backup, refuse newer ones, migrate older ones, prune, and keep
working while the licence is locked. Real SQLite files, the real keyring API (file backend)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backup_helpers import CHEAP_KDF, rewrite_header
from clubdesk.backup import keys, snapshot
from clubdesk.backup.service import (
    KEYS_FILE,
    BackupService,
    restore_damaged,
)
from clubdesk.core.backup import RetentionRule
from clubdesk.core.errors import (
    BackupBusy,
    BackupCorrupt,
    BackupTooNew,
    DatabaseNotSqlite,
    InvalidInput,
    NoGoodBackup,
    NotABackup,
    NotEnoughSpace,
    WrongPassphrase,
)
from clubdesk.core.licence import LicenceLocked
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage import schema
from clubdesk.storage.database import DB_FILENAME

PASSPHRASE = "counter at the corner shop"
_phones = itertools.count(1)


def fresh_phone() -> str:
    return f"0935{next(_phones):07d}"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "KDF_PARAMS", dict(CHEAP_KDF))


@pytest.fixture
def shop(club: ClubServices) -> ClubServices:
    """A shop with members, purchases and backups set up."""
    add_members(club, 5)
    club.backups().setup(PASSPHRASE)
    return club


def add_members(club: ClubServices, count: int, purchase: int = 120_000) -> None:
    for _ in range(count):
        draft = MemberDraft(phone=fresh_phone(), first_name="مریم", last_name="احمدی")
        member = club.register(draft).member
        club.record_purchase(member.id, purchase)


def db_facts(path: Path) -> tuple[int, int, int]:
    """(members, ledger sum, members' cached points sum) of a database file."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT (SELECT count(*) FROM members), (SELECT coalesce(sum(points), 0) FROM ledger),"
            " (SELECT coalesce(sum(points), 0) FROM members)"
        ).fetchone()
    finally:
        conn.close()


def flip_byte(path: Path, offset_from_end: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) - offset_from_end] ^= 0x40
    path.write_bytes(bytes(data))


def files_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of the database file and its side files: 'changes nothing' means byte-equal."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name.startswith(DB_FILENAME)
    }


def extracted(service: BackupService, path: Path, dest: Path) -> Path:
    from clubdesk.backup.archive import extract

    extract(path, dest, PASSPHRASE)
    return dest


# --------------------------------------------------------------------------- create


def test_create_while_another_thread_writes_is_one_consistent_moment(
    shop: ClubServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer commits during the copy (handshake in the progress callback, no sleeps);
    the snapshot is the database of one moment: ledger sum = cached points, counts agree."""
    add_members(shop, 40)
    monkeypatch.setattr(snapshot, "PAGES_PER_STEP", 2)  # many steps: the writer gets between
    before = shop.count_members()
    wanted, written, stop = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                wanted.wait()
                add_members(shop, 1)
                written.set()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            written.set()

    steps = 0

    def progress(done: int, total: int) -> None:
        nonlocal steps
        steps += 1
        if steps in (2, 5):  # mid-copy: let the writer commit a member and a purchase
            written.clear()
            wanted.set()
            assert written.wait(30)
            wanted.clear()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        info = shop.backups().create("manual", progress=progress)
    finally:
        stop.set()
        wanted.set()
        thread.join()
    assert not errors
    after = shop.count_members()
    assert after >= before + 2  # the writer really wrote during the copy
    assert info.manifest is not None
    copy = extracted(shop.backups(), info.path, tmp_path / "copy.sqlite3")
    members, ledger_sum, cached = db_facts(copy)
    assert (members, ledger_sum) == (info.manifest.member_count, info.manifest.ledger_sum)
    assert ledger_sum == cached  # no half-written purchase: one transaction or none
    assert before <= members < after
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_create_names_manifest_and_lists_newest_first(shop: ClubServices) -> None:
    first = shop.backups().create("manual")
    add_members(shop, 1)
    second = shop.backups().create("automatic")
    listed = shop.backups().list()
    assert [i.path for i in listed] == [second.path, first.path]
    assert all(i.automatic and i.problem is None for i in listed)
    manifest = listed[0].manifest
    assert manifest is not None
    assert (manifest.kind, manifest.member_count, manifest.schema_revision) == (
        "automatic",
        6,
        schema.HEAD,
    )
    assert ":" not in second.path.name
    assert second.path.suffix == ".cdbak"


def test_list_shows_damaged_and_foreign_files_with_a_problem(
    shop: ClubServices, tmp_path: Path
) -> None:
    other = tmp_path / "stick"
    other.mkdir()
    good = shop.backups().create("manual", folder=other)
    (other / "notes.cdbak").write_text("not a backup", encoding="utf-8")
    listed = shop.backups().list([other])
    by_name = {i.path.name: i for i in listed}
    assert by_name[good.path.name].problem is None
    assert not by_name[good.path.name].automatic
    assert by_name["notes.cdbak"].manifest is None
    assert by_name["notes.cdbak"].problem


def test_two_backups_at_once_one_is_refused(shop: ClubServices) -> None:
    """The first holds the folder's lock; a second (another service object, as another
    process would be) is refused with BackupBusy, and succeeds once the first is done."""
    inside, release = threading.Event(), threading.Event()
    results: list[object] = []

    def first() -> None:
        def progress(_done: int, _total: int) -> None:
            inside.set()
            release.wait(30)

        try:
            results.append(shop.backups().create("manual", progress=progress))
        except BaseException as error:
            results.append(error)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(30)
        other = BackupService(shop.data_dir)
        with pytest.raises(BackupBusy):
            other.create("manual")
        with pytest.raises(BackupBusy):
            shop.backups().create("automatic")  # same object, another thread
    finally:
        release.set()
        thread.join()
    assert len(results) == 1
    assert not isinstance(results[0], BaseException)
    assert BackupService(shop.data_dir).create("manual").path.exists()
    assert len(shop.backups().list()) == 2


def test_backups_run_while_the_licence_is_locked(shop: ClubServices) -> None:
    def locked() -> None:
        raise LicenceLocked(reason="expired")

    shop.gate = locked
    with pytest.raises(LicenceLocked):
        shop.search("0935")
    info = shop.backups().create("manual")
    assert shop.backups().verify(info.path).member_count == 5
    add_members_directly = shop.backups().restore(info.path)
    shop.reload()
    assert add_members_directly.restored.path == info.path
    with pytest.raises(LicenceLocked):  # the gate stays after a reload
        shop.count_members()


def test_setup_refuses_twice_unless_replacing(shop: ClubServices) -> None:
    with pytest.raises(InvalidInput):
        shop.backups().setup("another long passphrase")
    old = shop.backups().public_keys()
    code = shop.backups().setup("another long passphrase", replace_keys=True)
    assert code
    assert shop.backups().public_keys() != old
    assert shop.backups().configured()


def test_keys_are_in_the_database_and_in_the_mirror_file(shop: ClubServices) -> None:
    stored = BackupService(shop.data_dir).public_keys()
    with shop.db.read() as session:
        from clubdesk.storage import settings

        assert settings.get(session, "backup.keys") == stored.to_public_json()
    assert (shop.data_dir / KEYS_FILE).is_file()
    assert "master" not in (shop.data_dir / KEYS_FILE).read_text(encoding="utf-8")


def test_change_passphrase_keeps_old_backups_readable(shop: ClubServices) -> None:
    old = shop.backups().create("manual")
    with pytest.raises(WrongPassphrase):
        shop.backups().change_passphrase("not the passphrase", "a brand new passphrase")
    shop.backups().change_passphrase(PASSPHRASE, "a brand new passphrase")
    new = shop.backups().create("manual")
    assert shop.backups().verify(new.path, secret="a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        shop.backups().verify(new.path, secret=PASSPHRASE)
    assert shop.backups().verify(old.path)  # the keyring's master opens both
    assert shop.backups().verify(new.path)


def test_a_full_disk_leaves_no_partial_file_and_older_backups_intact(
    shop: ClubServices, tmp_path: Path
) -> None:
    """A real 1 MiB tmpfs as the target: the archive does not fit (SQLite pages of random
    data do not compress)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        older = shop.backups().create("manual", folder=folder)
        kept = older.path.read_bytes()
        with shop.db.write() as session:  # ~2 MiB of incompressible data
            session.connection().exec_driver_sql("CREATE TABLE filler (b BLOB)")
            session.connection().exec_driver_sql(
                "INSERT INTO filler SELECT randomblob(4000) FROM "
                "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                " SELECT i FROM n)"
            )
        with pytest.raises(NotEnoughSpace):
            shop.backups().create("manual", folder=folder)
        assert sorted(p.name for p in folder.iterdir()) == [older.path.name]
        assert older.path.read_bytes() == kept
    finally:
        subprocess.run(["umount", str(folder)], check=False)


# --------------------------------------------------------------------------- verify


def test_verify_good_damaged_truncated_foreign_and_wrong_passphrase(
    shop: ClubServices, tmp_path: Path
) -> None:
    info = shop.backups().create("manual")
    service = shop.backups()
    assert service.verify(info.path).member_count == 5
    assert service.verify(info.path, secret=PASSPHRASE).member_count == 5
    with pytest.raises(WrongPassphrase):
        service.verify(info.path, secret="not the passphrase at all")

    flipped = tmp_path / "flipped.cdbak"
    shutil.copyfile(info.path, flipped)
    flip_byte(flipped)
    with pytest.raises(BackupCorrupt):
        service.verify(flipped)

    cut = tmp_path / "cut.cdbak"
    cut.write_bytes(info.path.read_bytes()[:-500])
    with pytest.raises(BackupCorrupt):
        service.verify(cut)

    foreign = tmp_path / "photo.cdbak"
    foreign.write_bytes(b"\xff\xd8\xff\xe0 not a backup")
    with pytest.raises(NotABackup):
        service.verify(foreign)


# -------------------------------------------------------------------------- restore


def test_restore_a_chosen_backup_saves_the_current_data_first(shop: ClubServices) -> None:
    chosen = shop.backups().create("manual")
    add_members(shop, 3)
    result = shop.backups().restore(chosen.path)
    shop.reload()
    assert shop.count_members() == 5
    assert result.restored.path == chosen.path
    saved = result.saved_current
    assert saved is not None
    assert saved.manifest is not None
    assert (saved.manifest.kind, saved.manifest.member_count) == ("pre_restore", 8)
    assert saved.path.exists()
    assert not shop.backups().changed_since_last()  # the restored data is a backup already
    assert shop.backups().verify(saved.path).member_count == 8


def test_nearest_good_backup_skips_a_damaged_newest(shop: ClubServices) -> None:
    good = shop.backups().create("manual")
    add_members(shop, 2)
    newest = shop.backups().create("manual")
    flip_byte(newest.path, offset_from_end=50)
    add_members(shop, 1)
    result = shop.backups().restore(None)
    shop.reload()
    assert result.restored.path == good.path
    assert [i.path for i in result.skipped] == [newest.path]
    assert result.skipped[0].problem
    assert shop.count_members() == 5


def test_nearest_with_no_good_backup_changes_nothing(shop: ClubServices) -> None:
    only = shop.backups().create("manual")
    flip_byte(only.path)
    shop.close()
    before = files_digest(shop.data_dir)
    with pytest.raises(NoGoodBackup):
        BackupService(shop.data_dir).restore(None)
    assert files_digest(shop.data_dir) == before


@pytest.mark.parametrize(
    "change",
    [{"schema_revision": "9999_from_the_future"}, {"format_version": 99, "app_version": "9.0"}],
    ids=["newer-schema", "newer-format"],
)
def test_restore_refuses_a_newer_backup_and_changes_nothing(
    shop: ClubServices, change: dict[str, object]
) -> None:
    info = shop.backups().create("manual")
    rewrite_header(info.path, change)
    add_members(shop, 1)
    shop.close()
    before = files_digest(shop.data_dir)
    backups_before = sorted(p.name for p in shop.backups().auto_dir.iterdir())
    service = BackupService(shop.data_dir)
    with pytest.raises(BackupTooNew):
        service.restore(info.path)
    with pytest.raises(BackupTooNew):
        service.verify(info.path)
    assert files_digest(shop.data_dir) == before
    assert sorted(p.name for p in service.auto_dir.iterdir()) == backups_before


NEXT_REVISION = f"{int(schema.HEAD) + 1:04d}"


@pytest.fixture
def next_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A newer app: the real migrations plus one more that adds a table."""
    folder = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, folder)
    (folder / "versions" / f"{NEXT_REVISION}_test_marker.py").write_text(
        '"""Test-only: a newer schema."""\n\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "{NEXT_REVISION}"\ndown_revision = "{schema.HEAD}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    op.create_table("test_marker", sa.Column("id", sa.Integer(), primary_key=True))\n\n\n'
        "def downgrade() -> None:\n"
        '    op.drop_table("test_marker")\n',
        encoding="utf-8",
    )

    def switch() -> None:
        monkeypatch.setattr(schema, "MIGRATIONS", folder)
        monkeypatch.setattr(schema, "HEAD", NEXT_REVISION)
        schema.alembic_config.cache_clear()

    yield switch  # type: ignore[misc]
    schema.alembic_config.cache_clear()


def test_restore_of_an_older_schema_migrates_after_a_pre_migration_backup(
    shop: ClubServices, next_schema
) -> None:
    old = shop.backups().create("manual")
    shop.close()
    next_schema()  # the app was updated
    club = ClubServices.open(shop.data_dir, actor="tester")  # migrates this database
    try:
        kinds = [i.manifest.kind for i in club.backups().list() if i.manifest]
        assert kinds.count("pre_migration") == 1
        result = club.backups().restore(old.path)
        club.reload()
        assert club.count_members() == 5
        revision = sqlite3.connect(club.db.path).execute("SELECT version_num FROM alembic_version")
        assert revision.fetchone() == (NEXT_REVISION,)
        kinds = [i.manifest.kind for i in club.backups().list() if i.manifest]
        assert kinds.count("pre_migration") == 2  # the restored older file, before migrating
        assert result.saved_current is not None
        assert result.saved_current.manifest.schema_revision == NEXT_REVISION
    finally:
        club.close()


def test_damaged_database_at_start_is_restored_and_kept_aside(shop: ClubServices) -> None:
    shop.backups().create("manual")
    add_members(shop, 1)
    shop.close()
    garbage = b"this is not a database anymore" * 100
    path = shop.data_dir / DB_FILENAME
    path.write_bytes(garbage)
    with pytest.raises(DatabaseNotSqlite):
        ClubServices.open(shop.data_dir)
    assert path.read_bytes() == garbage  # opening did not touch it
    result = restore_damaged(shop.data_dir)
    assert result.saved_current is None
    assert result.kept_aside is not None
    assert ".damaged-" in result.kept_aside.name
    assert result.kept_aside.read_bytes() == garbage
    club = ClubServices.open(shop.data_dir)
    try:
        assert club.count_members() == 5
        assert club.backups().configured()  # the keys came back from the mirror file
    finally:
        club.close()


def test_damaged_database_with_no_good_backup_stays_where_it_is(shop: ClubServices) -> None:
    info = shop.backups().create("manual")
    flip_byte(info.path)
    shop.close()
    path = shop.data_dir / DB_FILENAME
    path.write_bytes(b"garbage" * 1000)
    before = files_digest(shop.data_dir)
    with pytest.raises(NoGoodBackup):
        restore_damaged(shop.data_dir)
    assert files_digest(shop.data_dir) == before


def test_restore_on_a_new_computer_with_the_passphrase(shop: ClubServices, tmp_path: Path) -> None:
    """The disk died: a new data folder, no keys, the keyring forgot the master key."""
    info = shop.backups().create("manual")
    key_id = shop.backups().public_keys().key_id
    stick = tmp_path / "stick"
    stick.mkdir()
    copy = stick / info.path.name
    shutil.copyfile(info.path, copy)
    shop.close()
    keys.forget_master(key_id)
    new_home = tmp_path / "new-pc"
    service = BackupService(new_home)
    assert not service.configured()
    result = service.restore(copy, secret=PASSPHRASE)
    assert result.saved_current is None
    club = ClubServices.open(new_home)
    try:
        assert club.count_members() == 5
        assert club.backups().configured()  # keys adopted, master back in the keyring
        assert club.backups().create("manual").path.exists()
    finally:
        club.close()


# ---------------------------------------------------------------------- automatic


def test_due_after_changes_at_most_every_interval(shop: ClubServices) -> None:
    service = shop.backups()
    now = datetime.now(UTC)
    assert service.due(now)  # set up, never backed up
    service.create("automatic")
    assert not service.changed_since_last()
    assert not service.due(now + timedelta(hours=5))  # nothing changed
    add_members(shop, 1)
    assert service.changed_since_last()
    assert not service.due(now + timedelta(minutes=5))
    assert service.due(now + timedelta(minutes=31))
    service.set_schedule(interval_minutes=60)
    assert not service.due(now + timedelta(minutes=31))
    assert service.schedule()["interval_minutes"] == 60


def test_backup_on_exit_only_when_something_changed(shop: ClubServices) -> None:
    made = shop.backup_on_exit()
    assert made is not None
    assert made.manifest.kind == "on_exit"
    assert shop.backup_on_exit() is None
    add_members(shop, 1)
    assert shop.backup_on_exit() is not None


def test_backup_on_exit_without_setup_does_nothing(club: ClubServices) -> None:
    add_members(club, 1)
    assert club.backup_on_exit() is None
    assert not club.backups().auto_dir.exists()


def test_automatic_job_backs_up_and_prunes(shop: ClubServices) -> None:
    from clubdesk.jobs import automatic_backup

    reports: list[object] = []
    automatic_backup(shop.backups, reports.append)
    automatic_backup(shop.backups, reports.append)  # nothing changed since: no second one
    assert len(reports) == 1
    assert reports[0].manifest.kind == "automatic"


def test_prune_keeps_the_newest_good_backup(shop: ClubServices) -> None:
    moments = iter(datetime(2026, 3, day, 9, tzinfo=UTC) for day in range(1, 20))
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    service = BackupService(shop.data_dir, db=shop.db, clock=lambda: next(moments))
    made = [service.create("automatic") for _ in range(4)]
    flip_byte(made[-1].path)  # the newest is damaged
    service.clock = lambda: now
    deleted = service.prune(RetentionRule(daily=1, weekly=0, monthly=0))
    remaining = {i.path for i in service.list()}
    assert made[-1].path in remaining  # the rule keeps the newest (damage is for a person)
    assert made[-2].path in remaining  # the newest GOOD one is never deleted
    assert set(deleted) == {made[0].path, made[1].path}


def test_prune_uses_the_retention_setting(shop: ClubServices) -> None:
    moments = iter(datetime(2026, 3, day, 9, tzinfo=UTC) for day in range(1, 20))
    service = BackupService(shop.data_dir, db=shop.db, clock=lambda: next(moments))
    made = [service.create("automatic") for _ in range(5)]
    service.set_schedule(daily=3, weekly=0, monthly=0)
    service.clock = lambda: datetime(2026, 3, 5, 12, tzinfo=UTC)
    assert set(service.prune()) == {made[0].path, made[1].path}


def test_stale_work_folders_are_removed(shop: ClubServices) -> None:
    leftover = shop.data_dir / ".backup-tmp-dead"
    leftover.mkdir()
    (leftover / DB_FILENAME).write_bytes(b"x" * 100)
    shop.backups().create("manual")
    assert not leftover.exists()
    with contextlib.suppress(FileNotFoundError):
        assert not any(p.name.startswith(".backup-tmp-") for p in shop.data_dir.iterdir())


def test_automatic_backups_are_copied_to_the_mirror_folder_and_thinned_with_them(
    shop: ClubServices, tmp_path: Path
) -> None:
    from clubdesk.jobs import automatic_backup

    service = shop.backups()
    mirror = tmp_path / "usb-stick"
    mirror.mkdir()
    (mirror / "holiday.jpg").write_bytes(b"not ours")  # the owner's own file stays
    service.set_mirror_folder(mirror)
    assert service.mirror_folder() == mirror.resolve()
    reports: list[object] = []
    automatic_backup(lambda: service, reports.append)
    (info,) = reports
    copies = sorted(p.name for p in mirror.glob("*.cdbak"))
    assert copies == [info.path.name]  # type: ignore[attr-defined]
    assert (mirror / info.path.name).read_bytes() == info.path.read_bytes()  # type: ignore[attr-defined]

    # The original leaves the automatic folder (the retention rule): its copy goes at the
    # next automatic backup; a file ClubDesk did not copy is never touched.
    info.path.unlink()  # type: ignore[attr-defined]
    add_members(shop, 1)
    automatic_backup(lambda: service, reports.append)
    newest = reports[-1]
    assert sorted(p.name for p in mirror.glob("*.cdbak")) == [newest.path.name]  # type: ignore[attr-defined]
    assert (mirror / "holiday.jpg").read_bytes() == b"not ours"
    # The copies count for restores: a damaged database finds them there too.
    assert any(i.path.parent == mirror.resolve() for i in service.list())


def test_a_mirror_folder_that_takes_no_files_is_refused_and_its_failure_reported(
    shop: ClubServices, tmp_path: Path
) -> None:
    from clubdesk.core.errors import DriveError
    from clubdesk.jobs import automatic_backup

    service = shop.backups()
    with pytest.raises(DriveError):
        service.set_mirror_folder(tmp_path / "does-not-exist")
    assert service.mirror_folder() is None
    stick = tmp_path / "stick"
    stick.mkdir()
    service.set_mirror_folder(stick)
    stick.rmdir()  # the stick was pulled out
    reports: list[object] = []
    automatic_backup(lambda: service, reports.append)
    (problem,) = reports
    assert isinstance(problem, DriveError)
    assert len(service.list()) == 1  # the backup itself was made
    service.set_mirror_folder(None)
    assert service.mirror_folder() is None
