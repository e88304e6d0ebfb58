"""Terms of service: versions published by the vendor, accepted once per business (with who,
when, which version and from where), on SQLite and PostgreSQL. Each test starts from an empty
database of this module's own (terms are global to a server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from private_db import Db
from server_api import problem_of

from clubdesk.protocol import CurrentTerms, TermsStatus
from clubdesk_server import cli
from clubdesk_server.admin import Admin
from clubdesk_server.errors import BadAdminInput
from licence_server import RunningServer


@pytest.fixture
def admin(vendor: RunningServer, db: Db) -> Admin:
    return vendor.admin


def publish(admin: Admin, n: int) -> dict[str, Any]:
    return admin.publish_terms(
        text_fa=f"شرایط استفاده، نسخهٔ {n}", text_en=f"Terms of service, version {n}",
        summary_fa="حذف داده‌ها پس از ۳۰ روز", summary_en="Data deleted 30 days after expiry",
    )  # fmt: skip


def activate(vendor: RunningServer, fingerprint: str, **body: Any) -> requests.Response:
    key = body.pop("key", None) or vendor.create_licence(devices=3)
    sent = {"licence_key": key, "fingerprint": fingerprint, "device_name": "Till"} | body
    return requests.post(f"{vendor.url}/v1/activations", json=sent, timeout=30)


def status(vendor: RunningServer, token: str) -> TermsStatus:
    answer = requests.get(
        f"{vendor.url}/v1/terms/status", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return TermsStatus.model_validate(answer.json())


def accept(vendor: RunningServer, token: str, version: int, who: str) -> requests.Response:
    return requests.post(
        f"{vendor.url}/v1/terms/acceptances",
        json={"version": version, "accepted_by": who},
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": "5.6.7.8"},
        timeout=30,
    )


def test_a_business_accepts_each_version_once_for_all_its_devices(
    vendor: RunningServer, admin: Admin
) -> None:
    current = CurrentTerms.model_validate(requests.get(f"{vendor.url}/v1/terms", timeout=30).json())
    assert current.terms is None  # nothing published: nothing to accept
    key = vendor.create_licence(devices=3)
    till1 = activate(vendor, "fp-terms-till-0001", key=key).json()["token"]
    till2 = activate(vendor, "fp-terms-till-0002", key=key).json()["token"]
    assert not status(vendor, till1).needs_acceptance

    assert publish(admin, 1)["version"] == 1
    shown = CurrentTerms.model_validate(requests.get(f"{vendor.url}/v1/terms", timeout=30).json())
    assert shown.terms is not None
    assert (shown.terms.version, shown.terms.text_en) == (1, "Terms of service, version 1")
    assert shown.terms.summary_fa == "حذف داده‌ها پس از ۳۰ روز"
    assert status(vendor, till1) == TermsStatus(current=1, accepted=None)

    answer = accept(vendor, till1, 1, "سارا  رضایی")
    assert answer.status_code == 201, answer.text
    assert TermsStatus.model_validate(answer.json()) == TermsStatus(current=1, accepted=1)
    assert not status(vendor, till2).needs_acceptance  # the business accepted: every till

    publish(admin, 2)
    assert status(vendor, till2).needs_acceptance
    problem_of(accept(vendor, till2, 1, "Reza"), 409, "TERMS_OUTDATED")  # an old version
    assert accept(vendor, till2, 2, "Reza").status_code == 201

    record = admin.terms_acceptances(key)
    assert (record["current"], record["accepted"]) == (2, 2)
    latest, first = record["acceptances"]
    assert (latest["version"], latest["accepted_by"], latest["device_name"]) == (2, "Reza", "Till")
    assert (first["version"], first["accepted_by"]) == (1, "سارا رضایی")
    assert first["accepted_at"]
    assert first["source_ip"]  # where from, for the record


def test_activation_records_the_terms_shown_and_an_outdated_one_activates_nothing(
    vendor: RunningServer, admin: Admin
) -> None:
    publish(admin, 1)
    key = vendor.create_licence(devices=2)
    stale = activate(vendor, "fp-terms-stale-01", key=key, terms={"version": 7, "accepted_by": "x"})
    problem_of(stale, 409, "TERMS_OUTDATED")
    assert admin.devices(key) == []  # refused whole: no device slot taken
    answer = activate(
        vendor, "fp-terms-fresh-01", key=key, terms={"version": 1, "accepted_by": "Sara"}
    )
    assert answer.status_code == 200, answer.text
    assert not status(vendor, answer.json()["token"]).needs_acceptance
    assert admin.terms_acceptances(key)["acceptances"][0]["accepted_by"] == "Sara"


def test_the_cli_publishes_from_files_and_lists(
    vendor: RunningServer, admin: Admin, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = tmp_path / "terms-fa.txt"
    text.write_text("۱. پرداخت به تومان\n۲. پیامک ۱۰ روز پیش از پایان", encoding="utf-8")

    def run(*args: str) -> tuple[int, Any, str]:
        capsys.readouterr()
        code = cli.main(["admin", "terms", *args, "--database-url", vendor.database_url, "--json"])
        captured = capsys.readouterr()
        return code, json.loads(captured.out) if code == 0 else None, captured.err

    code, published, _ = run("publish", "--text-fa", f"@{text}", "--text-en", "1. Tomans")
    assert code == 0
    assert published["text_fa"].startswith("۱. پرداخت")
    code, versions, _ = run("list")
    assert [v["version"] for v in versions] == [1]
    code, _, err = run("publish", "--text-fa", "  ", "--text-en", "x")
    assert code == 2
    assert "text-fa" in err
    with pytest.raises(BadAdminInput):
        admin.publish_terms(text_fa="x", text_en="x", summary_en="y" * 501)
