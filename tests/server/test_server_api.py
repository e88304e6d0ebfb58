"""The licence API against the real server (uvicorn on 127.0.0.1), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests
import time_machine
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from server_api import Api, problem_of

import clubdesk_server
from clubdesk.protocol import (
    Activation,
    LicenceInfo,
    ProblemCode,
    SignedLease,
    b64decode,
    canonical_bytes,
    fingerprint_hash,
)
from licence_server import RunningServer


def new_fingerprint() -> str:
    return "fp-" + secrets.token_hex(16)


def verify(signed: SignedLease, public_keys: dict[str, str]) -> None:
    """What the app does offline: pick the key by key_id, check Ed25519 over canonical JSON."""
    public = Ed25519PublicKey.from_public_bytes(b64decode(public_keys[signed.lease.key_id]))
    public.verify(b64decode(signed.signature), canonical_bytes(signed.lease))


def activated(api: Api, key: str, fingerprint: str | None = None) -> Activation:
    response = api.activate(key, fingerprint or new_fingerprint())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    return Activation.model_validate(response.json())


def test_activation_returns_a_token_and_a_lease_signed_with_the_exported_key(
    server: RunningServer, api: Api, tmp_path
) -> None:
    record = server.create_licence_full(business_name="کافه نمونه", plan="gold", days=30)
    fingerprint = new_fingerprint()
    before = datetime.now(UTC)
    activation = activated(api, record["licence_key"], fingerprint)
    lease = activation.lease.lease

    exported = server.export_public_keys(tmp_path / "resources" / "keys")
    shipped = json.loads(exported.read_text(encoding="utf-8"))
    verify(activation.lease, shipped)
    assert lease.key_id == server.key_id
    assert lease.licence_id == record["licence_id"]
    assert lease.business_name == "کافه نمونه"
    assert lease.plan == "gold"
    assert lease.status == "active"
    assert lease.device == fingerprint_hash(fingerprint)
    assert lease.paid_until == datetime.fromisoformat(record["paid_until"])
    assert before <= lease.issued_at <= datetime.now(UTC)
    assert lease.server_time == lease.issued_at
    assert lease.refresh_by == lease.issued_at + timedelta(hours=4)
    assert lease.grace_until == lease.issued_at + timedelta(days=7)
    assert len(activation.token) >= 40


def test_a_changed_byte_breaks_the_signature(server: RunningServer, api: Api) -> None:
    signed = activated(api, server.create_licence()).lease
    tampered = signed.lease.model_copy(update={"business_name": signed.lease.business_name + "x"})
    with pytest.raises(InvalidSignature):
        verify(SignedLease(lease=tampered, signature=signed.signature), server.public_keys)
    later = signed.lease.model_copy(update={"paid_until": signed.lease.paid_until + timedelta(1)})
    with pytest.raises(InvalidSignature):
        verify(SignedLease(lease=later, signature=signed.signature), server.public_keys)


def test_lease_times_follow_the_clock_exactly(server: RunningServer, api: Api) -> None:
    key = server.create_licence(days=10)
    instant = datetime(2027, 3, 20, 8, 30, tzinfo=UTC)
    with time_machine.travel(instant, tick=False):
        lease = activated(api, key).lease.lease
    assert lease.issued_at == instant
    assert lease.server_time == instant
    assert lease.refresh_by == instant + timedelta(hours=4)
    assert lease.grace_until == instant + timedelta(days=7)


def test_device_limit_refuses_one_more_device(server: RunningServer, api: Api) -> None:
    key = server.create_licence(devices=2)
    activated(api, key)
    activated(api, key)
    problem = problem_of(api.activate(key, new_fingerprint()), 409, ProblemCode.DEVICE_LIMIT)
    assert "2" in problem.detail


def test_the_same_fingerprint_reuses_its_slot_and_gets_a_new_token(
    server: RunningServer, api: Api
) -> None:
    key = server.create_licence(devices=1)
    fingerprint = new_fingerprint()
    first = activated(api, key, fingerprint)
    second = activated(api, key, fingerprint)
    assert second.token != first.token
    assert second.lease.lease.device == first.lease.lease.device
    problem_of(api.refresh(first.token), 401, ProblemCode.TOKEN_INVALID)
    assert api.refresh(second.token).status_code == 200
    info = LicenceInfo.model_validate(api.licence(second.token).json())
    assert info.devices_used == 1
    problem_of(api.activate(key, new_fingerprint()), 409, ProblemCode.DEVICE_LIMIT)


def test_refresh_issues_a_new_lease_for_the_same_device(server: RunningServer, api: Api) -> None:
    key = server.create_licence()
    activation = activated(api, key)
    start = datetime.now(UTC)
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        response = api.refresh(activation.token)
    assert response.status_code == 200, response.text
    signed = SignedLease.model_validate(response.json())
    verify(signed, server.public_keys)
    old, new = activation.lease.lease, signed.lease
    assert new.lease_id != old.lease_id
    assert new.device == old.device
    assert new.licence_id == old.licence_id
    assert new.issued_at == start + timedelta(hours=5)
    assert new.refresh_by == new.issued_at + timedelta(hours=4)


def test_licence_status(server: RunningServer, api: Api) -> None:
    record = server.create_licence_full(devices=3, plan="silver")
    token = activated(api, record["licence_key"]).token
    response = api.licence(token)
    assert response.status_code == 200, response.text
    info = LicenceInfo.model_validate(response.json())
    assert info.licence_id == record["licence_id"]
    assert info.business_name == "Test shop"
    assert info.plan == "silver"
    assert info.status == "active"
    assert info.device_limit == 3
    assert info.devices_used == 1
    assert info.paid_until == datetime.fromisoformat(record["paid_until"])


def test_revoked_licence_refuses_refresh_and_activation(server: RunningServer, api: Api) -> None:
    key = server.create_licence()
    token = activated(api, key).token
    server.admin.revoke(key)
    problem_of(api.refresh(token), 403, ProblemCode.LICENCE_REVOKED)
    problem_of(api.activate(key, new_fingerprint()), 403, ProblemCode.LICENCE_REVOKED)
    # The status query still answers, so the app can show why it is locked.
    assert LicenceInfo.model_validate(api.licence(token).json()).status == "revoked"
    server.admin.reactivate(key)
    assert api.refresh(token).status_code == 200


def test_suspended_licence_refuses_refresh_and_activation(server: RunningServer, api: Api) -> None:
    key = server.create_licence()
    token = activated(api, key).token
    server.admin.suspend(key)
    problem_of(api.refresh(token), 403, ProblemCode.LICENCE_SUSPENDED)
    problem_of(api.activate(key, new_fingerprint()), 403, ProblemCode.LICENCE_SUSPENDED)
    assert LicenceInfo.model_validate(api.licence(token).json()).status == "suspended"
    server.admin.reactivate(key)
    assert SignedLease.model_validate(api.refresh(token).json()).lease.status == "active"


def test_released_device_gets_401_and_frees_its_slot(server: RunningServer, api: Api) -> None:
    key = server.create_licence(devices=1)
    old = activated(api, key)
    device_id = server.admin.devices(key)[0]["device_id"]
    server.admin.release_device(key, device_id)
    problem = problem_of(api.refresh(old.token), 401, ProblemCode.TOKEN_INVALID)
    assert problem.type.endswith("token-invalid")
    problem_of(api.licence(old.token), 401, ProblemCode.TOKEN_INVALID)
    activated(api, key)  # the slot is free for the new PC


def test_deactivate_frees_the_slot(server: RunningServer, api: Api) -> None:
    key = server.create_licence(devices=1)
    fingerprint = new_fingerprint()
    old = activated(api, key, fingerprint)
    response = api.deactivate(old.token)
    assert response.status_code == 204
    problem_of(api.refresh(old.token), 401, ProblemCode.TOKEN_INVALID)
    problem_of(api.deactivate(old.token), 401, ProblemCode.TOKEN_INVALID)
    new = activated(api, key)
    assert LicenceInfo.model_validate(api.licence(new.token).json()).devices_used == 1
    devices = server.admin.devices(key)
    assert [d["active"] for d in devices] == [False, True]


def test_extend_moves_paid_until_and_the_next_lease_shows_it(
    server: RunningServer, api: Api
) -> None:
    record = server.create_licence_full(days=10)
    key = record["licence_key"]
    token = activated(api, key).token
    extended = server.admin.extend(key, 30)
    old_until = datetime.fromisoformat(record["paid_until"])
    assert datetime.fromisoformat(extended["paid_until"]) == old_until + timedelta(days=30)
    lease = SignedLease.model_validate(api.refresh(token).json()).lease
    assert lease.paid_until == old_until + timedelta(days=30)


def test_extending_an_expired_licence_counts_from_now(server: RunningServer, api: Api) -> None:
    key = server.create_licence(days=1)
    later = datetime.now(UTC) + timedelta(days=5)
    with time_machine.travel(later, tick=False):
        extended = server.admin.extend(key, 30)
    assert datetime.fromisoformat(extended["paid_until"]) == later + timedelta(days=30)


def test_expired_licence_still_activates_and_leases(server: RunningServer, api: Api) -> None:
    key = server.create_licence(days=1)
    token = activated(api, key).token
    with time_machine.travel(datetime.now(UTC) + timedelta(days=3), tick=False):
        signed = activated(api, key)
        refreshed = api.refresh(token)
    lease = signed.lease.lease
    assert lease.paid_until < lease.issued_at  # the app locks itself and offers renewal
    assert lease.status == "active"
    verify(signed.lease, server.public_keys)
    assert refreshed.status_code == 200
    assert SignedLease.model_validate(refreshed.json()).lease.paid_until < lease.issued_at


def test_unknown_key_is_404(api: Api) -> None:
    problem_of(api.activate("CD-00000-00000-00000-00000-00000"), 404, ProblemCode.LICENCE_NOT_FOUND)


def test_keys_are_accepted_as_people_type_them(server: RunningServer, api: Api) -> None:
    key = server.create_licence(devices=3)
    typed = " " + key.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    activated(api, typed)
    persian = key.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    activated(api, persian)


@pytest.mark.parametrize(
    ("headers", "why"),
    [({}, "no header"), ({"Authorization": "Bearer"}, "empty"), ({"Authorization": "Basic x"}, "")],
)
def test_missing_or_wrong_bearer_is_401(server: RunningServer, headers, why) -> None:
    response = requests.post(f"{server.url}/v1/lease", headers=headers, timeout=30)
    problem_of(response, 401, ProblemCode.TOKEN_INVALID)
    assert response.headers["www-authenticate"].startswith("Bearer")
    problem_of(
        requests.post(
            f"{server.url}/v1/lease", headers={"Authorization": "Bearer nope"}, timeout=30
        ),
        401,
        ProblemCode.TOKEN_INVALID,
    )


@pytest.mark.parametrize(
    "body",
    [
        {"licence_key": "CD-00000-00000-00000-00000-00000"},
        {"licence_key": "short", "fingerprint": "f" * 20, "device_name": "PC"},
        {
            "licence_key": "CD-00000-00000-00000-00000-00000",
            "fingerprint": "f" * 20,
            "device_name": "PC",
            "extra": 1,
        },
        {
            "licence_key": "CD-00000-00000-00000-00000-00000",
            "fingerprint": "f" * 20,
            "device_name": "",
        },
        [],
    ],
    ids=["missing", "short-key", "extra-field", "empty-name", "not-an-object"],
)
def test_invalid_activation_requests_are_422_problems(server: RunningServer, body) -> None:
    response = requests.post(f"{server.url}/v1/activations", json=body, timeout=30)
    problem = problem_of(response, 422, ProblemCode.INVALID_INPUT)
    assert response.json()["errors"], problem


def test_a_body_that_is_not_json_is_a_422_problem(server: RunningServer) -> None:
    response = requests.post(
        f"{server.url}/v1/activations",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    problem_of(response, 422, ProblemCode.INVALID_INPUT)


def test_unknown_address_and_method_are_problems(server: RunningServer) -> None:
    problem_of(requests.get(f"{server.url}/v1/nothing", timeout=30), 404, ProblemCode.NOT_FOUND)
    problem_of(
        requests.get(f"{server.url}/v1/activations", timeout=30),
        405,
        ProblemCode.METHOD_NOT_ALLOWED,
    )


def test_healthz(server: RunningServer) -> None:
    response = requests.get(f"{server.url}/healthz", timeout=30)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "version": clubdesk_server.__version__,
        "key_id": server.key_id,
    }


def test_concurrent_activations_never_pass_the_device_limit(
    server: RunningServer,
) -> None:
    key = server.create_licence(devices=3)

    def attempt(_: int) -> int:
        client = Api(server.url)
        try:
            return client.activate(key, new_fingerprint()).status_code
        finally:
            client.http.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(attempt, range(10)))
    assert statuses == [200] * 3 + [409] * 7
    assert sum(d["active"] for d in server.admin.devices(key)) == 3
