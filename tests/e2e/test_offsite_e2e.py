"""Off-site backups from the desktop side against the real server on 127.0.0.1: real backups
made by BackupService, uploaded in chunks, listed, and restored on a new computer with only
the passphrase; a chunk damaged in transit and connections dropped midway by a real proxy;
the `clubdesk backup` commands as a real process; the Off-site screen in both languages.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from sqlalchemy import update

from backup_helpers import layout
from clubdesk.backup import keys
from clubdesk.backup.offsite import (
    AUTO_UPLOAD_EVERY,
    BACKOFF_SECONDS,
    DAMAGED_DOWNLOAD,
    DOWNLOAD_FOLDER,
    DOWNLOAD_SUFFIX,
    RETRIES,
    NoOffsiteBackups,
    OffsiteBackups,
    OffsiteFull,
    for_club,
)
from clubdesk.backup.service import BackupService
from clubdesk.core.backup import format_size
from clubdesk.core.errors import (
    BackupKeysMissing,
    Cancelled,
    DriveError,
    NoGoodBackup,
    NotABackup,
    WrongPassphrase,
)
from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.jobs import OFFSITE_CHECK_MINUTES, offsite_upload
from clubdesk.licensing.client import LicenceClient, ServerRefused, ServerUnreachable
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager, NotActivated
from clubdesk.protocol import CloudBackupInfo
from clubdesk.services import ClubServices
from clubdesk.storage.models import Member
from clubdesk.ui import i18n
from clubdesk.ui.backups import BackupsDialog, OffsiteDialog
from clubdesk_server.db import transaction
from clubdesk_server.models import Licence, Plan
from fakes.flaky_proxy import FlakyProxy
from licence_server import RunningServer, running_server
from renewal_shop import shop_window

CHUNK = 8192  # the server's chunk size here: a 300-member backup is several chunks
PASSPHRASE = "counter at the corner shop"
CHUNKS = "/v1/cloud-backups/*/chunks/*"
CONTENT = "/v1/cloud-backups/*/content"
DEVICE_ENV = "CLUBDESK_DEVICE_ID"


def restore_label() -> str:
    """The label of the Restore button of every restore question (ui.backups.restore_question)."""
    return i18n.translate("BackupsDialog", "Restore")


@pytest.fixture(scope="module")
def offsite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("offsite-server"), cloud_chunk_size=CHUNK
    ) as server:
        yield server


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest: the tests are about the network, not the KDF's cost."""
    monkeypatch.setitem(keys.KDF_PARAMS, "memory_cost", 8)
    monkeypatch.setitem(keys.KDF_PARAMS, "iterations", 1)
    monkeypatch.setitem(keys.KDF_PARAMS, "lanes", 1)


@dataclass
class Computer:
    """A shop folder activated as its own computer (``CLUBDESK_DEVICE_ID``)."""

    name: str
    folder: Path
    manager: LicenceManager
    server: RunningServer

    def backups(self) -> BackupService:
        return BackupService(self.folder, business="Test shop")

    def offsite(self, url: str | None = None, sleeps: list[float] | None = None) -> OffsiteBackups:
        """Off-site backups through ``url`` (a proxy) or straight to the server."""
        manager = self.manager

        def connection() -> tuple[LicenceClient, str]:
            client, token = manager.connection()
            return (LicenceClient(url) if url else client), token

        record = sleeps.append if sleeps is not None else (lambda _seconds: None)
        return OffsiteBackups(connection, self.backups(), sleep=record)

    def members(self) -> list[str]:
        club = ClubServices.open(self.folder, actor="tester")
        try:
            with club.db.read() as session:
                return sorted(m.phone for m in session.query(Member))
        finally:
            club.close()

    def licence_id(self) -> str:
        return str(self.manager.saved.licence_id)


Activate = Callable[..., Computer]  # (name, licence key=the fixture's) -> Computer


@pytest.fixture
def licence_key(offsite_server: RunningServer) -> str:
    return offsite_server.create_licence(days=365, devices=5)


@pytest.fixture
def computer(
    offsite_server: RunningServer,
    licence_key: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Activate:
    monkeypatch.setenv("CLUBDESK_DEV_PUBLIC_KEYS", str(offsite_server.public_keys_file))

    def activate(name: str, key: str | None = None) -> Computer:
        monkeypatch.setenv(DEVICE_ENV, f"{name}-{tmp_path.name}")
        folder = tmp_path / name
        folder.mkdir()
        manager = LicenceManager(folder, keys=load_keys(offsite_server.public_keys))
        manager.activate(offsite_server.url, key or licence_key, name)
        return Computer(name, folder, manager, offsite_server)

    return activate


def register(computer: Computer, *phones: str) -> None:
    club = ClubServices.open(computer.folder, actor="tester")
    try:
        for phone in phones:
            club.register(MemberDraft(phone=phone, first_name="Sara"))
    finally:
        club.close()


@pytest.fixture
def shop(computer: Activate) -> Computer:
    """The shop's PC: 300 members, two named ones, backups set up."""
    pc = computer("old-pc")
    club = ClubServices.open(pc.folder, actor="tester")
    try:
        club.add_demo_members(300, seed=7)
        club.backups().setup(PASSPHRASE)
    finally:
        club.close()
    register(pc, "09121234567", "09121234568")
    return pc


def chunk_count(path: Path) -> int:
    return -(-path.stat().st_size // CHUNK)


def index_of(path: str) -> int:
    return int(path.rsplit("/", 1)[1])


def new_computer_without_the_key(computer: Activate, shop: Computer) -> Computer:
    """A new PC: its own activation, an empty folder, and a keyring without the backup key."""
    public = shop.backups().public_keys()
    assert public is not None
    keys.forget_master(public.key_id)
    return computer("new-pc")


# -- the round trip -----------------------------------------------------------------------------


def test_a_backup_goes_off_site_and_is_restored_on_a_new_computer(
    shop: Computer, computer: Activate
) -> None:
    made = shop.backups().create("manual")
    assert made.manifest is not None
    assert chunk_count(made.path) >= 4
    progress: list[tuple[int, int]] = []
    uploaded = shop.offsite().upload(made.path, lambda done, total: progress.append((done, total)))
    assert uploaded.size == made.size
    assert uploaded.manifest["member_count"] == made.manifest.member_count == 302
    assert "key" not in json.dumps(uploaded.manifest).replace("key_id", "")  # public only
    assert progress[-1] == (made.size, made.size)

    listed = shop.offsite().list()
    assert [b.backup_id for b in listed.backups] == [uploaded.backup_id]
    assert listed.used_bytes == made.size

    new_pc = new_computer_without_the_key(computer, shop)
    with pytest.raises(BackupKeysMissing):  # a new PC needs the passphrase
        new_pc.offsite().restore_nearest()
    outcome = new_pc.offsite().restore_nearest(PASSPHRASE)
    assert outcome.backup.backup_id == uploaded.backup_id
    assert outcome.skipped == []
    assert outcome.result.saved_current is None  # nothing was there to keep
    assert new_pc.members() == shop.members()
    assert new_pc.backups().configured()  # the passphrase put the key in this keyring
    assert list((new_pc.folder / DOWNLOAD_FOLDER).iterdir()) == []  # no copy left over
    assert outcome.to_json()["backup"]["backup_id"] == uploaded.backup_id


def damage_inside(path: Path) -> None:
    """Flip a byte inside the archive's encrypted data: the file's SHA-256 changes with it,
    so only decrypting finds it (uploaded as it is, the server keeps it intact)."""
    start, end = layout(path).records[0]
    data = bytearray(path.read_bytes())
    data[(start + end) // 2] ^= 0x40
    path.write_bytes(bytes(data))


def test_restore_nearest_passes_over_damaged_backups_to_the_newest_good_one(
    shop: Computer, computer: Activate, offsite_server: RunningServer
) -> None:
    now = datetime.now(UTC)
    offsite = shop.offsite()
    with time_machine.travel(now - timedelta(days=2), tick=True):
        good = offsite.upload(shop.backups().create("automatic").path)
    register(shop, "09121234569")
    with time_machine.travel(now - timedelta(days=1), tick=True):
        spoiled_on_server = offsite.upload(shop.backups().create("automatic").path)
    stored = (
        offsite_server.settings.data_dir / "cloud-backups" / shop.licence_id()
        / f"{spoiled_on_server.backup_id}.cdbak"
    )  # fmt: skip
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01  # the server's disk went bad
    stored.write_bytes(bytes(data))
    register(shop, "09121234570")
    newest = shop.backups().create("automatic")
    damage_inside(newest.path)
    damaged_before_upload = offsite.upload(newest.path)
    assert [b.backup_id for b in offsite.list().backups] == [
        damaged_before_upload.backup_id, spoiled_on_server.backup_id, good.backup_id
    ]  # fmt: skip

    new_pc = new_computer_without_the_key(computer, shop)
    outcome = new_pc.offsite().restore_nearest(PASSPHRASE)
    assert outcome.backup.backup_id == good.backup_id
    skipped = {b.backup_id: problem for b, problem in outcome.skipped}
    assert list(skipped) == [damaged_before_upload.backup_id, spoiled_on_server.backup_id]
    assert "damaged" in skipped[damaged_before_upload.backup_id]
    assert DAMAGED_DOWNLOAD in skipped[spoiled_on_server.backup_id]
    assert len(new_pc.members()) == 302  # as on the day of the good one
    assert list((new_pc.folder / DOWNLOAD_FOLDER).iterdir()) == []


def test_no_good_off_site_backup_is_said_and_changes_nothing(shop: Computer) -> None:
    made = shop.backups().create("manual")
    damage_inside(made.path)
    shop.offsite().upload(made.path)
    before = shop.members()
    with pytest.raises(NoGoodBackup):
        shop.offsite().restore_nearest()
    assert shop.members() == before


def test_a_wrong_passphrase_is_said_after_one_download(
    shop: Computer, computer: Activate, offsite_server: RunningServer
) -> None:
    now = datetime.now(UTC)
    with time_machine.travel(now - timedelta(days=1), tick=True):
        shop.offsite().upload(shop.backups().create("automatic").path)
    shop.offsite().upload(shop.backups().create("automatic").path)
    new_pc = new_computer_without_the_key(computer, shop)
    with FlakyProxy(offsite_server.url) as proxy:
        with pytest.raises(WrongPassphrase):
            new_pc.offsite(proxy.url).restore_nearest("not the passphrase at all")
        assert len(proxy.requests("GET", CONTENT)) == 1  # the same key opens neither
        # The download was kept: typing the right passphrase does not fetch it again.
        restored = new_pc.offsite(proxy.url).restore_nearest(PASSPHRASE)
        assert len(proxy.requests("GET", CONTENT)) == 1
    assert restored.skipped == []
    assert len(new_pc.members()) == 302


def test_restoring_one_chosen_backup_keeps_the_current_data_first(shop: Computer) -> None:
    uploaded = shop.offsite().upload(shop.backups().create("manual").path)
    register(shop, "09121234571")
    outcome = shop.offsite().restore_one(uploaded.backup_id)  # this PC's keyring opens it
    assert outcome.backup.backup_id == uploaded.backup_id
    assert outcome.result.saved_current is not None
    assert outcome.result.saved_current.manifest.member_count == 303  # type: ignore[union-attr]
    assert len(shop.members()) == 302


# -- a bad network ------------------------------------------------------------------------------


def test_a_chunk_damaged_in_transit_is_detected_and_sent_again(
    shop: Computer, offsite_server: RunningServer, tmp_path: Path
) -> None:
    made = shop.backups().create("manual")
    sleeps: list[float] = []
    with FlakyProxy(offsite_server.url) as proxy:
        proxy.fail("PUT", CHUNKS, "corrupt")  # the first chunk: a byte flipped on the way
        uploaded = shop.offsite(proxy.url, sleeps).upload(made.path)
    puts = proxy.requests("PUT", CHUNKS)
    assert [p.status for p in puts[:2]] == [422, 204]  # CHUNK_HASH_MISMATCH, then intact
    assert puts[0].path == puts[1].path
    assert len(puts) == chunk_count(made.path) + 1
    assert sleeps == [BACKOFF_SECONDS[0]]
    copy = shop.offsite().download(uploaded.backup_id, tmp_path / "copy")
    assert copy.read_bytes() == made.path.read_bytes()


def test_a_chunk_damaged_every_time_gives_up_with_a_clear_message(
    shop: Computer, offsite_server: RunningServer
) -> None:
    made = shop.backups().create("manual")
    sleeps: list[float] = []
    with FlakyProxy(offsite_server.url) as proxy:
        proxy.fail("PUT", CHUNKS, "corrupt", times=RETRIES + 1)
        with pytest.raises(ServerRefused) as refused:
            shop.offsite(proxy.url, sleeps).upload(made.path)
    assert refused.value.server_code == "CHUNK_HASH_MISMATCH"
    assert "damaged" in str(refused.value)
    assert sleeps == list(BACKOFF_SECONDS)  # short pauses, never long ones


def test_an_answer_lost_mid_upload_is_sent_again_once(
    shop: Computer, offsite_server: RunningServer
) -> None:
    made = shop.backups().create("manual")
    with FlakyProxy(offsite_server.url) as proxy:
        proxy.fail("PUT", CHUNKS, "drop_after", skip=2)  # stored, but the answer is lost
        uploaded = shop.offsite(proxy.url).upload(made.path)
    assert [mode for _m, _p, mode in proxy.broken] == ["drop_after"]
    sent = [index_of(p.path) for p in proxy.requests("PUT", CHUNKS)]
    assert sent == [0, 1, 2, 2, *range(3, chunk_count(made.path))]
    assert uploaded.sha256 == shop.offsite().find(uploaded.backup_id).sha256


def test_an_upload_cut_off_for_good_resumes_where_it_stopped(
    shop: Computer, offsite_server: RunningServer
) -> None:
    made = shop.backups().create("manual")
    count = chunk_count(made.path)
    with FlakyProxy(offsite_server.url) as proxy:
        proxy.fail("PUT", CHUNKS, "drop_before", skip=2, times=RETRIES + 1)  # offline now
        with pytest.raises(ServerUnreachable):
            shop.offsite(proxy.url).upload(made.path)
        first = len(proxy.requests("PUT", CHUNKS))
        uploaded = shop.offsite(proxy.url).upload(made.path)  # back online
    again = [index_of(p.path) for p in proxy.requests("PUT", CHUNKS)[first:]]
    assert again == list(range(2, count))  # chunks 0 and 1 were not sent twice
    assert shop.offsite().list().backups[0].backup_id == uploaded.backup_id


def test_a_cancelled_upload_resumes_later(shop: Computer, offsite_server: RunningServer) -> None:
    made = shop.backups().create("manual")

    def cancel_after_two_chunks(done: int, _total: int) -> None:
        if done >= 2 * CHUNK:
            raise Cancelled

    with FlakyProxy(offsite_server.url) as proxy:
        with pytest.raises(Cancelled):
            shop.offsite(proxy.url).upload(made.path, cancel_after_two_chunks)
        assert shop.offsite().list().backups == []  # not complete: not a backup yet
        shop.offsite(proxy.url).upload(made.path)
    sent = [index_of(p.path) for p in proxy.requests("PUT", CHUNKS)]
    assert sent == list(range(chunk_count(made.path)))  # each chunk once


def test_a_download_cut_midway_resumes_with_a_range(
    shop: Computer, offsite_server: RunningServer, tmp_path: Path
) -> None:
    made = shop.backups().create("manual")
    uploaded = shop.offsite().upload(made.path)
    sleeps: list[float] = []
    with FlakyProxy(offsite_server.url) as proxy:
        proxy.fail("GET", CONTENT, "cut")
        copy = shop.offsite(proxy.url, sleeps).download(uploaded.backup_id, tmp_path / "dl")
    gets = proxy.requests("GET", CONTENT)
    assert [(g.status, g.range) for g in gets] == [
        ("cut", None), (206, f"bytes={made.size // 2}-")
    ]  # fmt: skip
    assert copy.read_bytes() == made.path.read_bytes()
    assert copy.name == made.path.name
    assert sleeps == [BACKOFF_SECONDS[0]]
    again = shop.offsite().download(uploaded.backup_id, tmp_path / "dl")
    assert again == copy  # already there and whole: not fetched twice


def test_an_unreachable_server_is_tried_a_few_times_then_said(shop: Computer) -> None:
    made = shop.backups().create("manual")
    with socket.socket() as closed:  # a port nothing listens on once it is closed
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}"
    sleeps: list[float] = []
    with pytest.raises(ServerUnreachable):
        shop.offsite(nowhere, sleeps).upload(made.path)
    assert sleeps == list(BACKOFF_SECONDS)


def test_a_chunk_the_server_lost_before_completing_is_sent_again(
    shop: Computer, offsite_server: RunningServer
) -> None:
    made = shop.backups().create("manual")
    count = chunk_count(made.path)
    lost: list[Path] = []

    def lose_the_first_chunk(done: int, total: int) -> None:
        """Once everything is sent, chunk 0 vanishes from the server's disk (a bad sector)."""
        folder = offsite_server.settings.data_dir / "cloud-backups" / shop.licence_id()
        if done == total and not lost:
            [chunk] = folder.glob("*.chunks/0")
            chunk.unlink()
            lost.append(chunk)

    with FlakyProxy(offsite_server.url) as proxy:
        uploaded = shop.offsite(proxy.url).upload(made.path, lose_the_first_chunk)
    completes = [p.status for p in proxy.requests("POST", "/v1/cloud-backups/*/complete")]
    assert completes == [409, 200]  # UPLOAD_INCOMPLETE, then asked again what it has
    sent = [index_of(p.path) for p in proxy.requests("PUT", CHUNKS)]
    assert sent == [*range(count), 0]
    assert shop.offsite().find(uploaded.backup_id).sha256 == uploaded.sha256


def test_a_download_into_something_that_is_not_a_folder_is_a_drive_error(
    shop: Computer, tmp_path: Path
) -> None:
    uploaded = shop.offsite().upload(shop.backups().create("manual").path)
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(DriveError):
        shop.offsite().download(uploaded.backup_id, a_file)
    # A leftover partial longer than the backup (another file's) is started again.
    folder = tmp_path / "dl"
    folder.mkdir()
    leftover = folder / f".{uploaded.backup_id}.cdbak{DOWNLOAD_SUFFIX}"
    leftover.write_bytes(b"\0" * (uploaded.size + 10))
    copy = shop.offsite().download(uploaded.backup_id, folder)
    assert copy.read_bytes() == shop.backups().list()[0].path.read_bytes()
    assert not leftover.exists()


# -- refusals and other errors ------------------------------------------------------------------


def test_a_full_quota_says_how_much_is_used_of_how_much(
    offsite_server: RunningServer, computer: Activate
) -> None:
    plan = offsite_server.create_plan()
    with transaction(offsite_server.app.state.clubdesk.sessions) as session:
        session.execute(
            update(Plan).where(Plan.code == plan["code"]).values(cloud_quota_bytes=60_000)
        )
    key = offsite_server.create_licence(days=365, devices=2, plan=plan["code"])
    pc = computer("small-plan", key)
    club = ClubServices.open(pc.folder, actor="tester")
    club.add_demo_members(300, seed=3)
    club.backups().setup(PASSPHRASE)
    club.close()
    first = pc.backups().create("manual")
    pc.offsite().upload(first.path)
    register(pc, "09121234567")
    second = pc.backups().create("manual")
    with pytest.raises(OffsiteFull) as full:
        pc.offsite().upload(second.path)
    text = str(full.value)
    assert f"{first.size / 1000:.1f} KB of 60.0 KB used" in text
    assert "plan" in text
    assert full.value.params["needed"] == f"{second.size / 1000:.1f} KB"
    with FlakyProxy(offsite_server.url) as proxy:  # the figures cannot be fetched: the refusal
        proxy.fail("GET", "/v1/cloud-backups", "drop_before")
        with pytest.raises(ServerRefused) as refused:
            pc.offsite(proxy.url).upload(second.path)
    assert refused.value.server_code == "CLOUD_QUOTA_FULL"
    assert "full" in str(refused.value)


def test_what_is_not_there_is_said(shop: Computer, computer: Activate, tmp_path: Path) -> None:
    not_a_backup = tmp_path / "notes.cdbak"
    not_a_backup.write_text("not an archive", encoding="utf-8")
    with pytest.raises(NotABackup):
        shop.offsite().upload(not_a_backup)
    with pytest.raises(NoOffsiteBackups):
        shop.offsite().restore_nearest()
    with pytest.raises(ServerRefused) as missing:
        shop.offsite().download("01a21000-0000-7000-8000-000000000000", tmp_path)
    assert missing.value.server_code == "BACKUP_NOT_FOUND"
    assert "no such off-site backup" in str(missing.value)
    club = ClubServices.open(tmp_path / "unlicensed", actor="tester")
    try:
        with pytest.raises(NotActivated):
            for_club(club)
    finally:
        club.close()


def test_an_expired_licence_cannot_upload_but_can_still_restore(
    offsite_server: RunningServer, computer: Activate
) -> None:
    key = offsite_server.create_licence(days=1, devices=2)
    pc = computer("expiring", key)
    club = ClubServices.open(pc.folder, actor="tester")
    club.register(MemberDraft(phone="09121234567", first_name="Sara"))
    club.backups().setup(PASSPHRASE)
    club.close()
    uploaded = pc.offsite().upload(pc.backups().create("manual").path)
    later = pc.backups().create("manual")
    with time_machine.travel(datetime.now(UTC) + timedelta(days=2), tick=True):
        with pytest.raises(ServerRefused) as expired:
            pc.offsite().upload(later.path)
        assert expired.value.server_code == "LICENCE_EXPIRED"
        assert "expired" in str(expired.value)
        outcome = pc.offsite().restore_nearest()
    assert outcome.backup.backup_id == uploaded.backup_id


# -- the automatic upload -----------------------------------------------------------------------


def test_automatic_backups_go_off_site_when_the_owner_turned_it_on(shop: Computer) -> None:
    offsite = shop.offsite()
    reports: list[Any] = []
    run = lambda now: offsite_upload(lambda: offsite, reports.append, now)  # noqa: E731
    now = datetime.now(UTC)
    offsite.set_enabled(True)
    assert shop.backups().setting("backup.offsite") is True  # a shop setting, in the database
    run(now)
    assert reports == []  # no automatic backup yet
    offsite.set_enabled(False)
    first = shop.backups().create("automatic")
    run(now)
    assert reports == []  # off
    offsite.set_enabled(True)
    run(now)
    assert [type(r) for r in reports] == [CloudBackupInfo]
    assert reports[0].name == first.path.name
    run(now)  # uploaded already: nothing more
    register(shop, "09121234580")
    second = shop.backups().create("automatic")
    run(now + timedelta(hours=1))  # a new one, but the last upload is too recent
    assert len(reports) == 1
    run(now + AUTO_UPLOAD_EVERY + timedelta(minutes=1))
    assert [r.name for r in reports] == [first.path.name, second.path.name]


def test_the_automatic_upload_reports_failures_but_not_being_offline(
    shop: Computer, offsite_server: RunningServer, licence_key: str
) -> None:
    shop.backups().create("automatic")
    reports: list[Any] = []
    with FlakyProxy(offsite_server.url) as proxy:
        offsite = shop.offsite(proxy.url)
        offsite.set_enabled(True)
        proxy.fail("POST", "/v1/cloud-backups", "drop_before", times=RETRIES + 1)
        offsite_upload(lambda: offsite, reports.append)
        assert reports == []  # offline: tried again at the next run

    def not_activated() -> OffsiteBackups:
        raise NotActivated()

    offsite_upload(not_activated, reports.append)
    assert reports == []
    offsite_server.admin.revoke(licence_key)  # the licence indicator says so
    offsite_upload(lambda: shop.offsite(), reports.append)
    assert reports == []

    def broken() -> OffsiteBackups:
        raise OSError("disk unreadable")

    offsite_upload(broken, reports.append)
    assert [type(r) for r in reports] == [OSError]


def test_a_refusal_of_the_automatic_upload_is_reported(
    shop: Computer, offsite_server: RunningServer
) -> None:
    shop.backups().create("automatic")
    reports: list[Any] = []
    with FlakyProxy(offsite_server.url) as proxy:
        offsite = shop.offsite(proxy.url)
        offsite.set_enabled(True)
        proxy.fail("PUT", CHUNKS, "corrupt", times=RETRIES + 1)
        offsite_upload(lambda: offsite, reports.append)
    assert [r.server_code for r in reports] == ["CHUNK_HASH_MISMATCH"]


def test_the_quota_refusal_of_an_automatic_upload_is_reported(
    shop: Computer, offsite_server: RunningServer
) -> None:
    plan = offsite_server.create_plan()
    with transaction(offsite_server.app.state.clubdesk.sessions) as session:
        session.execute(update(Plan).where(Plan.code == plan["code"]).values(cloud_quota_bytes=10))
        session.execute(
            update(Licence).where(Licence.public_id == shop.licence_id()).values(plan=plan["code"])
        )
    shop.backups().create("automatic")
    offsite = shop.offsite()
    offsite.set_enabled(True)
    reports: list[Any] = []
    offsite_upload(lambda: offsite, reports.append)
    assert [type(r) for r in reports] == [OffsiteFull]


# -- the command line ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def clubdesk(pc: Computer, *args: str) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "CLUBDESK_DATA_DIR"}
    env |= {"QT_QPA_PLATFORM": "offscreen", DEVICE_ENV: f"{pc.name}-{pc.folder.parent.name}"}
    done = subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(pc.folder), *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=180, check=False,
    )  # fmt: skip
    return Run(done.returncode, done.stdout, done.stderr)


def test_the_cli_uploads_lists_and_restores(
    shop: Computer, computer: Activate, tmp_path: Path
) -> None:
    made = shop.backups().create("automatic")
    up = clubdesk(shop, "backup", "upload", "--latest", "--json")
    assert up.code == 0, up.stderr
    uploaded = up.json()
    assert uploaded["name"] == made.path.name
    assert up.stderr == ""
    listed = clubdesk(shop, "backup", "cloud-list", "--json")
    assert listed.code == 0, listed.stderr
    assert [b["backup_id"] for b in listed.json()["backups"]] == [uploaded["backup_id"]]
    human = clubdesk(shop, "backup", "cloud-list")
    assert uploaded["backup_id"] in human.stdout
    assert "302 members" in human.stdout

    new_pc = new_computer_without_the_key(computer, shop)
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    no_secret = clubdesk(new_pc, "backup", "cloud-restore", "--nearest", "--json")
    assert no_secret.code == 2, no_secret.stderr  # no key here and nobody to ask
    assert no_secret.stdout == ""
    restored = clubdesk(
        new_pc, "backup", "cloud-restore", "--nearest", "--json", "--passphrase-file",
        str(passphrase),
    )  # fmt: skip
    assert restored.code == 0, restored.stderr
    assert restored.json()["backup"]["backup_id"] == uploaded["backup_id"]
    assert len(new_pc.members()) == 302
    by_id = clubdesk(new_pc, "backup", "cloud-restore", uploaded["backup_id"], "--json")
    assert by_id.code == 0, by_id.stderr  # the key is in this keyring now
    assert by_id.json()["restore"]["saved_current"] is not None


def test_cli_errors_have_their_exit_codes(
    shop: Computer, computer: Activate, tmp_path: Path
) -> None:
    neither = clubdesk(shop, "backup", "upload", "--json")
    assert (neither.code, neither.stdout) == (2, "")
    assert "--latest" in neither.stderr
    nothing = clubdesk(shop, "backup", "upload", "--latest")
    assert nothing.code == 2
    assert "no backup to upload" in nothing.stderr
    unknown = clubdesk(shop, "backup", "cloud-restore", "01a21000-0000-7000-8000-000000000000")
    assert unknown.code == 2
    assert "no such off-site backup" in unknown.stderr
    both = clubdesk(shop, "backup", "cloud-restore", "x", "--nearest")
    assert both.code == 2
    none_there = clubdesk(shop, "backup", "cloud-restore", "--nearest")
    assert none_there.code == 4
    stranger = Computer("stranger", tmp_path / "stranger", shop.manager, shop.server)
    stranger.folder.mkdir()
    unlicensed = clubdesk(stranger, "backup", "cloud-list", "--json")
    assert (unlicensed.code, unlicensed.stdout) == (3, "")
    assert "not activated" in unlicensed.stderr


# -- the Off-site screen ------------------------------------------------------------------------

WAIT = 30_000


def settle(qtbot: Any) -> None:
    """Let the screens' background work finish and report before the shop closes: a reload
    started by a restore must not outlive its window or use a closed database."""
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=WAIT)
    QApplication.processEvents()


def click_in_next_box(button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the next modal message box (the restore question)."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(10, lambda: click_in_next_box(button_text, seen))
        return
    seen.append(f"{box.text()}\n{box.informativeText()}")
    for button in box.buttons():
        if button.text() == button_text:
            button.click()
            return
    raise AssertionError(f"no button {button_text!r}")


def test_the_offsite_screen_uploads_lists_and_restores(
    qtbot: Any, lang: Lang, shop: Computer, artifacts: Path
) -> None:
    screens = artifacts / "screens"
    screens.mkdir(exist_ok=True)
    club = ClubServices.open(shop.folder, actor="tester", licence=shop.manager)
    try:
        club.backups().create("manual")
        backups = BackupsDialog(club)
        qtbot.addWidget(backups)
        backups.show()
        backups.load()
        qtbot.waitUntil(lambda: bool(backups.backups), timeout=WAIT)
        offsite = backups.open_offsite()
        assert offsite.backup == backups.backups[0].path  # Upload sends the selected one
        qtbot.waitUntil(lambda: offsite.usage is not None, timeout=WAIT)
        assert offsite.stack.currentWidget() is offsite.empty
        assert not offsite.nearest_button.isEnabled()
        assert offsite.auto.isChecked() is False

        offsite.upload_button.click()
        qtbot.waitUntil(lambda: offsite.message.kind == "success", timeout=WAIT)
        qtbot.waitUntil(
            lambda: offsite.usage is not None and len(offsite.usage.backups) == 1, timeout=WAIT
        )
        uploaded = offsite.usage.backups[0]  # type: ignore[union-attr]
        assert uploaded.name == backups.backups[0].path.name
        date_cell = offsite.list.item(0, 0).text()
        assert offsite.list.item(0, 2).text() == i18n.number(302)
        if lang is Lang.FA:
            assert date_cell.startswith("۱۴")  # the Jalali year, in Persian digits
            assert not any(ch.isascii() and ch.isdigit() for ch in offsite.usage_label.text())
            assert offsite.layoutDirection() == Qt.LayoutDirection.RightToLeft
            right = offsite.width() - 30  # each row of buttons starts at the right
            assert offsite.upload_button.geometry().right() > right
            assert offsite.restore_button.geometry().right() > right
        else:
            assert date_cell.startswith("20")
        for button in (offsite.upload_button, offsite.restore_button, offsite.nearest_button):
            hint = button.sizeHint().width()
            assert button.width() >= hint, f"{button.objectName()} is clipped"
            inside = button.mapTo(offsite, button.rect().topLeft()).x()
            assert 0 <= inside <= offsite.width() - button.width(), f"{button.objectName()} is cut"
        offsite.grab().save(str(screens / f"{lang.value}-backups-offsite.png"))

        offsite.auto.click()
        qtbot.waitUntil(lambda: offsite.enabled is True, timeout=WAIT)
        assert club.backups().setting("backup.offsite") is True

        club.register(MemberDraft(phone="09121234599", first_name="Nima"))
        seen: list[str] = []
        QTimer.singleShot(0, lambda: click_in_next_box(restore_label(), seen))
        with qtbot.waitSignal(backups.restored, timeout=WAIT):
            offsite.nearest_button.click()
        assert len(seen) == 1  # asked once, before anything changed
        qtbot.waitUntil(lambda: not offsite.busy, timeout=WAIT)
        assert offsite.message.kind == "success"
        assert i18n.number(302) in offsite.message.text()
        assert club.count_members() == 302  # the member added since is not in that backup
        assert len(offsite.message.text().splitlines()) == 2  # and where the data before went
        message = offsite.message
        qtbot.waitUntil(  # laid out: both lines on screen, none clipped
            lambda: message.height() >= message.heightForWidth(message.width()), timeout=WAIT
        )
        offsite.grab().save(str(screens / f"{lang.value}-backups-offsite-restored.png"))
    finally:
        settle(qtbot)
        club.close()


def test_the_offsite_screen_says_what_is_wrong_without_a_licence(
    qtbot: Any, lang: Lang, tmp_path: Path
) -> None:
    club = ClubServices.open(tmp_path / "unlicensed", actor="tester")
    try:
        dialog = OffsiteDialog(club)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.load()
        qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
        assert dialog.message.text() == i18n.error_text(NotActivated())
        assert not dialog.restore_button.isEnabled()
        assert not dialog.nearest_button.isEnabled()
        dialog.auto.click()  # a shop setting: works without a licence or network
        qtbot.waitUntil(lambda: dialog.enabled is True, timeout=WAIT)
        assert club.backups().setting("backup.offsite") is True
    finally:
        settle(qtbot)
        club.close()


def type_in_next_input(text: str, seen: list[str]) -> None:
    """Type ``text`` into the next modal input dialog (the passphrase question) and accept."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QInputDialog):
        QTimer.singleShot(10, lambda: type_in_next_input(text, seen))
        return
    seen.append(dialog.labelText())
    dialog.setTextValue(text)
    dialog.accept()


def test_a_new_computer_restores_from_the_offsite_screen_with_the_passphrase(
    qtbot: Any, lang: Lang, shop: Computer, computer: Activate
) -> None:
    shop.offsite().upload(shop.backups().create("manual").path)
    new_pc = new_computer_without_the_key(computer, shop)
    club = ClubServices.open(new_pc.folder, actor="tester", licence=new_pc.manager)
    try:
        dialog = OffsiteDialog(club)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.load()
        qtbot.waitUntil(lambda: dialog.nearest_button.isEnabled(), timeout=WAIT)
        asked: list[str] = []
        QTimer.singleShot(0, lambda: click_in_next_box(restore_label(), []))
        QTimer.singleShot(0, lambda: type_in_next_input(PASSPHRASE, asked))
        with qtbot.waitSignal(dialog.restored, timeout=WAIT):
            dialog.nearest_button.click()
        assert len(asked) == 1  # this keyring has no key: the passphrase was asked once
        qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
        assert dialog.message.kind == "success"
        assert club.count_members() == 302
        assert club.backups().configured()
    finally:
        settle(qtbot)
        club.close()


def test_the_offsite_screen_says_why_an_upload_failed(
    qtbot: Any, lang: Lang, offsite_server: RunningServer, computer: Activate
) -> None:
    plan = offsite_server.create_plan()
    with transaction(offsite_server.app.state.clubdesk.sessions) as session:
        session.execute(update(Plan).where(Plan.code == plan["code"]).values(cloud_quota_bytes=10))
    pc = computer("tiny-plan", offsite_server.create_licence(days=30, plan=plan["code"]))
    club = ClubServices.open(pc.folder, actor="tester", licence=pc.manager)
    try:
        club.register(MemberDraft(phone="09121234567", first_name="Sara"))
        club.backups().setup(PASSPHRASE)
        dialog = OffsiteDialog(club)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.set_backup(None)  # nothing chosen: a new backup is made, then sent
        dialog.upload_button.click()
        qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
        assert not dialog.busy
        assert dialog.upload_button.isEnabled()
        [made] = club.backups().list()  # the backup itself was made and kept here
        full = OffsiteFull(used="0 bytes", quota="10 bytes", needed=format_size(made.size))
        assert dialog.message.text() == i18n.error_text(full)
    finally:
        settle(qtbot)
        club.close()


def test_the_window_runs_the_offsite_job_and_says_how_it_went(
    qtbot: Any, lang: Lang, offsite_server: RunningServer, licence_key: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "till"
    manager = LicenceManager(data_dir, keys=load_keys(offsite_server.public_keys))
    manager.activate(offsite_server.url, licence_key, "Till 1")
    with shop_window(qtbot, offsite_server, data_dir, licence_key, manager) as opened:
        window = opened.window
        assert window.scheduler is not None
        job = window.scheduler.get_job("offsite-upload")
        assert job.trigger.interval == timedelta(minutes=OFFSITE_CHECK_MINUTES)
        club = opened.club
        club.backups().setup(PASSPHRASE)
        made = club.backups().create("automatic")
        offsite = for_club(club)
        offsite.set_enabled(True)
        with qtbot.waitSignal(window.bridge.offsite, timeout=WAIT) as reported:
            threading.Thread(  # what the scheduler does, off the GUI thread
                target=offsite_upload, args=(lambda: offsite, window.bridge.offsite.emit)
            ).start()
        assert reported.args[0].name == made.path.name
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=WAIT)
        assert window.statusBar().currentMessage() == window.tr("Backup copied off-site.")
        full = OffsiteFull(used="1.0 KB", quota="1.0 KB", needed="5.0 KB")
        said = window.tr("Off-site backup failed: %1").replace("%1", i18n.error_text(full))
        window.bridge.offsite.emit(full)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=WAIT)
        if lang is Lang.FA:
            assert "۵" in said  # the figures in Persian digits
            assert not any(ch.isascii() and ch.isdigit() for ch in said)
