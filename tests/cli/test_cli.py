"""The real `clubdesk` command, run as a separate process on a real data folder.

Each process start costs about a second, so data is prepared and checked in this process
(through ClubServices on the same folder) and only the command under test runs as a process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from clubdesk.core.members import MemberDraft, MemberView
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME

MEMBER_KEYS = {"id", "phone", "first_name", "last_name", "points"}


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def clubdesk(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None) -> Run:
    environment = {k: v for k, v in os.environ.items() if k != "CLUBDESK_DATA_DIR"}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment.update(env or {})
    prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
    done = subprocess.run(
        [sys.executable, "-m", "clubdesk", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@contextmanager
def shop(data_dir: Path) -> Iterator[ClubServices]:
    club = ClubServices.open(data_dir, actor="tester")
    try:
        yield club
    finally:
        club.close()


def register(data_dir: Path, phone: str, first: str = "علی", last: str = "رضایی") -> MemberView:
    with shop(data_dir) as club:
        return club.register(MemberDraft(phone=phone, first_name=first, last_name=last)).member


def assert_member(obj: dict[str, Any]) -> None:
    assert obj.keys() >= MEMBER_KEYS
    assert obj["phone"].startswith("+98")
    assert len(obj["phone"]) == 13
    assert isinstance(obj["points"], int)


def test_add_prints_one_member_object(data_dir: Path) -> None:
    run = clubdesk(
        "members", "add", "--phone", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "--first-name", "علي",
        "--last-name", "كريمي", "--json", data_dir=data_dir,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.count("\n") == 1  # one JSON document, nothing else
    member = run.json()
    assert_member(member)
    assert member["phone"] == "+989123456789"
    assert (member["first_name"], member["last_name"]) == ("علي", "كريمي")
    assert member["points"] == 0
    assert member["existing"] is False
    with shop(data_dir) as club:
        assert club.find_phone("09123456789").id == member["id"]


def test_duplicate_is_existing_and_exit_zero(data_dir: Path) -> None:
    first = register(data_dir, "09123456789")
    # --data-dir given after the command works too
    run = clubdesk(
        "members", "add", "--data-dir", str(data_dir), "--phone", "+98 912 345 6789",
        "--first-name", "Other", "--json",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    member = run.json()
    assert_member(member)
    assert member["existing"] is True
    assert member["id"] == first.id
    assert member["first_name"] == "علی"
    with shop(data_dir) as club:
        assert club.count_members() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["members", "add", "--phone", "021 1234 5678", "--first-name", "x", "--json"],
            "not a valid Iranian mobile number",
        ),
        (["members", "add", "--phone", "09351234567", "--json"], "name is missing"),
        (
            ["purchases", "add", "--phone", "09123456789", "--amount", "12.5", "--json"],
            "amount is not valid",
        ),
        (
            ["purchases", "add", "--phone", "09350000000", "--amount", "5000", "--json"],
            "No member has this mobile number",
        ),
    ],
    ids=["invalid-phone", "no-name", "bad-amount", "unknown-member"],
)
def test_bad_input_exits_2_with_a_message(data_dir: Path, args: list[str], message: str) -> None:
    member = register(data_dir, "09123456789")
    run = clubdesk(*args, data_dir=data_dir)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: ")
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    with shop(data_dir) as club:  # nothing was saved
        assert club.count_members() == 1
        assert club.card(member.id).member == member
    logs = "".join(p.read_text("utf-8") for p in (data_dir / "logs").glob("clubdesk.log*"))
    assert logs.strip()  # the failure was logged, so the check below means something
    for phone in ("9123456789", "9351234567", "9350000000"):
        assert phone not in logs  # phone numbers are masked in logs


def test_purchase_and_balance(data_dir: Path) -> None:
    member = register(data_dir, "09123456789")
    run = clubdesk(
        "purchases", "add", "--phone", "۰۹۱۲۳۴۵۶۷۸۹", "--amount", "۲۵۰٬۰۰۰", "--json",
        data_dir=data_dir,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    bought = run.json()
    assert bought["amount"] == 250_000
    assert bought["points_earned"] == 25
    assert_member(bought["member"])
    assert bought["member"]["id"] == member.id
    assert bought["member"]["points"] == 25
    balance = clubdesk("points", "balance", "--phone", "9123456789", "--json", data_dir=data_dir)
    assert balance.code == 0, balance.stderr
    assert balance.json() == {"phone": "+989123456789", "id": member.id, "points": 25}


def test_find_returns_an_array_best_first(data_dir: Path) -> None:
    starts = register(data_dir, "09121234567", "Sara", "Ahmadi")
    ends = register(data_dir, "09351230912", "Neda", "Moradi")
    ali = register(data_dir, "09901112233", "علی", "کریمی")
    run = clubdesk("members", "find", "0912", "--json", data_dir=data_dir)
    assert run.code == 0, run.stderr
    found = run.json()
    assert isinstance(found, list)
    for member in found:
        assert_member(member)
    assert [m["id"] for m in found] == [starts.id, ends.id]  # phone start, then last digits
    by_name = clubdesk("members", "find", "علي كريمي", "--json", data_dir=data_dir)
    assert [m["id"] for m in by_name.json()] == [ali.id]


def test_human_output_goes_to_stdout(data_dir: Path) -> None:
    run = clubdesk(
        "members", "add", "--phone", "09123456789", "--first-name", "Ali", data_dir=data_dir
    )
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("registered: 0912 345 6789  Ali")
    assert run.stderr == ""


def test_version() -> None:
    run = clubdesk("--version")
    assert run.code == 0
    assert run.stdout.strip() == f"clubdesk {version('clubdesk')}"


def test_demo_data_json(data_dir: Path) -> None:
    run = clubdesk("demo-data", "--members", "300", "--json", data_dir=data_dir)
    assert run.code == 0, run.stderr
    payload = run.json()  # progress goes to stderr only
    assert payload["added"] == 300
    assert payload["total"] == 300
    assert isinstance(payload["seconds"], int | float)
    assert "300/300" in run.stderr
    with shop(data_dir) as club:
        assert club.count_members() == 300


def test_data_dir_from_the_environment(tmp_path: Path, activate) -> None:
    chosen = activate(tmp_path / "from-env")
    run = clubdesk(
        "members", "add", "--phone", "09123456789", "--first-name", "Ali", "--json",
        env={"CLUBDESK_DATA_DIR": str(chosen)},
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert (chosen / DB_FILENAME).is_file()
    assert (chosen / "logs").is_dir()  # a chosen folder keeps its logs with it
    with shop(chosen) as club:
        assert club.find_phone("09123456789").id == run.json()["id"]


def test_a_database_that_is_not_sqlite_is_refused_and_untouched(data_dir: Path) -> None:
    content = b"name,phone\nAli,09123456789\n" + bytes(range(256))
    path = data_dir / DB_FILENAME
    path.write_bytes(content)
    run = clubdesk("members", "find", "0912", "--json", data_dir=data_dir)
    assert run.code != 0
    assert run.stdout == ""
    assert "not a ClubDesk database" in run.stderr
    assert "Traceback" not in run.stderr
    assert path.read_bytes() == content
    assert sorted(p.name for p in data_dir.iterdir() if p.is_file()) == [DB_FILENAME]


def test_another_programs_sqlite_file_is_refused_with_its_data(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo (x)")
    conn.execute("INSERT INTO foo VALUES (42)")
    conn.commit()
    conn.close()
    run = clubdesk(
        "members", "add", "--phone", "09123456789", "--first-name", "x", "--json",
        data_dir=data_dir,
    )  # fmt: skip
    assert run.code != 0
    assert run.stdout == ""
    assert "not a ClubDesk database" in run.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("foo",)]
        assert conn.execute("SELECT x FROM foo").fetchall() == [(42,)]
    finally:
        conn.close()


def test_member_commands_refuse_with_exit_3_without_a_licence(tmp_path: Path) -> None:
    folder = tmp_path / "unlicensed"
    run = clubdesk("members", "find", "0912", "--json", data_dir=folder)
    assert run.code == 3
    assert run.stdout == ""
    assert "licence is locked" in run.stderr
