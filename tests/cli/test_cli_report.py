"""`clubdesk report` as an owner's script runs it: JSON figures, an Excel file, bad ranges."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from test_cli_renewal import as_json, clubdesk


def test_this_months_report_as_json_and_excel(data_dir: Path, tmp_path: Path) -> None:
    clubdesk(data_dir, "members", "add", "--phone", "09121112233", "--first-name", "Kian")
    clubdesk(data_dir, "purchases", "add", "--phone", "09121112233", "--amount", "250000")
    workbook = tmp_path / "month.xlsx"
    report = as_json(
        clubdesk(data_dir, "report", "--period", "this-month", "--xlsx", str(workbook), "--json")
    )
    assert report["period"]["kind"] == "this-month"
    assert report["totals"]["sales"] == 250_000
    assert report["totals"]["visits"] == 1
    assert report["totals"]["new_members"] == 1
    assert report["top_customers"][0]["phone"] == "+989121112233"
    assert len(report["months"]) == 1
    assert report["file"] == str(workbook)
    assert load_workbook(workbook)["Months"]["D2"].value == 250_000


def test_a_jalali_range_gives_one_row_per_month(data_dir: Path) -> None:
    run = clubdesk(data_dir, "report", "--from", "1404/11/15", "--to", "1405/01/10", "--json")
    report = as_json(run)
    assert [m["month"] for m in report["months"]] == ["1404/11", "1404/12", "1405/01"]
    assert [m["name"] for m in report["months"]] == ["Bahman", "Esfand", "Farvardin"]
    assert report["has_purchases"] is False
    text = clubdesk(data_dir, "report", "--from", "1404/11/15", "--to", "1405/01/10")
    assert text.returncode == 0
    assert "no purchases yet" in text.stdout + text.stderr


def test_a_reversed_range_is_bad_input(data_dir: Path) -> None:
    run = clubdesk(data_dir, "report", "--from", "1405/02/01", "--to", "1405/01/01")
    assert run.returncode == 2
    assert "starts after it ends" in run.stderr


def test_half_a_range_is_bad_input(data_dir: Path) -> None:
    run = clubdesk(data_dir, "report", "--from", "1405/02/01")
    assert run.returncode == 2
    assert "--from and --to" in run.stderr


def test_a_period_and_a_range_together_are_bad_input(data_dir: Path) -> None:
    run = clubdesk(
        data_dir, "report", "--period", "this-year", "--from", "1405/01/01", "--to", "1405/01/02"
    )
    assert run.returncode == 2
    assert "either --period" in run.stderr


def test_a_date_that_is_not_jalali_is_bad_input(data_dir: Path) -> None:
    run = clubdesk(data_dir, "report", "--from", "1405/13/01", "--to", "1405/12/01")
    assert run.returncode == 2
    assert "1405/13/01" in run.stderr
