"""Off-site backups over real HTTP, on SQLite and PostgreSQL: chunked upload and resume, damage
caught by SHA-256, the quota, each licence kept apart, licence states, Range downloads,
retention, and the deletion of a licence's cloud data."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import time_machine
from sqlalchemy import func, select, update

from clubdesk_server import cloud_backups, retention
from clubdesk_server.cloud_backups import (
    delete_cloud_backups,
    remove_stale_uploads,
)
from clubdesk_server.db import transaction
from clubdesk_server.jobs import JobContext, run_job
from clubdesk_server.models import AuditEntry, CloudBackup, CloudChunk, Licence, Plan
from licence_server import RunningServer, running_server

CHUNK = 1000  # the test server's chunk size: a few KB make several chunks
NAME = "clubdesk-shop-20261125-101500.cdbak"


@pytest.fixture(scope="module")
def cloud_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("cloud-server"), database_url, cloud_chunk_size=CHUNK
    ) as running:
        yield running


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Shop:
    """One activated device of a new licence, speaking to the server over HTTP."""

    server: RunningServer
    key: str
    licence_id: str
    token: str
    http: requests.Session

    @property
    def url(self) -> str:
        return f"{self.server.url}/v1/cloud-backups"

    def headers(self, **more: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **more}

    def start(self, data: bytes, **body: Any) -> requests.Response:
        sent = {"name": NAME, "size": len(data), "sha256": sha(data),
                "manifest": {"member_count": 3, "key_id": "k1"}} | body  # fmt: skip
        return self.http.post(self.url, json=sent, headers=self.headers(), timeout=30)

    def put(
        self, upload_id: str, index: int, part: bytes, digest: str | None = None
    ) -> requests.Response:
        headers = self.headers()
        if digest != "":
            headers["X-Chunk-SHA256"] = digest or sha(part)
        return self.http.put(
            f"{self.url}/{upload_id}/chunks/{index}", data=part, headers=headers, timeout=30
        )

    def complete(self, upload_id: str) -> requests.Response:
        return self.http.post(
            f"{self.url}/{upload_id}/complete", headers=self.headers(), timeout=30
        )

    def listing(self) -> requests.Response:
        return self.http.get(self.url, headers=self.headers(), timeout=30)

    def content(self, backup_id: str, **headers: str) -> requests.Response:
        return self.http.get(
            f"{self.url}/{backup_id}/content", headers=self.headers(**headers), timeout=30
        )

    def send_all(self, upload_id: str, data: bytes, skip: tuple[int, ...] = ()) -> None:
        for index in range(0, -(-len(data) // CHUNK)):
            if index not in skip:
                sent = self.put(upload_id, index, data[index * CHUNK : (index + 1) * CHUNK])
                assert sent.status_code == 204, sent.text

    def upload(self, data: bytes) -> dict[str, Any]:
        started = self.start(data)
        assert started.status_code == 201, started.text
        upload_id = started.json()["upload_id"]
        self.send_all(upload_id, data)
        done = self.complete(upload_id)
        assert done.status_code == 200, done.text
        return done.json()  # type: ignore[no-any-return]

    def folder(self) -> Path:
        return self.server.settings.data_dir / "cloud-backups" / self.licence_id


def new_shop(server: RunningServer, **licence: Any) -> Shop:
    made = server.create_licence_full(**licence)
    http = requests.Session()
    body = {"licence_key": made["licence_key"], "fingerprint": f"fp-{os.urandom(8).hex()}",
            "device_name": "Counter 1"}  # fmt: skip
    activated = http.post(f"{server.url}/v1/activations", json=body, timeout=30)
    assert activated.status_code == 200, activated.text
    return Shop(server, made["licence_key"], made["licence_id"], activated.json()["token"], http)


@pytest.fixture
def shop(cloud_server: RunningServer) -> Iterator[Shop]:
    made = new_shop(cloud_server)
    yield made
    made.http.close()


def problem(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    return body  # type: ignore[no-any-return]


def chunk_rows(server: RunningServer, upload_id: str) -> int:
    with transaction(server.app.state.clubdesk.sessions) as session:
        query = (
            select(func.count())
            .select_from(CloudChunk)
            .join(CloudBackup, CloudBackup.id == CloudChunk.backup_id)
            .where(CloudBackup.public_id == upload_id)
        )
        return int(session.scalar(query) or 0)


def uploads_of(server: RunningServer, shop: Shop) -> list[CloudBackup]:
    with transaction(server.app.state.clubdesk.sessions) as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == shop.licence_id)).one()
        found = session.scalars(select(CloudBackup).where(CloudBackup.licence_id == licence.id))
        return list(found)


# -- upload and download -------------------------------------------------------------------------


def test_an_upload_in_chunks_downloads_as_the_same_bytes(shop: Shop) -> None:
    data = os.urandom(3 * CHUNK + 123)  # four chunks, the last one short
    started = shop.start(data)
    assert started.status_code == 201, started.text
    upload = started.json()
    assert upload["chunk_size"] == CHUNK
    assert upload["received"] == []
    shop.send_all(upload["upload_id"], data)
    assert sorted(p.name for p in (shop.folder() / f"{upload['upload_id']}.chunks").iterdir()) == [
        "0", "1", "2", "3"
    ]  # fmt: skip
    done = shop.complete(upload["upload_id"])
    assert done.status_code == 200, done.text
    info = done.json()
    assert info["backup_id"] == upload["upload_id"]
    assert (info["name"], info["size"], info["sha256"]) == (NAME, len(data), sha(data))
    assert info["manifest"] == {"member_count": 3, "key_id": "k1"}

    listed = shop.listing()
    assert listed.status_code == 200
    usage = listed.json()
    assert usage["used_bytes"] == len(data)
    assert usage["quota_bytes"] == 1 << 30  # "standard" is no plan on sale: the default
    assert [b["backup_id"] for b in usage["backups"]] == [info["backup_id"]]
    assert listed.headers["cache-control"] == "no-store"

    downloaded = shop.content(info["backup_id"])
    assert downloaded.status_code == 200
    assert downloaded.content == data
    assert downloaded.headers["x-content-sha256"] == sha(data)
    # One file per backup; the chunks are gone once it is assembled.
    assert [p.name for p in shop.folder().iterdir()] == [f"{info['backup_id']}.cdbak"]
    assert (shop.folder() / f"{info['backup_id']}.cdbak").read_bytes() == data
    assert chunk_rows(shop.server, info["backup_id"]) == 0
    assert [b.state for b in uploads_of(shop.server, shop)] == ["complete"]

    again = shop.complete(upload["upload_id"])  # a repeated complete answers the same backup
    assert again.status_code == 200
    assert again.json() == info
    same = shop.start(data)  # the same bytes announced again: nothing more to send
    assert same.status_code == 201
    assert same.json()["upload_id"] == info["backup_id"]
    assert same.json()["received"] == [0, 1, 2, 3]


def test_an_interrupted_upload_resumes_from_the_chunks_received(shop: Shop) -> None:
    data = os.urandom(5 * CHUNK)
    first = shop.start(data).json()
    shop.send_all(first["upload_id"], data, skip=(2, 4))
    resumed = shop.start(data)
    assert resumed.status_code == 201
    assert resumed.json()["upload_id"] == first["upload_id"]
    assert resumed.json()["received"] == [0, 1, 3]
    assert shop.put(first["upload_id"], 1, data[CHUNK : 2 * CHUNK]).status_code == 204  # twice
    for index in (2, 4):
        assert (
            shop.put(
                first["upload_id"], index, data[index * CHUNK : (index + 1) * CHUNK]
            ).status_code
            == 204
        )
    done = shop.complete(first["upload_id"])
    assert done.status_code == 200, done.text
    assert shop.content(first["upload_id"]).content == data


def test_a_chunk_damaged_in_transit_is_refused_and_not_stored(shop: Shop) -> None:
    data = os.urandom(2 * CHUNK)
    upload_id = shop.start(data).json()["upload_id"]
    good = data[:CHUNK]
    damaged = bytes([good[0] ^ 0x01]) + good[1:]
    body = problem(shop.put(upload_id, 0, damaged, digest=sha(good)), 422, "CHUNK_HASH_MISMATCH")
    assert "chunk 0" in body["detail"].lower()
    assert shop.start(data).json()["received"] == []
    chunks = shop.folder() / f"{upload_id}.chunks"
    assert not chunks.exists() or not any(chunks.iterdir())
    with transaction(shop.server.app.state.clubdesk.sessions) as session:
        outcomes = session.scalars(
            select(AuditEntry.outcome).where(AuditEntry.action == "cloud_backup.chunk")
            .order_by(AuditEntry.id.desc()).limit(1)
        ).all()  # fmt: skip
    assert outcomes == ["CHUNK_HASH_MISMATCH"]  # refusals are audited too

    assert shop.put(upload_id, 0, good).status_code == 204  # sent again, intact
    assert shop.put(upload_id, 1, data[CHUNK:]).status_code == 204
    assert shop.complete(upload_id).status_code == 200
    assert shop.content(upload_id).content == data


def test_chunks_of_the_wrong_place_length_or_without_a_hash_are_invalid(shop: Shop) -> None:
    data = os.urandom(2 * CHUNK + 10)
    upload_id = shop.start(data).json()["upload_id"]
    problem(shop.put(upload_id, 3, b"x" * 10), 422, "INVALID_INPUT")  # only 0..2
    problem(shop.put(upload_id, -1, b"x" * CHUNK), 422, "INVALID_INPUT")
    problem(shop.put(upload_id, 0, data[: CHUNK - 1]), 422, "INVALID_INPUT")  # not last: short
    problem(shop.put(upload_id, 2, data[2 * CHUNK :] + b"!"), 422, "INVALID_INPUT")
    problem(shop.put(upload_id, 0, b"x" * (3 * CHUNK)), 422, "INVALID_INPUT")  # over a chunk
    problem(shop.put(upload_id, 0, data[:CHUNK], digest=""), 422, "INVALID_INPUT")  # no hash
    problem(shop.put(upload_id, 0, data[:CHUNK], digest="abc"), 422, "INVALID_INPUT")
    assert shop.start(data).json()["received"] == []
    problem(shop.start(data, name="../../etc/passwd"), 422, "INVALID_INPUT")
    problem(shop.start(data, manifest={"x": "y" * 20_000}), 422, "INVALID_INPUT")
    problem(shop.start(data, sha256="A" * 64), 422, "INVALID_INPUT")
    anonymous = requests.post(shop.url, json={}, timeout=30)
    problem(anonymous, 422, "INVALID_INPUT")
    nobody = requests.get(shop.url, headers={"Authorization": "Bearer nope"}, timeout=30)
    problem(nobody, 401, "TOKEN_INVALID")


def test_completing_with_chunks_missing_names_them(shop: Shop) -> None:
    data = os.urandom(4 * CHUNK)
    upload_id = shop.start(data).json()["upload_id"]
    shop.send_all(upload_id, data, skip=(1, 3))
    assert chunk_rows(shop.server, upload_id) == 2
    body = problem(shop.complete(upload_id), 409, "UPLOAD_INCOMPLETE")
    assert "1, 3" in body["detail"]
    # A chunk file lost on the server's disk counts as missing, and the resume says so.
    (shop.folder() / f"{upload_id}.chunks" / "0").unlink()
    assert shop.start(data).json()["received"] == [2]
    assert "0, 1, 3" in problem(shop.complete(upload_id), 409, "UPLOAD_INCOMPLETE")["detail"]


def test_an_assembled_file_that_does_not_match_is_discarded(shop: Shop) -> None:
    announced = os.urandom(2 * CHUNK)
    sent = os.urandom(2 * CHUNK)  # chunks intact one by one, but not the announced file
    upload_id = shop.start(announced).json()["upload_id"]
    shop.send_all(upload_id, sent)
    problem(shop.complete(upload_id), 422, "UPLOAD_DAMAGED")
    assert uploads_of(shop.server, shop) == []
    assert not any(shop.folder().iterdir())  # no chunks, no half-assembled file
    problem(shop.complete(upload_id), 404, "BACKUP_NOT_FOUND")
    again = shop.start(announced).json()
    assert again["upload_id"] != upload_id
    assert again["received"] == []
    assert shop.listing().json()["used_bytes"] == len(announced)  # only the new upload


def test_a_full_quota_is_refused_with_the_figures_and_nothing_is_stored(
    cloud_server: RunningServer,
) -> None:
    plan = cloud_server.create_plan()
    with transaction(cloud_server.app.state.clubdesk.sessions) as session:
        session.execute(
            update(Plan).where(Plan.code == plan["code"]).values(cloud_quota_bytes=5000)
        )
    shop = new_shop(cloud_server, plan=plan["code"])
    kept = shop.upload(os.urandom(2000))
    pending = shop.start(os.urandom(2500)).json()  # an upload in progress counts too
    refused = problem(shop.start(os.urandom(1000)), 409, "CLOUD_QUOTA_FULL")
    assert "4.5 KB used of 5.0 KB" in refused["detail"]
    assert "1.0 KB" in refused["detail"]
    assert "plan" in refused["detail"]
    assert {b.public_id for b in uploads_of(cloud_server, shop)} == {
        kept["backup_id"],
        pending["upload_id"],
    }
    assert sorted(p.name for p in shop.folder().iterdir()) == [f"{kept['backup_id']}.cdbak"]
    usage = shop.listing().json()
    assert (usage["used_bytes"], usage["quota_bytes"]) == (4500, 5000)
    assert shop.start(os.urandom(500)).status_code == 201  # exactly full is allowed


def test_each_licence_sees_only_its_own_backups(cloud_server: RunningServer, shop: Shop) -> None:
    other = new_shop(cloud_server)
    data = os.urandom(CHUNK + 1)
    mine = shop.upload(data)
    pending = shop.start(os.urandom(CHUNK)).json()["upload_id"]
    assert other.listing().json()["backups"] == []
    problem(other.content(mine["backup_id"]), 404, "BACKUP_NOT_FOUND")
    problem(other.put(pending, 0, os.urandom(CHUNK)), 404, "BACKUP_NOT_FOUND")
    problem(other.complete(pending), 404, "BACKUP_NOT_FOUND")
    # The same bytes from another licence are another upload, not a resume of this one.
    theirs = other.start(data).json()
    assert theirs["upload_id"] != mine["backup_id"]
    assert theirs["received"] == []
    assert shop.start(os.urandom(CHUNK)).json()["received"] == []  # untouched by B's put
    problem(shop.content(pending), 404, "BACKUP_NOT_FOUND")  # in progress: not a backup yet
    problem(shop.content("no-such-id"), 404, "BACKUP_NOT_FOUND")
    other.http.close()


def test_a_revoked_licence_can_do_nothing_a_suspended_one_can_only_read(
    cloud_server: RunningServer, shop: Shop
) -> None:
    kept = shop.upload(os.urandom(1500))
    pending = shop.start(os.urandom(1500)).json()["upload_id"]
    cloud_server.admin.suspend(shop.key)
    problem(shop.start(os.urandom(10)), 403, "LICENCE_SUSPENDED")
    problem(shop.put(pending, 0, os.urandom(CHUNK)), 403, "LICENCE_SUSPENDED")
    assert shop.listing().status_code == 200
    assert shop.content(kept["backup_id"]).status_code == 200
    cloud_server.admin.revoke(shop.key)
    problem(shop.start(os.urandom(10)), 403, "LICENCE_REVOKED")
    problem(shop.complete(pending), 403, "LICENCE_REVOKED")
    problem(shop.listing(), 403, "LICENCE_REVOKED")
    problem(shop.content(kept["backup_id"]), 403, "LICENCE_REVOKED")


def test_an_expired_licence_cannot_upload_but_can_list_and_download(
    cloud_server: RunningServer,
) -> None:
    shop = new_shop(cloud_server, days=1)
    data = os.urandom(2 * CHUNK)
    kept = shop.upload(data)
    pending = shop.start(os.urandom(2 * CHUNK)).json()["upload_id"]
    with time_machine.travel(datetime.now(UTC) + timedelta(days=2), tick=True):
        problem(shop.start(os.urandom(10)), 403, "LICENCE_EXPIRED")
        problem(shop.put(pending, 0, os.urandom(CHUNK)), 403, "LICENCE_EXPIRED")
        problem(shop.complete(pending), 403, "LICENCE_EXPIRED")
        listed = shop.listing()
        assert listed.status_code == 200
        assert [b["backup_id"] for b in listed.json()["backups"]] == [kept["backup_id"]]
        assert shop.content(kept["backup_id"]).content == data
    shop.http.close()


def test_a_download_resumes_with_a_range(shop: Shop) -> None:
    data = os.urandom(2500)
    backup_id = shop.upload(data)["backup_id"]
    whole = shop.content(backup_id)
    assert whole.headers["accept-ranges"] == "bytes"
    rest = shop.content(backup_id, Range="bytes=1000-")
    assert rest.status_code == 206
    assert rest.headers["content-range"] == "bytes 1000-2499/2500"
    assert rest.content == data[1000:]
    assert shop.content(backup_id, Range="bytes=2500-").status_code == 416  # nothing left


def test_retention_keeps_the_newest_and_one_a_day(shop: Shop) -> None:
    now = datetime.now(UTC)
    made = {}
    for days_ago in (3, 2, 1):
        with time_machine.travel(now - timedelta(days=days_ago), tick=False):
            made[days_ago] = shop.upload(os.urandom(1200))["backup_id"]
    morning = shop.upload(os.urandom(1200))["backup_id"]
    evening = shop.upload(os.urandom(1200))["backup_id"]  # the same day: it replaces morning
    listed = [b["backup_id"] for b in shop.listing().json()["backups"]]
    assert listed == [evening, made[1], made[2], made[3]]  # newest first
    assert not (shop.folder() / f"{morning}.cdbak").exists()
    problem(shop.content(morning), 404, "BACKUP_NOT_FOUND")
    assert shop.listing().json()["used_bytes"] == 4 * 1200
    kept_files = {p.name for p in shop.folder().iterdir()}
    assert kept_files == {f"{b}.cdbak" for b in listed}


def test_the_retention_deleter_removes_one_licences_rows_and_files(
    cloud_server: RunningServer, shop: Shop
) -> None:
    other = new_shop(cloud_server)
    shop.upload(os.urandom(1500))
    pending = shop.start(os.urandom(1500)).json()["upload_id"]
    shop.put(pending, 0, os.urandom(CHUNK))
    theirs = other.upload(os.urandom(1500))
    assert delete_cloud_backups in retention.CLOUD_DATA_DELETERS  # registered by the app
    sessions = cloud_server.app.state.clubdesk.sessions
    with transaction(sessions) as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == shop.licence_id)).one()
        session.info[retention.SETTINGS_INFO] = cloud_server.settings
        assert delete_cloud_backups(session, licence, datetime.now(UTC)) == 2
        assert shop.folder().exists()  # files go only once the rows are gone for good
    assert not shop.folder().exists()
    assert uploads_of(cloud_server, shop) == []
    assert shop.listing().json() == {"used_bytes": 0, "quota_bytes": 1 << 30, "backups": []}
    assert [b["backup_id"] for b in other.listing().json()["backups"]] == [theirs["backup_id"]]
    assert other.content(theirs["backup_id"]).status_code == 200
    other.http.close()


def test_a_deletion_that_rolls_back_keeps_the_files(
    cloud_server: RunningServer, shop: Shop, caplog: pytest.LogCaptureFixture
) -> None:
    kept = shop.upload(os.urandom(1500))
    sessions = cloud_server.app.state.clubdesk.sessions

    def delete_then_fail() -> None:
        with transaction(sessions) as session:
            licence = session.scalars(
                select(Licence).where(Licence.public_id == shop.licence_id)
            ).one()
            session.info[retention.SETTINGS_INFO] = cloud_server.settings
            delete_cloud_backups(session, licence, datetime.now(UTC))
            raise RuntimeError("the rest of the deletion failed")

    with pytest.raises(RuntimeError):
        delete_then_fail()
    assert shop.content(kept["backup_id"]).status_code == 200
    # Without the settings (a caller other than the deletion job) the rows still go, and the
    # files left behind are logged.
    with caplog.at_level(logging.WARNING), transaction(sessions) as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == shop.licence_id)).one()
        assert delete_cloud_backups(session, licence, datetime.now(UTC)) == 1
    assert "were not removed" in caplog.text
    assert shop.folder().exists()


def test_stale_uploads_are_removed_by_the_daily_deletion_job(
    cloud_server: RunningServer, shop: Shop
) -> None:
    finished = shop.upload(os.urandom(1500))
    stale = shop.start(os.urandom(1500)).json()["upload_id"]
    shop.put(stale, 0, os.urandom(CHUNK))
    sessions = cloud_server.app.state.clubdesk.sessions
    assert remove_stale_uploads(sessions, cloud_server.settings, datetime.now(UTC)) == 0
    later = datetime.now(UTC) + cloud_backups.STALE_UPLOAD_AFTER + timedelta(hours=1)
    with JobContext(cloud_server.settings, engine=cloud_server.app.state.clubdesk.engine) as ctx:
        report = run_job("deletion", ctx, later)
    assert report["stale_uploads"] >= 1
    assert [b.public_id for b in uploads_of(cloud_server, shop)] == [finished["backup_id"]]
    assert not (shop.folder() / f"{stale}.chunks").exists()
    assert shop.content(finished["backup_id"]).status_code == 200


def test_a_finished_upload_takes_no_more_chunks(shop: Shop) -> None:
    data = os.urandom(CHUNK)
    backup_id = shop.upload(data)["backup_id"]
    problem(shop.put(backup_id, 0, data), 422, "INVALID_INPUT")
