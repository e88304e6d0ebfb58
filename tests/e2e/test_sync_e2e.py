"""Cloud sync end to end: two or three real shop databases, each an activated till, and the real
server on 127.0.0.1 (SQLite and PostgreSQL), with the network broken by a real proxy.

Every scenario ends the same way: all tills converge to the same members and balances, and
every ledger event is present exactly once.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from clubdesk.core.errors import DuplicatePhone, InsufficientPoints
from clubdesk.core.licence import LicenceLocked
from clubdesk.core.members import MemberDraft
from clubdesk.licensing import fingerprint
from clubdesk.licensing.client import ServerRefused, ServerUnreachable
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.storage.ledger import derived_stats
from clubdesk.storage.models import LedgerEntry, Member, Purchase
from fakes.flaky_proxy import FlakyProxy
from licence_server import RunningServer, postgres_database, running_server

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PHONES = [f"0912{n:07d}" for n in (1111111, 2222222, 3333333, 4444444, 5555555)]


@pytest.fixture(scope="module", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
        return
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def sync_server(
    database_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("sync-server"), database_url) as server:
        yield server


@pytest.fixture(autouse=True)
def separate_computers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each data folder is its own computer (a random id kept in the folder)."""
    monkeypatch.setattr(fingerprint, "machine_id", lambda: "")


class Till:
    """One counter: an activated data folder with sync switched on."""

    def __init__(self, folder: Path, server: RunningServer, key: str, url: str) -> None:
        self.folder = folder
        self.manager = LicenceManager(folder, keys=load_keys(server.public_keys))
        self.manager.activate(url, key, folder.name)
        self.club = ClubServices.open(folder, actor=folder.name, licence=self.manager)
        self.club.sync_service().enable()

    def sync(self) -> None:
        self.club.sync_now()

    def state(self) -> tuple[dict[str, tuple[object, ...]], Tally[str]]:
        """Members by id (fields and cached figures, checked against the ledger) and how many
        times each ledger event is here."""
        with self.club.db.read() as session:
            members = {}
            for m in session.scalars(select(Member)):
                stats = derived_stats(session, m.id)
                assert (m.points, m.visits, m.total_spent) == (
                    stats.points,
                    stats.visits,
                    stats.total_spent,
                ), "cached figures equal the ledger"
                members[m.public_id] = (
                    m.phone, m.first_name, m.last_name, m.note, m.archived_at is not None,
                    m.points, m.visits, m.total_spent,
                )  # fmt: skip
            events = Tally(session.scalars(select(LedgerEntry.public_id)))
            events.update(session.scalars(select(Purchase.public_id)))
        return members, events

    def close(self) -> None:
        self.club.close()


@dataclass
class Shop:
    server: RunningServer
    key: str
    tmp: Path
    url: str
    tills: list[Till]

    def till(self, name: str) -> Till:
        till = Till(self.tmp / name, self.server, self.key, self.url)
        self.tills.append(till)
        return till


@pytest.fixture
def shop(sync_server: RunningServer, tmp_path: Path) -> Iterator[Shop]:
    made = Shop(sync_server, sync_server.create_licence(days=365, devices=5), tmp_path,
                sync_server.url, [])  # fmt: skip
    yield made
    for till in made.tills:
        till.close()


def converge(*tills: Till) -> None:
    """Sync every till in turn until a whole round moves nothing (a merge decided while
    applying one round travels in the next), then every till holds the same shop."""
    for _round in range(5):
        reports = [till.club.sync_now() for till in tills]
        if not any(r.pushed or r.pulled for r in reports):
            break
    else:
        pytest.fail("the tills never went quiet")
    states = [till.state() for till in tills]
    members, events = states[0]
    for other_members, other_events in states[1:]:
        assert other_members == members
        assert other_events == events
    assert all(count == 1 for count in events.values()), "every ledger event exactly once"


def register(till: Till, phone: str, name: str = "Ali") -> str:
    return till.club.register(MemberDraft(phone=phone, first_name=name)).member.id


# ------------------------------------------------------------------------------- scenarios


def test_two_tills_and_a_new_pc_share_one_shop(shop: Shop) -> None:
    a, b = shop.till("a"), shop.till("b")
    ali = register(a, PHONES[0], "علی")
    a.club.record_purchase(ali, "250000")
    sara = register(b, PHONES[1], "سارا")
    b.club.record_purchase(sara, "90000")
    converge(a, b)
    assert b.club.card(ali).member.first_name == "علی"
    assert a.club.card(sara).member.total_spent == 90_000
    newcomer = shop.till("new-pc")
    newcomer.sync()
    assert newcomer.state() == a.state()  # the whole shop, pulled by a new PC
    assert a.club.sync_service().status().pending == 0


def test_the_same_phone_registered_offline_on_two_tills_becomes_one_member(shop: Shop) -> None:
    a, b = shop.till("a"), shop.till("b")
    one = register(a, PHONES[2], "Reza")
    two = register(b, PHONES[2], "Reza")
    a.club.record_purchase(one, "100000")
    b.club.record_purchase(two, "200000")
    converge(a, b)
    members, _events = a.state()
    assert len(members) == 1
    (kept,) = members
    assert members[kept][7] == 300_000  # both histories
    assert b.club.card(one).member.id == b.club.card(two).member.id == kept
    history = [entry["action"] for entry in a.club.history(kept)]
    assert "member.merge" in history


def test_a_merge_one_till_makes_reaches_a_till_that_saw_no_collision(shop: Shop) -> None:
    """B registered the phone too, then changed it before syncing: B sees no collision, A
    does and merges; the merge travels, so B ends with the same one member."""
    a, b = shop.till("a"), shop.till("b")
    register(a, PHONES[0], "Ali")
    mine = register(b, PHONES[0], "Ali")
    b.club.update_member(mine, MemberDraft(phone=PHONES[1], first_name="Ali"))
    converge(a, b)
    members, _events = b.state()
    assert len(members) == 1
    assert next(iter(members.values()))[0] == "+98" + PHONES[1][1:]


def test_a_push_whose_answer_is_lost_is_applied_once(shop: Shop) -> None:
    with FlakyProxy(shop.server.url) as proxy:
        shop.url = proxy.url
        a, b = shop.till("a"), shop.till("b")
        member = register(a, PHONES[3])
        a.club.record_purchase(member, "500000")
        proxy.fail("POST", "/v1/sync/push", "drop_after")
        with pytest.raises(ServerUnreachable):
            a.sync()  # the server stored the batch; the till never heard
        assert a.club.sync_service().status().pending > 0
        converge(a, b)  # the batch is sent again and stored once
        assert proxy.broken == [("POST", "/v1/sync/push", "drop_after")]
        assert b.club.card(member).member.visits == 1


def test_the_network_dropping_mid_pull_loses_nothing(shop: Shop) -> None:
    with FlakyProxy(shop.server.url) as proxy:
        shop.url = proxy.url
        a, b = shop.till("a"), shop.till("b")
        a.club.add_demo_members(1200)  # more than two pages of changes
        a.sync()
        proxy.fail("GET", "/v1/sync/changes", "drop_before", skip=1)  # the second page
        with pytest.raises(ServerUnreachable):
            b.sync()
        partial, _events = b.state()
        assert 0 < len(partial) < 1200  # the first page applied, the cursor kept with it
        converge(a, b)
        assert len(b.state()[0]) == 1200


def test_the_server_restarting_between_batches(shop: Shop, tmp_path: Path) -> None:
    with FlakyProxy(shop.server.url) as proxy:
        shop.url = proxy.url
        a, b = shop.till("a"), shop.till("b")
        a.club.add_demo_members(700)  # two push batches
        proxy.fail("POST", "/v1/sync/push", "drop_before", skip=1)  # the second batch
        with pytest.raises(ServerUnreachable):
            a.sync()
        assert 0 < a.club.sync_service().status().pending < 700
        # Another server process on the same database and keys, at another address.
        database, keys_dir = shop.server.database_url, shop.server.keys_dir
        with running_server(tmp_path / "restarted", database, keys_dir=keys_dir) as again:
            proxy.target = again.url
            converge(a, b)
        assert len(b.state()[0]) == 700


def test_clocks_hours_apart(shop: Shop) -> None:
    """A's clock runs 5 hours ahead. B's edit made after seeing A's wins; edits made without
    seeing each other go to the later clock (A's); every till agrees."""
    a, b = shop.till("a"), shop.till("b")
    member = register(a, PHONES[4], "Neda")
    converge(a, b)
    ahead = time_machine.travel(timedelta(hours=5), tick=True)
    with ahead:
        a.club.update_member(member, MemberDraft(phone=PHONES[4], first_name="Neda A"))
        a.sync()
    b.sync()
    b.club.update_member(member, MemberDraft(phone=PHONES[4], first_name="Neda B"))
    b.sync()
    with ahead:
        a.sync()
        assert a.club.card(member).member.first_name == "Neda B"
        a.club.update_member(member, MemberDraft(phone=PHONES[4], first_name="Neda B", note="A"))
    b.club.update_member(member, MemberDraft(phone=PHONES[4], first_name="Neda B", note="B"))
    with ahead:
        a.sync()
    b.sync()
    with ahead:
        a.sync()
    assert a.state() == b.state()
    assert b.club.card(member).member.note == "A"  # concurrent: the later clock wins


def test_two_tills_editing_one_member_at_once(shop: Shop) -> None:
    a, b = shop.till("a"), shop.till("b")
    member = register(a, PHONES[0], "Omid")
    a.club.record_purchase(member, "1000000")
    converge(a, b)
    a.club.update_member(member, MemberDraft(phone=PHONES[0], first_name="Omid", note="gold"))
    b.club.update_member(member, MemberDraft(phone=PHONES[0], first_name="Omid", last_name="K"))
    a.club.redeem(member, "60")
    b.club.redeem(member, "70")  # together more than the 100 points
    converge(a, b)
    card = a.club.card(member).member
    assert (card.note, card.last_name, card.points) == ("gold", "K", 100 - 60 - 70)
    flags = a.club.sync_service().flags()
    assert [f.kind for f in flags] == ["overdrawn"]


def test_a_till_offline_for_a_week_with_ten_thousand_changes(shop: Shop) -> None:
    with FlakyProxy(shop.server.url) as proxy:
        shop.url = proxy.url
        a, b = shop.till("a"), shop.till("b")
        proxy.fail("POST", "/v1/sync/push", "drop_before", times=7)  # a week of failed tries
        b.club.add_demo_members(10_000)
        for _day in range(7):
            with pytest.raises(ServerUnreachable):
                b.sync()
        assert b.club.sync_service().status().pending >= 10_000  # demo members, their purchases
        converge(a, b)
        assert len(a.state()[0]) == 10_000


def test_a_locked_licence_cannot_sync_and_keeps_its_data(shop: Shop) -> None:
    a = shop.till("a")
    register(a, PHONES[1])
    shop.server.admin.revoke(shop.key)
    with pytest.raises(ServerRefused) as refused:
        a.sync()
    assert refused.value.server_code == "LICENCE_REVOKED"
    assert a.club.sync_service().status().pending == 1  # nothing lost
    a.manager.refresh()  # the app learns of the revocation
    with pytest.raises(LicenceLocked):
        a.sync()


# ------------------------------------------------------------------- random interleavings

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.integers(0, 2), st.sampled_from(PHONES[:3])),
        st.tuples(st.just("edit"), st.integers(0, 2), st.sampled_from(["x", "y", "z"])),
        st.tuples(st.just("rephone"), st.integers(0, 2), st.sampled_from(PHONES[:4])),
        st.tuples(st.just("buy"), st.integers(0, 2), st.integers(10, 400)),
        st.tuples(st.just("redeem"), st.integers(0, 2), st.integers(1, 30)),
        st.tuples(st.just("archive"), st.integers(0, 2), st.booleans()),
        st.tuples(st.just("sync"), st.integers(0, 2), st.just(0)),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_any_interleaving_of_offline_edits_and_syncs_converges(
    sync_server: RunningServer, tmp_path_factory: pytest.TempPathFactory, ops: list[tuple]
) -> None:
    key = sync_server.create_licence(days=365, devices=3)
    tmp = tmp_path_factory.mktemp("interleaving")
    with ExitStack() as stack:
        tills = []
        for name in ("a", "b", "c"):
            till = Till(tmp / name, sync_server, key, sync_server.url)
            stack.callback(till.close)
            tills.append(till)
        known: list[list[str]] = [[], [], []]  # member ids each till has seen
        for op, who, arg in ops:
            till = tills[who]
            if op == "register":
                known[who].append(register(till, arg, f"n{arg[-2:]}"))
            elif op == "sync":
                till.sync()
                known[who] = list(till.state()[0])
            elif known[who]:
                member = known[who][-1]
                card = till.club.card(member).member
                if op == "edit":
                    draft = MemberDraft(phone=card.phone, first_name=card.first_name, note=arg)
                    till.club.update_member(member, draft)
                elif op == "rephone":  # refused when another member here has that phone
                    draft = MemberDraft(phone=arg, first_name=card.first_name, note=card.note)
                    with suppress(DuplicatePhone):
                        till.club.update_member(member, draft)
                elif op == "buy" and not card.archived:
                    till.club.record_purchase(member, str(arg * 1000))
                elif op == "redeem" and not card.archived:
                    with suppress(InsufficientPoints):
                        till.club.redeem(member, str(arg))
                elif op == "archive":
                    till.club.set_archived(member, arg)
        converge(*tills)
