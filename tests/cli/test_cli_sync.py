"""`clubdesk sync on | off | status | now` on an activated shop folder against the real server."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_renewal import as_json, clubdesk


def test_sync_is_off_until_switched_on(data_dir: Path) -> None:
    status = as_json(clubdesk(data_dir, "sync", "status", "--json"))
    assert status["enabled"] is False
    refused = clubdesk(data_dir, "sync", "now")
    assert refused.returncode == 2
    assert "Cloud sync is off" in refused.stderr
    assert "clubdesk sync on" in refused.stderr


def test_switching_on_sends_the_shop_and_off_keeps_everything(data_dir: Path) -> None:
    added = clubdesk(data_dir, "members", "add", "--phone", "09121234567", "--first-name", "Ali")
    assert added.returncode == 0, added.stderr
    on = as_json(clubdesk(data_dir, "sync", "on", "--json"))
    assert on["enabled"] is True
    assert (on["queued"], on["pushed"], on["pending"]) == (1, 1, 0)
    assert on["last_sync"]
    bought = clubdesk(data_dir, "purchases", "add", "--phone", "09121234567", "--amount", "50000")
    assert bought.returncode == 0, bought.stderr
    assert as_json(clubdesk(data_dir, "sync", "status", "--json"))["pending"] == 1
    now = as_json(clubdesk(data_dir, "sync", "now", "--json"))
    assert (now["pushed"], now["pending"]) == (1, 0)
    off = as_json(clubdesk(data_dir, "sync", "off", "--json"))
    assert off["enabled"] is False
    found = json.loads(clubdesk(data_dir, "members", "find", "0912", "--json").stdout)
    assert [m["first_name"] for m in found] == ["Ali"]
