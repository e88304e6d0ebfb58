"""The background support check against the real server: it reports support's unread replies,
and says nothing (a debug line in the log) with no licence or no connection."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from clubdesk.jobs import check_support, unread_replies
from clubdesk.licensing.manager import LicenceManager
from clubdesk.renewal import RenewalService
from licence_server import RunningServer, running_server
from renewal_shop import activated


def test_the_check_reports_unread_replies_until_the_ticket_is_read(
    licence_server: RunningServer, data_dir: Path
) -> None:
    _key, licence = activated(licence_server, data_dir, days=30)
    service = RenewalService(licence)
    reports: list[tuple[int, float]] = []
    check_support(service, lambda unread, asked_at: reports.append((unread, asked_at)))
    assert [unread for unread, _at in reports] == [0]

    ticket = service.open_ticket("Printer", "Receipts do not print.")
    licence_server.admin.reply(ticket.ticket_id, "Restart it, please.", name="Sara")
    licence_server.admin.reply(ticket.ticket_id, "Did it help?", name="Sara")
    check_support(service, lambda unread, asked_at: reports.append((unread, asked_at)))
    assert reports[-1][0] == 2
    assert reports[-1][1] >= reports[0][1]  # asked later: the window shows the newer answer

    service.ticket(ticket.ticket_id)  # what opening it in Support does
    check_support(service, lambda unread, asked_at: reports.append((unread, asked_at)))
    assert reports[-1][0] == 0


def test_no_licence_reports_nothing_and_logs_at_debug(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    service = RenewalService(LicenceManager(tmp_path / "shop", keys={}))
    reports: list[tuple[int, float]] = []
    with caplog.at_level(logging.DEBUG, logger="clubdesk.jobs"):
        check_support(service, lambda *report: reports.append(report))
    assert reports == []
    assert [r.levelno for r in caplog.records if r.name == "clubdesk.jobs"] == [logging.DEBUG]
    assert "no licence" in caplog.text


def test_an_unreachable_server_reports_nothing_and_logs_at_debug(
    tmp_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with running_server(tmp_path / "server") as server:
        _key, licence = activated(server, data_dir, days=30)
    service = RenewalService(licence)  # the server is gone
    with caplog.at_level(logging.DEBUG, logger="clubdesk.jobs"):
        assert unread_replies(service) is None
    assert [r.levelno for r in caplog.records if r.name == "clubdesk.jobs"] == [logging.DEBUG]
    assert "cannot be reached" in caplog.text
