"""`clubdesk members import` and `clubdesk export` as real processes on licensed folders."""

from __future__ import annotations

from pathlib import Path

from test_cli import clubdesk, shop

from clubdesk.core.members import MemberDraft

LIST = (
    "شماره موبایل;نام;نام خانوادگی;تولد\n"
    "۰۹۱۲۱۲۳۴۵۶۷;علی;رضایی;۱۳۷۰/۰۵/۱۲\n"
    "0912;سارا;کریمی;\n"
    "09351112233;مریم;احمدی;\n"
)


def test_import_lists_rejected_rows_in_json(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8-sig")
    dry = clubdesk("members", "import", str(path), "--dry-run", "--json", data_dir=data_dir)
    assert dry.code == 0, dry.stderr
    assert dry.json()["imported"] == 2
    with shop(data_dir) as club:
        assert club.count_members() == 0
    run = clubdesk("members", "import", str(path), "--json", data_dir=data_dir)
    assert run.code == 0, run.stderr
    report = run.json()
    assert report["imported"] == 2
    assert report["rejected"] == [
        {
            "row": 3,
            "value": "0912",
            "reason": "bad_phone",
            "message": "Not a valid Iranian mobile number",
        }
    ]
    assert report["mapping"]["شماره موبایل"] == "phone"
    again = clubdesk("members", "import", str(path), "--json", data_dir=data_dir)
    assert again.code == 2  # nothing new: every row is already a member or bad
    assert again.json()["by_reason"] == {"bad_phone": 1, "already_member": 2}


def test_map_option_and_bad_files(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b\nAli,09121234567\n", encoding="utf-8")
    run = clubdesk("members", "import", str(path), "--map", "2=phone", "--map", "a=first_name",
                   data_dir=data_dir)  # fmt: skip
    assert run.code == 0, run.stderr
    assert "imported 1 members" in run.stdout
    bad_map = clubdesk("members", "import", str(path), "--map", "z=phone", data_dir=data_dir)
    assert bad_map.code == 2
    assert "z=phone" in bad_map.stderr
    names = tmp_path / "names.csv"
    names.write_text("نام\nعلی\n", encoding="utf-8")
    no_phone = clubdesk("members", "import", str(names), "--json", data_dir=data_dir)
    assert no_phone.code == 2
    assert no_phone.stdout == ""
    assert "mobile" in no_phone.stderr
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(b"%PDF")
    assert clubdesk("members", "import", str(pdf), data_dir=data_dir).code == 2


def test_export_members_to_csv_and_xlsx(data_dir: Path, tmp_path: Path) -> None:
    with shop(data_dir) as club:
        member = club.register(MemberDraft(phone="09121234567", first_name="علی")).member
        club.record_purchase(member.id, 100_000)
    out = tmp_path / "members.xlsx"
    run = clubdesk("export", "members", "--to", str(out), "--json", data_dir=data_dir)
    assert run.code == 0, run.stderr
    assert run.json() == {"kind": "members", "file": str(out), "rows": 1}
    csv_out = tmp_path / "purchases.csv"
    run = clubdesk("export", "purchases", "--to", str(csv_out), data_dir=data_dir)
    assert run.code == 0, run.stderr
    text = csv_out.read_text(encoding="utf-8-sig")
    assert member.id in text
    assert "+989121234567" in text
    bad = clubdesk("export", "members", "--to", str(tmp_path / "x.doc"), data_dir=data_dir)
    assert bad.code == 2


def test_import_is_behind_the_licence_gate(tmp_path: Path) -> None:
    folder = tmp_path / "unlicensed"
    folder.mkdir()
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    assert clubdesk("members", "import", str(path), data_dir=folder).code == 3
    assert clubdesk("export", "members", "--to", str(tmp_path / "m.csv"), data_dir=folder).code == 3
