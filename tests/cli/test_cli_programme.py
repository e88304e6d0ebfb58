"""`clubdesk purchases list|reverse`, `points adjust|expiring` and `programme run` as an owner's
script would run them."""

from __future__ import annotations

from pathlib import Path

from test_cli_renewal import as_json, clubdesk

PHONE = "09121114455"


def test_reversing_a_purchase_and_adjusting_points(data_dir: Path) -> None:
    clubdesk(data_dir, "members", "add", "--phone", PHONE, "--first-name", "Taha")
    sale = as_json(
        clubdesk(data_dir, "purchases", "add", "--phone", PHONE, "--amount", "200000", "--json")
    )
    assert sale["member"]["points"] == 20
    listed = as_json(clubdesk(data_dir, "purchases", "list", "--phone", PHONE, "--json"))
    assert [p["id"] for p in listed] == [sale["id"]]
    undone = as_json(clubdesk(data_dir, "purchases", "reverse", sale["id"], "--json"))
    assert (undone["amount"], undone["member"]["points"]) == (-200_000, 0)
    again = clubdesk(data_dir, "purchases", "reverse", sale["id"])
    assert again.returncode == 2
    assert "already been reversed" in again.stderr
    adjusted = clubdesk(
        data_dir, "points", "adjust", "--phone", PHONE, "--points", "15", "--note", "gift", "--json"
    )
    assert as_json(adjusted)["points"] == 15
    no_reason = clubdesk(
        data_dir, "points", "adjust", "--phone", PHONE, "--points", "15", "--note", " "
    )
    assert no_reason.returncode == 2
    assert "why" in no_reason.stderr


def test_a_reward_that_is_not_in_the_catalogue_is_bad_input(data_dir: Path) -> None:
    clubdesk(data_dir, "members", "add", "--phone", PHONE, "--first-name", "Taha")
    run = clubdesk(
        data_dir, "purchases", "add", "--phone", PHONE, "--amount", "100000", "--reward", "x"
    )
    assert run.returncode == 2
    assert "not in the catalogue" in run.stderr


def test_programme_run_and_the_expiring_list(data_dir: Path) -> None:
    ran = as_json(clubdesk(data_dir, "programme", "run", "--json"))
    assert ran == {"expired": 0, "levels": 0, "gifts": 0}
    assert as_json(clubdesk(data_dir, "points", "expiring", "--json")) == []
    assert "No points expire" in clubdesk(data_dir, "points", "expiring").stdout
