"""Cloud sync against the real server (uvicorn on 127.0.0.1), on SQLite and PostgreSQL: push and
pull, idempotency, gap-free per-licence order, isolation between shops, locked licences,
concurrent pushes, and the retention deletion."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import time_machine
from private_db import Db
from server_api import Api, problem_of
from sqlalchemy import func, select

from clubdesk.core.ids import new_public_id
from clubdesk.licensing.client import LicenceClient, ServerRefused
from clubdesk.protocol import (
    SYNC_BATCH_LIMIT,
    Activation,
    ProblemCode,
    SyncChange,
    SyncPage,
    SyncPushResult,
)
from clubdesk_server import retention, sync
from clubdesk_server.db import transaction
from clubdesk_server.models import AuditEntry, Licence, SyncChangeRow, SyncHead
from licence_server import RunningServer, running_server

THREADS_PER_DEVICE = 2
BATCHES_PER_THREAD = 10
CHANGES_PER_BATCH = 5
BARRIER_TIMEOUT_S = 60


# -- helpers ------------------------------------------------------------------------------------


@dataclass
class Shop:
    key: str
    licence_id: str  # public id
    token: str  # the first device's
    device: str  # the id its changes name


def new_fingerprint() -> str:
    return "fp-" + secrets.token_hex(16)


def activate(api: Api, key: str) -> str:
    response = api.activate(key, new_fingerprint())
    assert response.status_code == 200, response.text
    return Activation.model_validate(response.json()).token


def open_shop(server: RunningServer, api: Api, **licence: Any) -> Shop:
    """A new licence (2 devices unless told), activated on one device."""
    record = server.create_licence_full(**licence)
    key = record["licence_key"]
    return Shop(key, record["licence_id"], activate(api, key), f"dev-{secrets.token_hex(4)}")


def change(device: str, n: int = 0, **fields: Any) -> SyncChange:
    """A change as a device records it: opaque to the server."""
    values: dict[str, Any] = {
        "change_id": new_public_id(),
        "device": device,
        "hlc": f"{1_790_000_000_000 + n:015d}-{n:05d}-{device}",
        "kind": "purchase",
        "member": new_public_id(),
        "data": {"amount": 120_000 + n, "points": n, "note": "خرید نقدی", "lines": [1, 2.5]},
    }
    return SyncChange(**(values | fields))


def changes(device: str, count: int, start: int = 0) -> list[SyncChange]:
    return [change(device, start + i) for i in range(count)]


def push(
    api: Api, token: str | None, batch: list[SyncChange] | dict[str, Any]
) -> requests.Response:
    body = batch if isinstance(batch, dict) else {"changes": [c.model_dump() for c in batch]}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.http.post(f"{api.url}/v1/sync/push", json=body, headers=headers, timeout=60)


def pull(api: Api, token: str | None, **params: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.http.get(f"{api.url}/v1/sync/changes", params=params, headers=headers, timeout=60)


def pushed(api: Api, token: str, batch: list[SyncChange]) -> SyncPushResult:
    response = push(api, token, batch)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return SyncPushResult.model_validate(response.json())


def page(api: Api, token: str, **params: Any) -> SyncPage:
    response = pull(api, token, **params)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return SyncPage.model_validate(response.json())


def pull_all(api: Api, token: str, limit: int = SYNC_BATCH_LIMIT) -> SyncPage:
    """Pages after the cursor until caught up (the last seq is the head), as the client does."""
    got: list[Any] = []
    after = 0
    while True:
        one = page(api, token, after=after, limit=limit)
        assert len(one.changes) <= limit
        got.extend(one.changes)
        if not one.changes or one.changes[-1].seq == one.head:
            return SyncPage(changes=got, head=one.head)
        after = one.changes[-1].seq


def licence_row_id(server: RunningServer, public_id: str) -> int:
    with server.admin.sessions() as session:
        return session.scalars(select(Licence.id).where(Licence.public_id == public_id)).one()


def stored(sessions: Any, licence_id: int) -> tuple[int, int | None]:
    """(changes stored, head) of a licence, read from the database."""
    with sessions() as session:
        count = session.scalar(
            select(func.count())
            .select_from(SyncChangeRow)
            .where(SyncChangeRow.licence_id == licence_id)
        )
        head = session.scalar(select(SyncHead.seq).where(SyncHead.licence_id == licence_id))
        return int(count or 0), head


# -- push and pull ------------------------------------------------------------------------------


def test_push_then_pull_returns_the_changes_unchanged_numbered_from_one(
    server: RunningServer, api: Api
) -> None:
    shop = open_shop(server, api)
    batch = [
        change(shop.device, 0, kind="member", data={"name": "نگین", "phone": "+989121234567"}),
        change(shop.device, 1, kind="purchase"),
        change(shop.device, 2, kind="ledger", data={"type": "redeem", "points": -40}),
        change(shop.device, 3, kind="merge", data={"into": new_public_id(), "nested": {"a": []}}),
        change(shop.device, 4, kind="ledger", data={}),
    ]
    assert pushed(api, shop.token, batch) == SyncPushResult(accepted=5, duplicates=0, head=5)
    got = page(api, shop.token, after=0)
    assert got.head == 5
    assert [c.seq for c in got.changes] == [1, 2, 3, 4, 5]
    assert [c.change for c in got.changes] == batch
    # The defaults: from the start, a full page.
    assert page(api, shop.token) == got


def test_a_licence_that_never_pushed_has_an_empty_log(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api)
    assert page(api, shop.token, after=0) == SyncPage(changes=[], head=0)
    assert pushed(api, shop.token, []) == SyncPushResult(accepted=0, duplicates=0, head=0)


def test_the_same_batch_pushed_twice_is_applied_once(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api)
    batch = changes(shop.device, 7)
    assert pushed(api, shop.token, batch) == SyncPushResult(accepted=7, duplicates=0, head=7)
    assert pushed(api, shop.token, batch) == SyncPushResult(accepted=0, duplicates=7, head=7)
    # Part old, part new (a retry after a dropped answer, with more changes since).
    more = changes(shop.device, 3, start=7)
    assert pushed(api, shop.token, batch[4:] + more) == SyncPushResult(
        accepted=3, duplicates=3, head=10
    )
    got = page(api, shop.token, after=0)
    assert [c.change for c in got.changes] == batch + more
    assert [c.seq for c in got.changes] == list(range(1, 11))


def test_a_change_repeated_in_one_batch_is_stored_once(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api)
    a, b = changes(shop.device, 2)
    assert pushed(api, shop.token, [a, b, a, a]) == SyncPushResult(accepted=2, duplicates=2, head=2)
    assert [c.change for c in page(api, shop.token).changes] == [a, b]


def test_pages_after_a_cursor_until_caught_up(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api)
    batch = changes(shop.device, 23)
    for start in range(0, 23, 10):
        pushed(api, shop.token, batch[start : start + 10])
    first = page(api, shop.token, after=0, limit=5)
    assert [c.seq for c in first.changes] == [1, 2, 3, 4, 5]
    assert first.head == 23
    middle = page(api, shop.token, after=20, limit=5)
    assert [c.seq for c in middle.changes] == [21, 22, 23]
    assert page(api, shop.token, after=23, limit=5) == SyncPage(changes=[], head=23)
    assert page(api, shop.token, after=1000) == SyncPage(changes=[], head=23)

    everything = pull_all(api, shop.token, limit=5)
    assert [c.seq for c in everything.changes] == list(range(1, 24))
    assert [c.change for c in everything.changes] == batch


def test_two_devices_of_a_licence_see_each_others_changes_in_push_order(
    server: RunningServer, api: Api
) -> None:
    shop = open_shop(server, api, devices=2)
    second = activate(api, shop.key)
    mine, theirs, mine_again = (
        changes(shop.device, 3),
        changes("dev-second", 4),
        changes(shop.device, 2, start=3),
    )
    assert pushed(api, shop.token, mine).head == 3
    assert pushed(api, second, theirs).head == 7
    assert pushed(api, shop.token, mine_again).head == 9
    for token in (shop.token, second):
        got = page(api, token, after=0)
        assert [c.change for c in got.changes] == mine + theirs + mine_again
        assert [c.seq for c in got.changes] == list(range(1, 10))


def test_a_new_device_pulls_the_whole_shop(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api, devices=2)
    batch = changes(shop.device, 12)
    pushed(api, shop.token, batch)
    newcomer = activate(api, shop.key)
    assert [c.change for c in pull_all(api, newcomer, limit=5).changes] == batch


# -- isolation ----------------------------------------------------------------------------------


def test_a_shop_cannot_read_or_write_another_shops_changes(server: RunningServer, api: Api) -> None:
    a = open_shop(server, api, business_name="Shop A")
    b = open_shop(server, api, business_name="Shop B")
    of_a, of_b = changes(a.device, 3), changes(b.device, 4)
    assert pushed(api, a.token, of_a).head == 3
    assert pushed(api, b.token, of_b).head == 4
    # A pushes changes that carry B's change ids and B's device name: they are A's own.
    copied = [c.model_copy(update={"data": {"forged": True}}) for c in of_b]
    assert pushed(api, a.token, copied) == SyncPushResult(accepted=4, duplicates=0, head=7)

    assert [c.change for c in page(api, a.token).changes] == of_a + copied
    got_b = page(api, b.token)
    assert [c.change for c in got_b.changes] == of_b
    assert got_b.head == 4
    # The query string cannot name another licence.
    assert page(api, a.token, licence=b.licence_id, licence_id=b.licence_id).head == 7


# -- locked licences ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lock", "code"),
    [
        ("revoke", ProblemCode.LICENCE_REVOKED),
        ("suspend", ProblemCode.LICENCE_SUSPENDED),
        ("expire", ProblemCode.LICENCE_EXPIRED),
    ],
)
def test_a_locked_licence_can_neither_push_nor_pull(
    server: RunningServer, api: Api, lock: str, code: str
) -> None:
    shop = open_shop(server, api, days=1)
    pushed(api, shop.token, changes(shop.device, 2))
    row_id = licence_row_id(server, shop.licence_id)
    later = datetime.now(UTC) + timedelta(days=2) if lock == "expire" else datetime.now(UTC)
    with time_machine.travel(later, tick=True):
        if lock == "revoke":
            server.admin.revoke(shop.key)
        elif lock == "suspend":
            server.admin.suspend(shop.key)
        refused = push(api, shop.token, changes(shop.device, 3, start=2))
        problem_of(refused, 403, code)
        problem_of(pull(api, shop.token, after=0), 403, code)
        assert stored(server.admin.sessions, row_id) == (2, 2)
        # Unlocked (renewed, or reactivated by support), the licence syncs again.
        if lock == "expire":
            server.admin.extend(shop.key, 30)
        else:
            server.admin.reactivate(shop.key)
        assert pushed(api, shop.token, changes(shop.device, 1, start=2)).head == 3
        assert page(api, shop.token).head == 3


def test_a_licence_expires_at_its_paid_until(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api, days=0, minutes=30)
    paid_until = datetime.fromisoformat(
        server.admin.show(shop.key)["paid_until"],
    )
    with time_machine.travel(paid_until - timedelta(seconds=1), tick=False):
        assert page(api, shop.token).head == 0
    with time_machine.travel(paid_until, tick=False):
        problem_of(pull(api, shop.token), 403, ProblemCode.LICENCE_EXPIRED)


# -- bad input and bad tokens -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": SYNC_BATCH_LIMIT + 1},
        {"after": -1},
        {"after": "x"},
        {"limit": "many"},
    ],
)
def test_a_bad_cursor_or_limit_is_422(
    server: RunningServer, api: Api, params: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    problem = problem_of(pull(api, shop.token, **params), 422, ProblemCode.INVALID_INPUT)
    assert next(iter(params)) in problem.detail


def _valid(device: str) -> dict[str, Any]:
    return change(device).model_dump()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            lambda d: {"changes": [_valid(d) for _ in range(SYNC_BATCH_LIMIT + 1)]}, id="too-many"
        ),
        pytest.param(
            lambda d: {"changes": [_valid(d), {k: v for k, v in _valid(d).items() if k != "hlc"}]},
            id="missing-field",
        ),
        pytest.param(lambda d: {"changes": [_valid(d) | {"kind": "delete"}]}, id="unknown-kind"),
        pytest.param(lambda d: {"changes": [_valid(d) | {"change_id": ""}]}, id="empty-id"),
        pytest.param(lambda d: {"changes": [_valid(d) | {"member": "m" * 37}]}, id="long-member"),
        pytest.param(lambda d: {"changes": [_valid(d) | {"licence": "x"}]}, id="extra-field"),
        pytest.param(lambda d: {"changes": [_valid(d)], "licence_id": "x"}, id="extra-top"),
        pytest.param(lambda d: {"changes": "all"}, id="not-a-list"),
        pytest.param(lambda d: {}, id="no-changes"),
    ],
)
def test_a_bad_batch_is_422_and_nothing_is_stored(
    server: RunningServer, api: Api, body: Any
) -> None:
    shop = open_shop(server, api)
    problem_of(push(api, shop.token, body(shop.device)), 422, ProblemCode.INVALID_INPUT)
    assert page(api, shop.token) == SyncPage(changes=[], head=0)
    assert stored(server.admin.sessions, licence_row_id(server, shop.licence_id)) == (0, None)


@pytest.mark.parametrize("token", [None, "not-a-token", ""])
def test_no_token_or_an_unknown_one_is_401(
    server: RunningServer, api: Api, token: str | None
) -> None:
    shop = open_shop(server, api)
    pushed(api, shop.token, changes(shop.device, 1))
    for response in (push(api, token, changes("dev-x", 1)), pull(api, token, after=0)):
        problem_of(response, 401, ProblemCode.TOKEN_INVALID)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert page(api, shop.token).head == 1


def test_a_released_device_can_no_longer_sync(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api)
    assert api.deactivate(shop.token).status_code == 204
    problem_of(pull(api, shop.token), 401, ProblemCode.TOKEN_INVALID)
    problem_of(push(api, shop.token, changes(shop.device, 1)), 401, ProblemCode.TOKEN_INVALID)


# -- the audit log ------------------------------------------------------------------------------


def test_pushes_are_audited_pulls_only_when_refused(server: RunningServer, api: Api) -> None:
    shop = open_shop(server, api)
    row_id = licence_row_id(server, shop.licence_id)
    pushed(api, shop.token, changes(shop.device, 3))
    pushed(api, shop.token, changes(shop.device, 2, start=3))
    for after in (0, 2, 5, 5, 5):
        page(api, shop.token, after=after)
    server.admin.suspend(shop.key)
    problem_of(pull(api, shop.token), 403, ProblemCode.LICENCE_SUSPENDED)

    with server.admin.sessions() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.outcome, AuditEntry.actor)
            .where(AuditEntry.licence_id == row_id, AuditEntry.action.like("sync.%"))
            .order_by(AuditEntry.id)
        ).all()
    assert [(action, outcome) for action, outcome, _ in rows] == [
        ("sync.push", "ok"),
        ("sync.push", "ok"),
        ("sync.pull", ProblemCode.LICENCE_SUSPENDED),
    ]
    assert all(actor.startswith("device:") for _, _, actor in rows)


# -- concurrency --------------------------------------------------------------------------------


def test_concurrent_pushes_of_two_devices_get_unique_gap_free_numbers(
    server: RunningServer,
) -> None:
    """Four threads (two per device) push ten batches each at once: every change is stored
    exactly once, the numbers are 1..N without gaps, each thread's changes keep their order.
    On PostgreSQL this holds only because a push locks the licence's head row."""
    setup = Api(server.url)
    shop = open_shop(server, setup, devices=2)
    tokens = [shop.token, activate(setup, shop.key)]
    setup.http.close()
    threads = 2 * THREADS_PER_DEVICE
    batches = {
        t: [
            changes(f"dev-{t}", CHANGES_PER_BATCH, start=b * CHANGES_PER_BATCH)
            for b in range(BATCHES_PER_THREAD)
        ]
        for t in range(threads)
    }
    gate = threading.Barrier(threads, timeout=BARRIER_TIMEOUT_S)

    def run(t: int) -> list[SyncPushResult]:
        own = Api(server.url)
        try:
            gate.wait()
            return [pushed(own, tokens[t % 2], batch) for batch in batches[t]]
        finally:
            own.http.close()

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(run, range(threads)))

    total = threads * BATCHES_PER_THREAD * CHANGES_PER_BATCH
    assert all(r.accepted == CHANGES_PER_BATCH and r.duplicates == 0 for rs in results for r in rs)
    heads = [r.head for rs in results for r in rs]
    assert sorted(heads) == list(range(CHANGES_PER_BATCH, total + 1, CHANGES_PER_BATCH))
    reader = Api(server.url)
    try:
        got = pull_all(reader, shop.token)
    finally:
        reader.http.close()
    assert got.head == total
    assert [c.seq for c in got.changes] == list(range(1, total + 1))
    ids = [c.change.change_id for c in got.changes]
    assert len(set(ids)) == total
    for t in range(threads):
        sent = [c.change_id for batch in batches[t] for c in batch]
        assert [i for i in ids if i in set(sent)] == sent  # in each thread's order
        # A batch is stored contiguously: one push, one run of numbers.
        for batch in batches[t]:
            seqs = [ids.index(c.change_id) + 1 for c in batch]
            assert seqs == list(range(seqs[0], seqs[0] + CHANGES_PER_BATCH))


# -- retention ----------------------------------------------------------------------------------


def test_the_sync_deleter_is_registered_when_the_app_is_made(server: RunningServer) -> None:
    assert sync.delete_sync_data in retention.CLOUD_DATA_DELETERS


def test_the_deletion_removes_a_licences_sync_data_and_no_one_elses(db: Db, tmp_path: Path) -> None:
    """Day 30 after expiry: the expired licence's change log and head go with the rest of its
    data (through the registered deleter); another licence's log is untouched."""
    with running_server(tmp_path / "server", db.url) as server:
        api = Api(server.url)
        gone = open_shop(server, api, days=1, mobile="09121234567")
        kept = open_shop(server, api, days=60, mobile="09351112233")
        pushed(api, gone.token, changes(gone.device, 6))
        pushed(api, kept.token, changes(kept.device, 4))
        gone_id = licence_row_id(server, gone.licence_id)
        kept_id = licence_row_id(server, kept.licence_id)
        api.http.close()
    now = datetime.now(UTC)
    with transaction(db.sessions) as session:
        session.get_one(Licence, gone_id).paid_until = now - timedelta(days=40)
    assert retention.queue_deletion_warnings(db.sessions, db.settings, now - timedelta(days=8))
    [deleted] = retention.delete_expired_data(db.sessions, db.settings, now).deleted
    assert deleted.licence == gone.licence_id
    assert deleted.cloud_items >= 7  # 6 changes and the head (other cloud data may add)
    assert stored(db.sessions, gone_id) == (0, None)
    assert stored(db.sessions, kept_id) == (4, 4)


def test_delete_sync_data_counts_the_rows_it_removes(db: Db, tmp_path: Path) -> None:
    with running_server(tmp_path / "server", db.url) as server:
        api = Api(server.url)
        shop = open_shop(server, api)
        pushed(api, shop.token, changes(shop.device, 3))
        api.http.close()
    now = datetime.now(UTC)
    with transaction(db.sessions) as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == shop.licence_id)).one()
        assert sync.delete_sync_data(session, licence, now) == 4  # 3 changes and the head
        assert sync.delete_sync_data(session, licence, now) == 0
        assert sync.pull(session, licence, 0, SYNC_BATCH_LIMIT) == SyncPage(changes=[], head=0)


# -- the desktop client's calls -----------------------------------------------------------------


@pytest.fixture
def client(server: RunningServer) -> Iterator[LicenceClient]:
    made = LicenceClient(server.url)
    yield made
    made.http.close()


def test_the_client_pushes_and_pulls(
    server: RunningServer, api: Api, client: LicenceClient
) -> None:
    shop = open_shop(server, api)
    batch = changes(shop.device, 8)
    assert client.sync_push(shop.token, batch) == SyncPushResult(accepted=8, duplicates=0, head=8)
    assert client.sync_push(shop.token, batch) == SyncPushResult(accepted=0, duplicates=8, head=8)
    first = client.sync_pull(shop.token, 0, limit=5)
    assert [c.seq for c in first.changes] == [1, 2, 3, 4, 5]
    rest = client.sync_pull(shop.token, first.changes[-1].seq)
    assert [c.change for c in first.changes + rest.changes] == batch
    assert rest.head == rest.changes[-1].seq == 8


def test_the_client_reports_an_expired_licence_as_a_refusal(
    server: RunningServer, api: Api, client: LicenceClient
) -> None:
    shop = open_shop(server, api, days=1)
    with time_machine.travel(datetime.now(UTC) + timedelta(days=2), tick=False):
        for call in (
            lambda: client.sync_push(shop.token, changes(shop.device, 1)),
            lambda: client.sync_pull(shop.token, 0),
        ):
            with pytest.raises(ServerRefused) as refused:
                call()
            assert refused.value.server_code == "LICENCE_EXPIRED"
            assert refused.value.status == 403
            assert refused.value.message == "This licence has expired."
            assert "Renew" in refused.value.hint


def test_the_client_reports_a_bad_token_as_a_refusal(client: LicenceClient) -> None:
    with pytest.raises(ServerRefused) as refused:
        client.sync_pull("not-a-token", 0)
    assert refused.value.server_code == ProblemCode.TOKEN_INVALID
    assert refused.value.status == 401
