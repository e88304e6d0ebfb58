"""Import and export through ClubServices on real SQLite files: all or nothing, existing members
untouched, the sync log fed, and an export that imports back into an empty shop."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from clubdesk.core.errors import Cancelled
from clubdesk.core.importing import (
    Field,
    NoPhoneColumn,
    Reason,
    UnsupportedFileType,
)
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage.models import AuditEntry

HEADER = "موبایل,نام,نام خانوادگی,تاریخ تولد,یادداشت,رضایت پیامک\n"
ROWS = [
    "۰۹۱۲۱۲۳۴۵۶۷,علی,رضایی,1370/05/12,VIP,بله",
    "0912123,سارا,کریمی,,,",
    "09121234567,تکرار,دوباره,,,",
    "09351112233,مریم,احمدی,1991-08-03,,0",
    ",بی,شماره,,,",
    "09121112222,بد,تولد,1370/13/40,,",
    "09190000001,همین,الان,,,",
]


def _write(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def other(tmp_path: Path) -> Iterator[ClubServices]:
    folder = tmp_path / "other-shop"
    folder.mkdir()
    services = ClubServices.open(folder, actor="tester")
    yield services
    services.close()


def test_import_reports_every_rejected_row_and_keeps_members(
    club: ClubServices, tmp_path: Path
) -> None:
    existing = club.register(MemberDraft(phone="09190000001", first_name="قدیمی")).member
    path = _write(tmp_path / "list.csv", ROWS)
    preview = club.preview_import(path)
    assert preview.mapping[0] is Field.PHONE
    statuses = [r.rejection.reason if r.rejection else None for r in preview.rows]
    assert statuses == [
        None,
        Reason.BAD_PHONE,
        Reason.DUPLICATE_IN_FILE,
        None,
        Reason.MISSING_PHONE,
        Reason.BAD_BIRTHDAY,
        Reason.ALREADY_MEMBER,
    ]
    report = club.import_members(path, preview.mapping)
    assert report.imported == 2
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, Reason.BAD_PHONE),
        (4, Reason.DUPLICATE_IN_FILE),
        (6, Reason.MISSING_PHONE),
        (7, Reason.BAD_BIRTHDAY),
        (8, Reason.ALREADY_MEMBER),
    ]
    ali = club.member_by_phone("09121234567")
    assert (ali.first_name, ali.birthday, ali.note, ali.sms_consent) == (
        "علی",
        date(1991, 8, 3),
        "VIP",
        True,
    )
    assert club.search("علی")[0].phone == "+989121234567"  # search keys were written
    assert club.member_by_phone("09190000001") == existing  # never changed by an import
    with club.db.read() as session:
        actions = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "members.import")
        ).all()
    assert len(actions) == 1
    assert actions[0].details == {"file": "list.csv", "imported": 2, "rejected": 5}


def test_dry_run_saves_nothing(club: ClubServices, tmp_path: Path) -> None:
    path = _write(tmp_path / "list.csv", ROWS)
    report = club.import_members(path, dry_run=True)
    assert report.imported == 3
    assert report.dry_run
    assert club.count_members() == 0


def test_cancel_leaves_nothing(club: ClubServices, tmp_path: Path) -> None:
    rows = [f"0912{n:07d},عضو {n}" for n in range(12_000)]
    path = _write(tmp_path / "big.csv", rows, "mobile,name\n")
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 10_000:
            raise Cancelled

    with pytest.raises(Cancelled):
        club.import_members(path, progress=progress)
    assert calls
    assert club.count_members() == 0
    with club.db.read() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_large_import_rebuilds_indexes(club: ClubServices, tmp_path: Path) -> None:
    rows = [f"0912{n:07d},عضو,شماره {n}" for n in range(60_000)]
    path = _write(tmp_path / "big.csv", rows, "mobile,first name,last name\n")
    report = club.import_members(path)
    assert report.imported == 60_000
    assert not report.rejected
    assert club.count_members() == 60_000
    assert [h.phone for h in club.search("0912000 0042")] == ["+989120000042"]
    with club.db.read() as session:
        names = session.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='members' "
            "AND sql IS NOT NULL"
        )
        assert len(names.all()) >= 4  # the secondary indexes are back


def test_imported_members_are_queued_for_sync(club: ClubServices, tmp_path: Path) -> None:
    club.sync_service().enable()
    before = club.sync_service().status().pending
    report = club.import_members(_write(tmp_path / "list.csv", ROWS))
    assert report.imported == 3
    assert club.sync_service().status().pending == before + 3


def test_round_trip_export_then_import_into_an_empty_shop(
    club: ClubServices, other: ClubServices, tmp_path: Path
) -> None:
    club.add_demo_members(300)
    ali = club.register(
        MemberDraft(
            phone="09121234567",
            first_name="علی",
            last_name="رضایی",
            birthday=date(1991, 8, 3),
            note="یادداشت, با ویرگول",
            sms_consent=True,
        )
    ).member
    club.record_purchase(ali.id, 250_000)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"members{suffix}"
        assert club.export("members", path) == 301
        target = other if suffix == ".csv" else None
        if target is None:
            continue
        report = target.import_members(path)
        assert report.imported == 301
        assert not report.rejected
    mine = {m.phone: m.draft() for m in club.members_page("", "created", False, 0, 1000)}
    theirs = {m.phone: m.draft() for m in other.members_page("", "created", False, 0, 1000)}
    assert mine == theirs
    # the .xlsx imports back too (dry run: the members are there already)
    report = other.import_members(tmp_path / "members.xlsx", dry_run=True)
    assert report.imported == 0
    assert report.by_reason == {"already_member": 301}


def test_exports_carry_public_ids_and_dates_never_row_ids(
    club: ClubServices, tmp_path: Path
) -> None:
    ali = club.register(MemberDraft(phone="09121234567", first_name="علی")).member
    result = club.record_purchase(ali.id, 250_000)
    club.redeem(ali.id, 5)
    for kind in ("members", "purchases", "ledger"):
        path = tmp_path / f"{kind}.csv"
        club.export(kind, path)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, kind
        assert "+989121234567" in {r["phone"] for r in rows}
        assert all(len(r["id"]) == 36 for r in rows)  # UUIDs, never 1, 2, 3
    purchases = list(csv.DictReader((tmp_path / "purchases.csv").open(encoding="utf-8-sig")))
    assert purchases[0]["id"] == result.purchase.id
    assert purchases[0]["date_jalali"].startswith("14")
    assert "+03:30" in purchases[0]["created_at"]
    ledger = list(csv.DictReader((tmp_path / "ledger.csv").open(encoding="utf-8-sig")))
    assert sorted(r["kind"] for r in ledger) == ["earn", "redeem"]
    book = openpyxl.load_workbook(
        club.export("ledger", tmp_path / "l.xlsx") and tmp_path / "l.xlsx"
    )
    assert book.active.max_row == 3


def test_export_cancel_leaves_no_file(club: ClubServices, tmp_path: Path) -> None:
    club.add_demo_members(12_000)

    def progress(done: int, total: int) -> None:
        raise Cancelled

    out = tmp_path / "usb"
    out.mkdir()
    for name in ("m.xlsx", "m.csv"):
        with pytest.raises(Cancelled):
            club.export("members", out / name, progress)
    assert list(out.iterdir()) == []


def test_bad_input_is_refused_clearly(club: ClubServices, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFileType):
        club.export("members", tmp_path / "m.pdf")
    with pytest.raises(Exception, match="secrets can be exported"):
        club.export("secrets", tmp_path / "m.csv")
    path = _write(tmp_path / "names.csv", ["علی,رضایی"], "نام,نام خانوادگی\n")
    with pytest.raises(NoPhoneColumn, match=r"names\.csv"):
        club.import_members(path)
    assert club.count_members() == 0
