"""Releases and news: `clubdesk-server admin releases|news ...`, `GET /v1/releases/latest` and
`GET /v1/news`, on SQLite and PostgreSQL. Each test starts from an empty database of this
module's own (releases are global: a shared database would hold other tests' versions)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import requests
from private_db import Db
from server_api import problem_of

from clubdesk.protocol import LatestRelease, NewsInfo
from clubdesk_server import cli
from clubdesk_server.admin import Admin
from clubdesk_server.errors import BadAdminInput
from licence_server import RunningServer

SHA = hashlib.sha256(b"installer").hexdigest()


@pytest.fixture
def admin(vendor: RunningServer, db: Db) -> Admin:
    """The vendor's admin on this module's database, emptied after each test (``db``)."""
    return vendor.admin


def publish(admin: Admin, platform: str, version: str, **kw: Any) -> dict[str, Any]:
    fields = {
        "platform": platform,
        "version": version,
        "url": f"https://dl.example.ir/ClubDesk-{version}.bin",
        "sha256": SHA,
        "notes_fa": f"تغییرات {version}",
        "notes_en": f"Changes in {version}",
    }
    return admin.publish_release(**(fields | kw))


def latest(server: RunningServer, platform: str) -> requests.Response:
    return requests.get(
        f"{server.url}/v1/releases/latest", params={"platform": platform}, timeout=30
    )


def news(server: RunningServer) -> list[NewsInfo]:
    response = requests.get(f"{server.url}/v1/news", timeout=30)
    assert response.status_code == 200, response.text
    return [NewsInfo.model_validate(item) for item in response.json()]


def test_the_newest_release_of_each_platform_is_served_and_announced(
    vendor: RunningServer, admin: Admin
) -> None:
    publish(admin, "windows", "1.0.0")
    publish(admin, "linux", "1.0.5", size=1234)
    publish(admin, "windows", "1.9.0")
    publish(admin, "windows", "1.10.0")  # above 1.9.0: versions compare as numbers, not text

    answer = latest(vendor, "windows")
    assert answer.status_code == 200
    assert "max-age" in answer.headers["cache-control"]
    windows = LatestRelease.model_validate(answer.json()).release
    assert windows is not None
    assert (windows.version, windows.sha256, windows.min_supported) == ("1.10.0", SHA, "0")
    assert windows.notes_en == "Changes in 1.10.0"
    linux = LatestRelease.model_validate(latest(vendor, "linux").json()).release
    assert linux is not None
    assert (linux.version, linux.size) == ("1.0.5", 1234)
    assert LatestRelease.model_validate(latest(vendor, "macos").json()).release is None

    # The terms: updates are announced in the system's news, newest first.
    items = news(vendor)
    assert [(i.kind, i.version) for i in items] == [
        ("release", "1.10.0"),
        ("release", "1.9.0"),
        ("release", "1.0.5"),
        ("release", "1.0.0"),
    ]
    assert items[0].title_en == "ClubDesk 1.10.0 is available"
    assert "۱.۱۰.۰" in items[0].title_fa  # Persian digits in the Persian title
    assert items[0].body_fa == "تغییرات 1.10.0"


def test_a_withdrawn_release_gives_way_to_the_previous_one(
    vendor: RunningServer, admin: Admin
) -> None:
    publish(admin, "windows", "2.0.0")
    bad = publish(admin, "windows", "2.1.0")
    admin.withdraw_release(bad["release_id"])

    windows = LatestRelease.model_validate(latest(vendor, "windows").json()).release
    assert windows is not None
    assert windows.version == "2.0.0"
    assert [item.version for item in news(vendor)] == ["2.0.0"]
    listed = admin.release_list("windows")
    assert [(r["version"], bool(r["withdrawn_at"])) for r in listed] == [
        ("2.1.0", True),
        ("2.0.0", False),
    ]


def test_the_minimum_supported_version_stays_until_the_vendor_raises_it(
    vendor: RunningServer, admin: Admin
) -> None:
    assert publish(admin, "macos", "3.0.0", min_supported="2.5")["min_supported"] == "2.5"
    assert publish(admin, "macos", "3.1.0")["min_supported"] == "2.5"
    assert publish(admin, "macos", "3.2.0", min_supported="3.1.0")["min_supported"] == "3.1.0"
    release = LatestRelease.model_validate(latest(vendor, "macos").json()).release
    assert release is not None
    assert release.min_supported == "3.1.0"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"platform": "android"}, "platform"),
        ({"version": "one point two"}, "version"),
        ({"version": "0.9.0"}, "version"),  # not above the newest, 1.0.0
        ({"version": "1.0.0"}, "version"),  # the same number again
        ({"min_supported": "1.3.0"}, "min-supported"),  # above the version itself
        ({"sha256": "abc"}, "sha256"),
        ({"url": "ftp://dl.example.ir/x.exe"}, "url"),
        ({"notes_fa": "   "}, "notes-fa"),
        ({"notes_en": ""}, "notes-en"),
        ({"size": 0}, "size"),
    ],
)
def test_a_bad_release_is_refused_and_nothing_is_published(
    vendor: RunningServer, admin: Admin, change: dict[str, Any], field: str
) -> None:
    publish(admin, "linux", "1.0.0")
    fields = {"platform": "linux", "version": "1.2.0"} | change
    with pytest.raises(BadAdminInput) as refused:
        publish(admin, **fields)
    assert refused.value.params["field"] == field
    assert [r["version"] for r in admin.release_list()] == ["1.0.0"]
    assert len(news(vendor)) == 1


def run_cli(vendor: RunningServer, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    code = cli.main(["admin", *args, "--database-url", vendor.database_url, "--json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if code == 0 else captured.err)


def test_the_cli_takes_the_hash_and_size_from_the_installer_and_notes_from_files(
    vendor: RunningServer, admin: Admin, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    installer = tmp_path / "ClubDesk-4.0.0-setup.exe"
    installer.write_bytes(b"MZ" + b"\0" * 5000)
    notes = tmp_path / "notes-fa.txt"
    notes.write_text("رسید چاپی تازه\nرفع اشکال", encoding="utf-8")
    code, release = run_cli(
        vendor, capsys,
        "releases", "publish", "--platform", "windows", "--version", "4.0.0",
        "--url", "https://dl.example.ir/ClubDesk-4.0.0-setup.exe", "--file", str(installer),
        "--notes-fa", f"@{notes}", "--notes-en", "New receipts", "--no-announce",
    )  # fmt: skip
    assert code == 0
    assert release["sha256"] == hashlib.sha256(installer.read_bytes()).hexdigest()
    assert release["size"] == 5002
    assert release["notes_fa"] == "رسید چاپی تازه\nرفع اشکال"
    assert news(vendor) == []  # --no-announce

    # A --sha256 that is not the file's is refused, naming the file's own hash.
    code, err = run_cli(
        vendor, capsys,
        "releases", "publish", "--platform", "windows", "--version", "4.0.1", "--url",
        "https://dl.example.ir/x.exe", "--file", str(installer), "--sha256", SHA,
        "--notes-fa", "x", "--notes-en", "x",
    )  # fmt: skip
    assert code == 2
    assert hashlib.sha256(installer.read_bytes()).hexdigest() in err
    code, err = run_cli(
        vendor, capsys,
        "releases", "publish", "--platform", "windows", "--version", "4.0.1", "--url",
        "https://dl.example.ir/x.exe", "--notes-fa", "x", "--notes-en", "x",
    )  # fmt: skip
    assert code == 2
    assert "--sha256" in err
    code, listed = run_cli(vendor, capsys, "releases", "list", "--platform", "windows")
    assert [r["version"] for r in listed] == ["4.0.0"]


def test_news_are_published_listed_and_withdrawn(
    vendor: RunningServer, admin: Admin, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first = run_cli(
        vendor, capsys, "news", "publish", "--title-fa", "تعطیلات نوروز",
        "--title-en", "Nowruz holidays", "--body-fa", "پشتیبانی تا ۱۳ فروردین تعطیل است.",
        "--body-en", "Support is closed until 13 Farvardin.",
    )  # fmt: skip
    assert code == 0
    code, second = run_cli(
        vendor, capsys, "news", "publish", "--title-fa", "الف", "--title-en", "A",
        "--body-fa", "ب", "--body-en", "B",
    )  # fmt: skip
    assert code == 0
    assert [n.news_id for n in news(vendor)] == [second["news_id"], first["news_id"]]
    assert news(vendor)[1].body_en == "Support is closed until 13 Farvardin."

    code, _withdrawn = run_cli(vendor, capsys, "news", "withdraw", second["news_id"])
    assert code == 0
    assert [n.news_id for n in news(vendor)] == [first["news_id"]]
    code, everything = run_cli(vendor, capsys, "news", "list", "--all")
    assert len(everything) == 2
    code, err = run_cli(vendor, capsys, "news", "withdraw", "not-an-id")
    assert code == 2
    code, err = run_cli(vendor, capsys, "news", "publish", "--title-fa", "", "--title-en",
                        "x", "--body-fa", "x", "--body-en", "x")  # fmt: skip
    assert code == 2
    assert "title-fa" in err


def test_an_unknown_platform_is_invalid_input(vendor: RunningServer, db: Db) -> None:
    problem_of(latest(vendor, "android"), 422, "INVALID_INPUT")
