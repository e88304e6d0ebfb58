"""The first run's free trial: `POST /v1/trials`, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import requests
from server_api import Api, problem_of

from clubdesk.protocol import TrialActivation
from clubdesk_server.settings import RateLimit
from licence_server import RunningServer


def new_mobile() -> str:
    return "0912" + "".join(secrets.choice("0123456789") for _ in range(7))


def new_fingerprint() -> str:
    return f"fp-{secrets.token_hex(12)}"


def trial(server: RunningServer, **kw: Any) -> requests.Response:
    body = {
        "business_name": "کافه بهار",
        "mobile": new_mobile(),
        "legal_entity": False,
        "owner_name": "Sara",
        "fingerprint": new_fingerprint(),
        "device_name": "Till 1",
    } | kw
    return requests.post(f"{server.url}/v1/trials", json=body, timeout=30)


def test_a_trial_is_a_new_licence_activated_on_this_computer_for_14_days(
    server: RunningServer, api: Api
) -> None:
    mobile = new_mobile()
    answer = trial(server, mobile=mobile)
    assert answer.status_code == 201, answer.text
    assert answer.headers["cache-control"] == "no-store"
    started = TrialActivation.model_validate(answer.json())
    lease = started.lease.lease
    assert started.days == 14
    assert lease.plan == "trial"
    assert lease.paid_until - lease.issued_at == timedelta(days=14)
    assert lease.business_name == "کافه بهار"
    # The token works like an activation's: the lease refreshes.
    assert api.refresh(started.token).status_code == 200
    shown = server.admin.show(started.licence_key)
    assert shown["business"]["mobile"] == "+98" + mobile[1:]
    assert (shown["device_limit"], shown["devices_used"]) == (1, 1)


def test_one_trial_per_computer_and_per_mobile_number(server: RunningServer) -> None:
    fingerprint, mobile = new_fingerprint(), new_mobile()
    assert trial(server, fingerprint=fingerprint, mobile=mobile).status_code == 201
    again = trial(server, fingerprint=fingerprint)  # another business, same computer
    problem = problem_of(again, 409, "TRIAL_USED")
    assert "trial" in problem.detail
    problem_of(trial(server, mobile=mobile), 409, "TRIAL_USED")  # same owner, new computer


def test_a_bad_business_is_refused_and_nothing_is_created(server: RunningServer) -> None:
    before = len(server.admin.list())
    problem = problem_of(trial(server, mobile="0812345678"), 422, "INVALID_INPUT")
    assert "mobile" in problem.detail
    problem = problem_of(trial(server, national_id="1234567890"), 422, "INVALID_INPUT")
    assert "national_id" in problem.detail
    problem_of(trial(server, business_name=""), 422, "INVALID_INPUT")
    assert len(server.admin.list()) == before


def test_trials_share_the_activation_rate_limit(make_server: Any) -> None:
    limited = make_server(activation_limit=RateLimit(burst=2, per_hour=1))
    assert trial(limited).status_code == 201
    assert trial(limited).status_code == 201
    refused = trial(limited)
    problem_of(refused, 429, "RATE_LIMITED")
    assert int(refused.headers["retry-after"]) > 0
