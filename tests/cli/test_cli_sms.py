"""`clubdesk sms key | credit | preview | send | pending | status` on an activated shop folder,
with the shop's own Kavenegar line pointed at the fake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakes.kavenegar import FakeKavenegar


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        yield fake


def run(data_dir: Path, url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CLUBDESK_DATA_DIR"}
    environment["CLUBDESK_KAVENEGAR_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env=environment, timeout=120,
        check=False, input=stdin,
    )  # fmt: skip


def as_json(done: subprocess.CompletedProcess[str]) -> Any:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sms_commands_from_key_to_delivery(data_dir: Path, kavenegar: FakeKavenegar) -> None:
    url = kavenegar.url
    for phone, name in (("09121111111", "Ali"), ("09122222222", "Sara")):
        added = run(data_dir, url, "members", "add", "--phone", phone, "--first-name", name)
        assert added.returncode == 0, added.stderr

    unset = run(data_dir, url, "sms", "credit")
    assert unset.returncode == 2
    assert "SMS is not set up" in unset.stderr

    stored = as_json(run(data_dir, url, "sms", "key", "--json", stdin=kavenegar.api_key + "\n"))
    assert stored["stored"] is True
    assert kavenegar.api_key not in json.dumps(stored)
    assert as_json(run(data_dir, url, "sms", "credit", "--json"))["credit"] == 1_000_000

    # Members registered from the CLI have not agreed to marketing SMS: nobody to send to.
    preview = as_json(run(data_dir, url, "sms", "preview", "--template", "Hi {name}", "--json"))
    assert preview["recipients"] == 0
    refused = run(data_dir, url, "sms", "send", "--name", "X", "--template", "Hi {nmae}", "--yes")
    assert refused.returncode == 2
    assert "nmae" in refused.stderr
    not_yet = as_json(run(data_dir, url, "sms", "send", "--name", "X", "--template", "Hi {name}",
                          "--json"))  # fmt: skip
    assert not_yet["sent"] is False
    assert kavenegar.messages == []

    status = as_json(run(data_dir, url, "sms", "status", "--json"))
    assert status == {"campaigns": [], "waiting": 0}
    member = as_json(run(data_dir, url, "sms", "status", "09121111111", "--json"))
    assert member == []
    assert as_json(run(data_dir, url, "sms", "pending", "--json"))["sent"] == 0


def test_sms_send_and_out_of_credit_exit_codes(data_dir: Path, kavenegar: FakeKavenegar) -> None:
    from clubdesk.core.members import MemberDraft
    from clubdesk.services import ClubServices

    club = ClubServices.open(data_dir, actor="tester")
    club.register(MemberDraft(phone="09121111111", first_name="Ali", sms_consent=True))
    club.close()
    url = kavenegar.url
    run(data_dir, url, "sms", "key", stdin=kavenegar.api_key + "\n")
    kavenegar.out_of_credit()
    broke = run(data_dir, url, "sms", "send", "--name", "Nowruz", "--template", "Hi {name}",
                "--yes", "--json")  # fmt: skip
    assert broke.returncode == 2
    report = json.loads(broke.stdout)
    assert (report["recipients"], report["waiting"]) == (1, 1)
    assert report["problem"]["code"] == "SMS_OUT_OF_CREDIT"
    kavenegar.out_of_credit(False)
    assert as_json(run(data_dir, url, "sms", "pending", "--json"))["sent"] == 1
    [campaign] = as_json(run(data_dir, url, "sms", "status", "--json"))["campaigns"]
    assert (campaign["name"], campaign["counts"]) == ("Nowruz", {"sent": 1})
    [message] = as_json(run(data_dir, url, "sms", "status", "09121111111", "--json"))
    assert (message["status"], message["text"]) == ("sent", "Hi Ali")
    assert [m.message for m in kavenegar.messages] == ["Hi Ali"]
