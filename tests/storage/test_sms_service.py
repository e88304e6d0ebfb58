"""SMS to members end to end on a real SQLite file and a fake Kavenegar over real HTTP."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clubdesk.core import sms
from clubdesk.messaging.service import SmsService
from clubdesk.services import ClubServices
from clubdesk.storage import ledger
from clubdesk.storage import sms as store
from clubdesk.storage.models import Member, SmsMessage
from fakes.kavenegar import FakeKavenegar
from sms_helpers import BIRTHDAY_IN_FARVARDIN, NOW, add_member, own_line

TEMPLATE = "Hi {name}, you have {points} points at {shop}."


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        yield fake


@pytest.fixture
def service(club: ClubServices, kavenegar: FakeKavenegar) -> SmsService:
    return own_line(club, kavenegar.url, kavenegar.api_key, kavenegar.line, shop="Nili",
                    price_per_part=500)  # fmt: skip


def statuses(club: ClubServices) -> list[str]:
    with club.db.read() as session:
        return list(session.scalars(select(SmsMessage.status).order_by(SmsMessage.id)))


def test_campaign_goes_only_to_consenting_members_counted_and_costed_first(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar
) -> None:
    add_member(club, "09121111111", "Ali", points=10)
    add_member(club, "09122222222", "Sara", consent=False)
    add_member(club, "09123333333", "Reza", archived_at=NOW)
    preview = service.preview_campaign(TEMPLATE, sms.Segment())
    assert (preview.recipients, preview.parts, preview.cost) == (1, 1, 500)
    assert preview.sample == "Hi Ali, you have 10 points at Nili."
    assert kavenegar.messages == []  # nothing leaves before the owner confirms

    campaign = service.send_campaign("Autumn", TEMPLATE, sms.Segment())
    assert (campaign.recipients, campaign.cost) == (1, 500)
    assert kavenegar.messages == []  # queued, not yet sent
    report = service.send_pending()
    assert (report.sent, report.failed, report.waiting, report.problem) == (1, 0, 0, None)
    assert [m.receptor for m in kavenegar.messages] == ["09121111111"]
    assert kavenegar.messages[0].sender == kavenegar.line
    assert service.send_pending().sent == 0  # sent once
    [past] = service.campaigns()
    assert past.counts == {"sent": 1}


def test_campaign_with_the_same_id_is_queued_once(club: ClubServices, service: SmsService) -> None:
    add_member(club, "09121111111", "Ali")
    first = service.send_campaign("Twice", TEMPLATE, sms.Segment(), campaign_id="c-1")
    again = service.send_campaign("Twice", TEMPLATE, sms.Segment(), campaign_id="c-1")
    assert again.public_id == first.public_id == "c-1"
    assert statuses(club) == ["queued"]
    assert len(service.campaigns()) == 1


def test_cancel_mid_queue_queues_nothing(club: ClubServices, service: SmsService) -> None:
    for index in range(5):
        add_member(club, f"0912000000{index}", f"M{index}")

    def cancel(_done: int, _total: int) -> None:
        raise sms.ClubDeskError("stop")

    with pytest.raises(sms.ClubDeskError):
        service.send_campaign("Cut", TEMPLATE, sms.Segment(), progress=cancel)
    assert statuses(club) == []
    assert service.campaigns() == []


def test_empty_segment_and_bad_inputs_are_refused(club: ClubServices, service: SmsService) -> None:
    add_member(club, "09121111111", "Ali", consent=False)
    with pytest.raises(sms.CampaignEmpty):
        service.send_campaign("Nobody", TEMPLATE, sms.Segment())
    add_member(club, "09122222222", "Sara")
    with pytest.raises(sms.InvalidInput, match="name"):
        service.send_campaign("  ", TEMPLATE, sms.Segment())
    with pytest.raises(sms.UnknownVariable):
        service.preview_campaign("Hi {nmae}", sms.Segment())
    assert statuses(club) == []


def test_segments_select_by_level_visit_spend_birthday_and_expiry(
    club: ClubServices, service: SmsService
) -> None:
    gold = add_member(club, "09121111111", "Gold", level="gold", total_spent=5_000_000,
                      last_visit_at=NOW - timedelta(days=3))  # fmt: skip
    add_member(club, "09122222222", "Away", last_visit_at=NOW - timedelta(days=200),
               total_spent=100_000, birthday=BIRTHDAY_IN_FARVARDIN)  # fmt: skip
    expiring = add_member(club, "09123333333", "Expiring")
    with club.db.write() as session:
        member_id = session.scalar(select(Member.id).where(Member.public_id == expiring))
        assert member_id is not None
        ledger.add_lot(session, member_id, 40, "t", NOW - timedelta(days=170),
                       expires_at=NOW + timedelta(days=5))  # fmt: skip

    def names(segment: sms.Segment) -> list[str]:
        with club.db.read() as session:
            return [m.first_name for rows in store.recipients(session, segment, NOW)
                    for m in rows]  # fmt: skip

    assert names(sms.Segment(levels=("gold",))) == ["Gold"]
    assert names(sms.Segment(levels=("",))) == ["Away", "Expiring"]
    assert names(sms.Segment(visited_within_days=30)) == ["Gold"]
    assert names(sms.Segment(not_visited_for_days=90)) == ["Away", "Expiring"]
    assert names(sms.Segment(spent_at_least=1_000_000)) == ["Gold"]
    assert names(sms.Segment(spent_at_most=1_000_000)) == ["Away", "Expiring"]
    assert names(sms.Segment(birthday_month=1)) == ["Away"]
    assert names(sms.Segment(birthday_month=2)) == []
    assert names(sms.Segment(points_expiring_within_days=7)) == ["Expiring"]
    assert names(sms.Segment(points_expiring_within_days=2)) == []
    assert gold


def test_offline_messages_stay_queued_then_go_once(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar
) -> None:
    add_member(club, "09121111111", "Ali")
    service.send_campaign("Offline", TEMPLATE, sms.Segment())
    url = service.kavenegar_url
    kavenegar.stop()  # nothing listens on the port now: surely not sent
    report = service.send_pending()
    assert isinstance(report.problem, sms.SmsUnreachable)
    assert (report.sent, report.waiting) == (0, 1)
    assert statuses(club) == ["queued"]
    with FakeKavenegar() as back:
        service.kavenegar_url = back.url
        service.set_api_key(back.api_key)
        club.clock = service.clock = lambda: NOW + timedelta(minutes=2)  # after the backoff
        assert service.send_pending().sent == 1
        assert service.send_pending().sent == 0
        assert len(back.messages) == 1
    assert url != ""


def test_a_crash_while_sending_is_not_sent_again(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar
) -> None:
    add_member(club, "09121111111", "Ali")
    service.send_campaign("Crash", TEMPLATE, sms.Segment())
    with club.db.write() as session:  # a sender claimed it, then the process died
        assert len(store.claim(session, NOW, 10)) == 1
    assert service.send_pending().sent == 0  # its claim has not run out: left alone
    service.clock = lambda: NOW + store.CLAIM + timedelta(seconds=1)
    report = service.send_pending()
    assert report.sent == 0
    assert statuses(club) == ["unknown"]
    assert kavenegar.messages == []


def test_out_of_credit_is_surfaced_and_messages_wait(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar
) -> None:
    add_member(club, "09121111111", "Ali")
    add_member(club, "09122222222", "Sara")
    service.send_campaign("Broke", TEMPLATE, sms.Segment())
    kavenegar.out_of_credit()
    report = service.send_pending()
    assert isinstance(report.problem, sms.SmsOutOfCredit)
    assert statuses(club) == ["queued", "queued"]
    kavenegar.out_of_credit(False)
    assert service.send_pending().sent == 2


def test_bad_key_and_bad_receptor(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar
) -> None:
    add_member(club, "09121111111", "Ali")
    service.send_campaign("Key", TEMPLATE, sms.Segment())
    service.set_api_key("WRONG-KEY")
    report = service.send_pending()
    assert isinstance(report.problem, sms.SmsKeyInvalid)
    assert statuses(club) == ["queued"]
    with pytest.raises(sms.SmsKeyInvalid):
        service.credit()
    service.set_api_key(kavenegar.api_key)
    with club.db.write() as session:  # a number Kavenegar refuses
        session.execute(update(SmsMessage).values(phone="+98123"))
    assert service.send_pending().failed == 1
    assert statuses(club) == ["failed"]


def test_credit_and_delivery_status_per_member(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar
) -> None:
    ali = add_member(club, "09121111111", "Ali")
    sara = add_member(club, "09122222222", "Sara")
    service.send_campaign("Status", TEMPLATE, sms.Segment())
    service.send_pending()
    assert service.credit() == 1_000_000 - 2 * kavenegar.cost_per_message
    first, second = kavenegar.messages
    kavenegar.set_delivery(first.messageid, 10)
    kavenegar.set_delivery(second.messageid, 14)
    assert service.refresh_delivery() == 2
    [to_ali] = service.messages_for(ali)
    [to_sara] = service.messages_for(sara)
    assert (to_ali.status, to_ali.campaign) == ("delivered", "Status")
    assert to_ali.created_at == NOW  # stored through the bulk insert, read back as UTC
    assert (to_sara.status, to_sara.error) == ("undelivered", "blocked by the recipient")
    assert service.campaigns()[0].counts == {"delivered": 1, "undelivered": 1}


def test_service_hook_queues_only_when_switched_on(club: ClubServices, service: SmsService) -> None:
    member_id = add_member(club, "09121111111", "Ali", consent=False)
    with club.db.write() as session:
        member = session.scalar(select(Member).where(Member.public_id == member_id))
        store.queue_service(session, member, "purchase", {"points_earned": 5}, NOW)
    assert statuses(club) == []  # off by default
    chosen = service.settings()
    events = {"purchase": sms.ServiceEvent(True, "{name}: +{points}, balance {balance}")}
    service.save_settings(sms.SmsSettings(chosen.line, chosen.sender, chosen.price_per_part,
                                          "Nili", events))  # fmt: skip
    with club.db.write() as session:
        member = session.scalar(select(Member).where(Member.public_id == member_id))
        values = {"amount": 250_000, "points_earned": 25, "balance": 125, "level": ""}
        store.queue_service(session, member, "purchase", values, NOW)
        store.queue_service(session, member, "expiry", {"points": 5}, NOW)  # off
    with club.db.read() as session:
        [message] = session.scalars(select(SmsMessage))
        assert (message.kind, message.text) == ("service", "Ali: +25, balance 125")
        # no marketing consent needed for a service message
    with club.db.write() as session:  # the sale path's short row is enough
        from clubdesk.storage import members

        short = members.locate(session, member_id)
        store.queue_service(session, short, "purchase", values, NOW)
    assert statuses(club) == ["queued", "queued"]


def test_key_lives_in_the_keyring_and_is_never_logged(
    club: ClubServices, service: SmsService, kavenegar: FakeKavenegar,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    assert service.masked_key() == "••••" + kavenegar.api_key[-4:]
    assert kavenegar.api_key not in (club.data_dir / "clubdesk.sqlite3").read_bytes().decode(
        "latin-1"
    )
    add_member(club, "09121111111", "Ali")
    service.send_campaign("Log", TEMPLATE, sms.Segment())
    service.send_pending()
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("uvicorn")]
    assert ours  # the send was logged (masked), urllib3's lines included
    assert not [line for line in ours if kavenegar.api_key in line]
    with pytest.raises(sms.InvalidInput, match="Kavenegar API key"):
        service.set_api_key("has/slash")
    service.set_api_key("")
    assert service.masked_key() == ""
    with pytest.raises(sms.SmsNotSetUp):
        service.credit()


def test_expiry_reminder_goes_once_notice_days_before(
    club: ClubServices, service: SmsService
) -> None:
    soon = add_member(club, "09121111111", "Ali", consent=False)  # service: no consent needed
    later = add_member(club, "09122222222", "Sara")
    with club.db.write() as session:
        ids = dict(session.execute(select(Member.public_id, Member.id)).all())
        ledger.add_lot(session, ids[soon], 40, "t", NOW - timedelta(days=170),
                       expires_at=NOW + timedelta(days=7))  # fmt: skip
        ledger.add_lot(session, ids[later], 10, "t", NOW - timedelta(days=100),
                       expires_at=NOW + timedelta(days=20))  # fmt: skip
    assert service.remind_expiring() == 0  # switched off by default
    chosen = service.settings()
    events = {"expiry": sms.ServiceEvent(True, "{name}: {points} points expire on {expires_on}")}
    service.save_settings(sms.SmsSettings(chosen.line, chosen.sender, chosen.price_per_part,
                                          "Nili", events))  # fmt: skip
    assert service.remind_expiring() == 1
    assert service.remind_expiring() == 0  # once a day
    with club.db.read() as session:
        [message] = session.scalars(select(SmsMessage))
    assert message.text == "Ali: 40 points expire on 1405/09/11"
    assert message.kind == "service"


def test_a_cashier_needs_the_owners_pin_for_campaigns_and_settings(
    club: ClubServices, service: SmsService
) -> None:
    from clubdesk.core.roles import OwnerPinRequired, Permission, Role
    from clubdesk.storage.models import AuditEntry

    add_member(club, "09121111111", "Ali")
    club.add_account("Maryam", Role.OWNER, "2580")
    club.add_account("Reza", Role.CASHIER, "7391")
    club.sign_in("Reza", "7391")
    with pytest.raises(OwnerPinRequired) as caught:
        service.send_campaign("Cashier", TEMPLATE, sms.Segment())
    assert caught.value.permission is Permission.SEND_CAMPAIGN
    with pytest.raises(OwnerPinRequired):
        service.save_settings(sms.SmsSettings(price_per_part=1))
    with pytest.raises(OwnerPinRequired):
        service.set_api_key("OTHER-KEY")
    assert statuses(club) == []
    assert service.settings().price_per_part == 500

    club.authorise("2580")  # the owner types their PIN
    campaign = service.send_campaign("Approved", TEMPLATE, sms.Segment())
    assert campaign.recipients == 1
    with club.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sms.campaign")).one()
    assert (entry.actor, entry.details["authorised_by"]) == ("Reza", "Maryam")


def test_the_minute_job_sends_and_reports(
    club: ClubServices, kavenegar: FakeKavenegar, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clubdesk.jobs import run_sms
    from clubdesk.messaging.service import KAVENEGAR_URL_ENV

    monkeypatch.setenv(KAVENEGAR_URL_ENV, kavenegar.url)
    reports: list[object] = []
    add_member(club, "09121111111", "Ali")
    run_sms(club, reports.append)  # nothing set up, nothing queued: no error
    assert [getattr(r, "problem", r) for r in reports] == [None]
    service = own_line(club, kavenegar.url, kavenegar.api_key, kavenegar.line)
    service.send_campaign("Job", TEMPLATE, sms.Segment())
    run_sms(club, reports.append)
    assert getattr(reports[-1], "sent", None) == 1
    assert len(kavenegar.messages) == 1
