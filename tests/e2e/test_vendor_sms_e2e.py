"""The vendor's SMS line end to end: an activated shop's SmsService sends through the real
server (SQLite), whose Kavenegar is the fake over real HTTP; credit is charged per part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clubdesk.core import sms
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.messaging.service import SmsService
from clubdesk.services import ClubServices
from clubdesk_server.member_sms import DEFAULT_PRICE
from fakes.kavenegar import FakeKavenegar
from licence_server import RunningServer, running_server
from sms_helpers import NOW, add_member


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        yield fake


@pytest.fixture
def vendor(tmp_path: Path, kavenegar: FakeKavenegar) -> Iterator[RunningServer]:
    with running_server(
        tmp_path / "server", sms_sender="kavenegar", kavenegar_url=kavenegar.url,
        kavenegar_api_key=kavenegar.api_key, kavenegar_line=kavenegar.line,
    ) as server:  # fmt: skip
        yield server


@pytest.fixture
def shop(tmp_path: Path, vendor: RunningServer) -> Iterator[tuple[ClubServices, str]]:
    folder = tmp_path / "shop"
    folder.mkdir()
    key = vendor.create_licence()
    manager = LicenceManager(folder, keys=load_keys(vendor.public_keys))
    manager.activate(vendor.url, key, "counter")
    club = ClubServices.open(folder, actor="owner", licence=manager)
    club.clock = lambda: NOW
    yield club, key
    club.close()


def test_campaign_through_the_vendor_line(
    shop: tuple[ClubServices, str], vendor: RunningServer, kavenegar: FakeKavenegar
) -> None:
    club, key = shop
    service = club.sms()
    service.save_settings(sms.SmsSettings(line=sms.LINE_VENDOR, shop="Nili"))
    ali = add_member(club, "09121111111", "Ali")
    add_member(club, "09122222222", "Sara")
    service.send_campaign("Vendor", "Hi {name}", sms.Segment())

    report = service.send_pending()  # no credit bought yet: both wait
    assert isinstance(report.problem, sms.SmsOutOfCredit)
    assert report.waiting == 2
    assert kavenegar.messages == []

    vendor.admin.sms_credit(key, add=10 * DEFAULT_PRICE)
    assert service.credit() == 10 * DEFAULT_PRICE
    report = service.send_pending()
    assert (report.sent, report.waiting, report.problem) == (2, 0, None)
    assert service.credit() == 8 * DEFAULT_PRICE
    assert sorted(m.receptor for m in kavenegar.messages) == ["09121111111", "09122222222"]

    first = next(m for m in kavenegar.messages if m.receptor == "09121111111")
    kavenegar.set_delivery(first.messageid, 10)
    assert service.refresh_delivery() == 1
    assert [m.status for m in service.messages_for(ali)] == ["delivered"]


def one_queued_on_the_vendor_line(club: ClubServices) -> SmsService:
    """The vendor's line chosen and one campaign message queued."""
    service = club.sms()
    service.save_settings(sms.SmsSettings(line=sms.LINE_VENDOR))
    add_member(club, "09121111111", "Ali")
    service.send_campaign("One", "Hi {name}", sms.Segment())
    return service


def test_vendor_line_unreachable_keeps_messages_queued(
    shop: tuple[ClubServices, str], vendor: RunningServer
) -> None:
    club, _key = shop
    service = one_queued_on_the_vendor_line(club)
    client, _token = club._licence_connection()
    client.base_url = "http://127.0.0.1:9"  # nothing listens there
    service._connection = lambda: (client, _token)
    report = service.send_pending()
    assert isinstance(report.problem, sms.SmsUnreachable)
    assert report.waiting == 1


def test_a_revoked_licence_is_told_as_the_licence_clients_error(
    shop: tuple[ClubServices, str], vendor: RunningServer
) -> None:
    from clubdesk.licensing.client import ServerRefused

    club, key = shop
    service = one_queued_on_the_vendor_line(club)
    vendor.admin.sms_credit(key, add=10_000)
    vendor.admin.revoke(key)
    report = service.send_pending()
    assert isinstance(report.problem, ServerRefused)
    assert report.problem.server_code == "LICENCE_REVOKED"
    assert report.waiting == 1
