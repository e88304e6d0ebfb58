"""Plans on sale: `clubdesk-server admin plans ...` and `GET /v1/plans`, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from server_api import Api

from clubdesk.protocol import PlanOffer
from clubdesk_server import cli
from clubdesk_server.admin import Admin
from clubdesk_server.db import make_engine, upgrade
from clubdesk_server.plans import DEMO_PLANS
from clubdesk_server.settings import Settings, sqlite_url
from licence_server import RunningServer, new_plan_code, sandbox_pay


class PlansCli:
    """``clubdesk-server admin plans ...`` in this process, on the test server's database."""

    def __init__(self, server: RunningServer, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = server.database_url
        self.capsys = capsys

    def __call__(self, *args: str, json_out: bool = True) -> tuple[int, Any, str]:
        self.capsys.readouterr()
        argv = ["admin", "plans", *args, "--database-url", self.url]
        code = cli.main([*argv, *(["--json"] if json_out else [])])
        captured = self.capsys.readouterr()
        if json_out and code == 0:
            return code, json.loads(captured.out), captured.err
        return code, captured.out, captured.err


@pytest.fixture
def plans_cli(server: RunningServer, capsys: pytest.CaptureFixture[str]) -> PlansCli:
    return PlansCli(server, capsys)


def offers(api: Api) -> list[PlanOffer]:
    response = api.plans()
    assert response.status_code == 200, response.text
    return [PlanOffer.model_validate(item) for item in response.json()]


def test_create_change_price_retire_and_list(plans_cli: PlansCli, api: Api) -> None:
    code = new_plan_code()
    status, plan, _ = plans_cli(
        "create", code, "--name-fa", "سالانه", "--name-en", "Yearly",
        "--days", "۳۶۵", "--price", "۴٬۴۹۰٬۰۰۰", "--devices", "3",
    )  # fmt: skip
    assert status == 0
    assert plan["code"] == code
    assert (plan["days"], plan["price_tomans"], plan["device_limit"]) == (365, 4_490_000, 3)
    assert plan["on_sale"] is True
    assert PlanOffer(
        code=code, name_fa="سالانه", name_en="Yearly", days=365, price_tomans=4_490_000,
        device_limit=3,
    ) in offers(api)  # fmt: skip

    status, changed, _ = plans_cli("set-price", code, "4,990,000")
    assert status == 0
    assert changed["price_tomans"] == 4_990_000
    assert next(o for o in offers(api) if o.code == code).price_tomans == 4_990_000

    status, retired, _ = plans_cli("retire", code)
    assert status == 0
    assert retired["on_sale"] is False
    assert retired["retired_at"]
    assert code not in {o.code for o in offers(api)}

    status, listed, _ = plans_cli("list")
    assert status == 0
    assert next(p for p in listed if p["code"] == code)["retired_at"] == retired["retired_at"]
    status, on_sale, _ = plans_cli("list", "--on-sale")
    assert code not in {p["code"] for p in on_sale}

    status, human, _ = plans_cli("list", json_out=False)
    assert status == 0
    assert f"{code}  Yearly / سالانه  365 days  4,990,000 tomans  3 device(s)  retired" in human


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--price", "0"], "price"),
        (["--price", "-5"], "price"),
        (["--price", "49.5"], "price"),
        (["--price", "abc"], "price"),
        (["--days", "0"], "days"),
        (["--days", "x"], "days"),
        (["--devices", "0"], "devices"),
        (["--name-fa", "  "], "name_fa"),
    ],
)
def test_create_rejects_bad_input_with_exit_2(
    plans_cli: PlansCli, args: list[str], message: str
) -> None:
    fields = {"--name-fa": "ماهانه", "--name-en": "Monthly", "--days": "30", "--price": "490000"}
    fields |= dict(zip(args[::2], args[1::2], strict=True))
    argv = [item for pair in fields.items() for item in pair]
    status, out, err = plans_cli("create", new_plan_code(), *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(f"error: {message}")


def test_bad_codes_duplicates_and_unknown_plans_exit_2(plans_cli: PlansCli) -> None:
    fields = ["--name-fa", "ماهانه", "--name-en", "Monthly", "--days", "30", "--price", "1000"]
    status, _, err = plans_cli("create", "Not A Code!", *fields)
    assert (status, "code" in err) == (2, True)
    code = new_plan_code()
    assert plans_cli("create", code, *fields)[0] == 0
    status, _, err = plans_cli("create", code, *fields)
    assert status == 2
    assert "exists already" in err
    for action in (["set-price", "no-such-plan", "1000"], ["retire", "no-such-plan"]):
        status, _, err = plans_cli(*action)
        assert status == 2
        assert "no-such-plan" in err
    status, _, err = plans_cli("set-price", code, "۰")
    assert status == 2
    assert "price" in err


def test_offers_are_sorted_and_need_no_token(server: RunningServer, api: Api) -> None:
    long = server.create_plan(days=365, sort_order=1)
    short = server.create_plan(days=30, sort_order=1)
    response = api.http.get(f"{server.url}/v1/plans", timeout=30)  # no Authorization header
    assert response.status_code == 200
    listed = [PlanOffer.model_validate(item) for item in response.json()]
    codes = [o.code for o in listed]
    assert codes.index(short["code"]) < codes.index(long["code"])
    # The whole list follows (sort order, days, code).
    by_code = {p["code"]: p for p in server.admin.plans()}
    keys = [(by_code[c]["sort_order"], by_code[c]["days"], c) for c in codes]
    assert keys == sorted(keys)


def test_demo_plans_are_seeded_once(tmp_path: Path) -> None:
    """``serve --demo`` seeds these on every start; the second time changes nothing."""
    url = sqlite_url(tmp_path / "demo.sqlite3")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = Settings(data_dir=tmp_path, keys_dir=tmp_path / "keys", database_url=url)
    with Admin(settings, actor="demo") as admin:
        assert admin.seed_demo_plans() == [p["code"] for p in DEMO_PLANS]
        admin.set_plan_price("monthly", 500_000)
        assert admin.seed_demo_plans() == []
        plans = {p["code"]: p for p in admin.plans()}
    assert plans["monthly"]["price_tomans"] == 500_000  # a later start keeps the vendor's price
    assert plans["monthly"]["days"] == 30
    assert plans["yearly"]["name_fa"]
    assert plans["yearly"]["name_en"] == "Yearly"


def test_serve_demo_offers_the_demo_plans_and_a_sandbox_to_pay_them(tmp_path: Path) -> None:
    """The demo needs nothing: its plans are there and the sandbox takes a payment."""
    script = Path(sys.executable).with_name("clubdesk-server")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")}
    with (tmp_path / "serve.log").open("w") as log:
        proc = subprocess.Popen(
            [str(script), "serve", "--demo", "--port", "0", "--data-dir", str(tmp_path / "d")],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line, (tmp_path / "serve.log").read_text()
            info = json.loads(line)
            api = Api(info["url"])
            listed = [o.code for o in offers(api)]
            assert listed == [p["code"] for p in DEMO_PLANS]
            activation = api.activate(info["licence_key"], "demo-fp-0000000001").json()
            started = api.start_payment(activation["token"], "monthly")
            assert started.status_code == 201, started.text
            page = sandbox_pay(started.json()["pay_url"])
            assert "Payment successful" in page.text
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            if proc.stdout is not None:
                proc.stdout.close()
