"""`clubdesk members duplicates | merge` as a script would run them."""

from __future__ import annotations

from pathlib import Path

from test_cli_renewal import as_json, clubdesk


def add(data_dir: Path, phone: str, name: str) -> str:
    return as_json(
        clubdesk(data_dir, "members", "add", "--phone", phone, "--first-name", name, "--json")
    )["id"]


def test_listing_and_merging_duplicates(data_dir: Path) -> None:
    right = add(data_dir, "09121112233", "Kian")
    typo = add(data_dir, "09121112232", "Kian")
    pairs = as_json(clubdesk(data_dir, "members", "duplicates", "--json"))
    assert [(p["first"]["id"], p["second"]["id"], p["slip"]) for p in pairs] == [
        (min(right, typo), max(right, typo), "one_digit")
    ]
    merged = as_json(clubdesk(data_dir, "members", "merge", right, typo, "--json"))
    assert merged["phone"] == "+989121112233"
    assert as_json(clubdesk(data_dir, "members", "duplicates", "--json")) == []


def test_merging_a_member_with_itself_is_bad_input(data_dir: Path) -> None:
    only = add(data_dir, "09121112244", "Sami")
    run = clubdesk(data_dir, "members", "merge", only, only)
    assert run.returncode == 2
    assert "same member" in run.stderr
