"""`clubdesk accounts ...` and `clubdesk audit` as an owner's script runs them."""

from __future__ import annotations

from pathlib import Path

from test_cli import clubdesk, shop

from clubdesk.core.errors import ExitCode
from clubdesk.core.members import MemberDraft


def test_accounts_from_the_first_owner_to_a_disabled_cashier(data_dir: Path) -> None:
    listed = clubdesk("accounts", "list", "--json", data_dir=data_dir)
    assert listed.json() == []
    refused = clubdesk("accounts", "add", "Reza", "--pin", "7391", data_dir=data_dir)
    assert refused.code == ExitCode.BAD_INPUT
    assert "first account must be the owner" in refused.stderr
    owner = clubdesk(
        "accounts", "add", "Maryam", "--role", "owner", "--pin", "۲۵۸۰", "--json", data_dir=data_dir
    )
    assert owner.code == 0, owner.stderr
    assert owner.json()["role"] == "owner"

    # from now on, managing accounts needs the owner's PIN
    no_pin = clubdesk("accounts", "add", "Reza", "--pin", "7391", data_dir=data_dir)
    assert no_pin.code == ExitCode.WRONG_PASSPHRASE
    assert "owner's PIN" in no_pin.stderr
    wrong = clubdesk(
        "accounts", "add", "Reza", "--pin", "7391",
        data_dir=data_dir, env={"CLUBDESK_OWNER_PIN": "1357"},
    )  # fmt: skip
    assert wrong.code == ExitCode.WRONG_PASSPHRASE
    assert "PIN is not right" in wrong.stderr
    owner_env = {"CLUBDESK_OWNER_PIN": "2580"}
    added = clubdesk("accounts", "add", "Reza", "--pin", "7391", data_dir=data_dir, env=owner_env)
    assert added.code == 0, added.stderr
    weak = clubdesk("accounts", "pin", "Reza", "--pin", "1234", data_dir=data_dir, env=owner_env)
    assert weak.code == ExitCode.BAD_INPUT
    assert "too easy to guess" in weak.stderr
    disabled = clubdesk("accounts", "disable", "Reza", "--json", data_dir=data_dir, env=owner_env)
    assert disabled.json()["active"] is False
    last = clubdesk("accounts", "disable", "Maryam", data_dir=data_dir, env=owner_env)
    assert last.code == ExitCode.BAD_INPUT
    assert "only active owner" in last.stderr
    listed = clubdesk("accounts", "list", data_dir=data_dir)
    assert listed.stdout.splitlines() == ["Maryam  owner", "Reza  cashier  [disabled]"]


def test_export_needs_the_owners_pin_once_accounts_exist(data_dir: Path, tmp_path: Path) -> None:
    with shop(data_dir) as club:
        club.add_account("Maryam", "owner", "2580")
    out = tmp_path / "m.csv"
    refused = clubdesk("export", "members", "--to", str(out), data_dir=data_dir)
    assert refused.code == ExitCode.WRONG_PASSPHRASE
    assert not out.exists()
    done = clubdesk(
        "export", "members", "--to", str(out),
        data_dir=data_dir, env={"CLUBDESK_OWNER_PIN": "2580"},
    )  # fmt: skip
    assert done.code == 0, done.stderr
    assert out.exists()


def test_audit_filters_and_json(data_dir: Path) -> None:
    with shop(data_dir) as club:
        club.register(MemberDraft(phone="09121110001", first_name="Ali"))
        club.register(MemberDraft(phone="09121110002", first_name="Sara"))
        club.add_account("Maryam", "owner", "2580")
    run = clubdesk(
        "audit", "--member", "09121110002", "--json",
        data_dir=data_dir, env={"CLUBDESK_OWNER_PIN": "2580"},
    )  # fmt: skip
    assert run.code == 0, run.stderr
    document = run.json()
    assert document["total"] == 1
    [entry] = document["entries"]
    assert entry["action"] == "member.register"
    assert entry["actor"] == "tester"
    text = clubdesk(
        "audit", "--action", "account.", "--from", "2020-01-01", "--to", "1499/12/29",
        data_dir=data_dir, env={"CLUBDESK_OWNER_PIN": "2580"},
    )  # fmt: skip
    assert text.code == 0, text.stderr
    assert "account.add" in text.stdout
    assert text.stdout.splitlines()[-1] == "1 of 1 entries, newest first"
    bad = clubdesk(
        "audit", "--from", "yesterday", data_dir=data_dir, env={"CLUBDESK_OWNER_PIN": "2580"}
    )
    assert bad.code == ExitCode.BAD_INPUT
