"""Licence keys, national IDs and problem codes: plain functions, no server needed."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from clubdesk.core.business import InvalidBusiness, clean_national_id, valid_national_code
from clubdesk.protocol import ProblemCode, fingerprint_hash
from clubdesk_server import errors
from clubdesk_server.errors import BadAdminInput
from clubdesk_server.licensing import (
    KEY_ALPHABET,
    business_details,
    hash_key,
    key_prefix,
    new_licence_key,
    normalize_key,
)
from clubdesk_server.settings import Settings


def test_keys_have_125_random_bits_in_an_unambiguous_alphabet() -> None:
    keys = {new_licence_key() for _ in range(2000)}
    assert len(keys) == 2000
    assert len(KEY_ALPHABET) == 32  # 5 bits a symbol, 25 symbols
    for key in keys:
        assert re.fullmatch(r"CD(-[0-9A-HJKMNP-TV-Z]{5}){5}", key)
    # every symbol shows up in every position: nothing fixed beyond "CD-"
    bodies = [k[3:].replace("-", "") for k in keys]
    for position in range(25):
        assert len({b[position] for b in bodies}) == 32


@pytest.mark.parametrize(
    "typed",
    [
        "CD-7KQ2M-0A1B2-C3D4E-F5G6H-J7K8M",
        "cd-7kq2m-0a1b2-c3d4e-f5g6h-j7k8m",
        " CD 7KQ2M 0A1B2 C3D4E F5G6H J7K8M ",
        "CD7KQ2MOA1B2C3D4EF5G6HJ7K8M",  # O for 0
        "CD-7KQ2M-0AlB2-C3D4E-F5G6H-J7K8M",  # l for 1
        "CD-7KQ2M-0AIB2-C3D4E-F5G6H-J7K8M",  # I for 1
        "CD-۷KQ۲M-۰A۱B۲-C۳D۴E-F۵G۶H-J۷K۸M",  # Persian digits
    ],
)
def test_typed_keys_normalise_to_one_form(typed: str) -> None:
    assert normalize_key(typed) == "CD-7KQ2M-0A1B2-C3D4E-F5G6H-J7K8M"
    assert hash_key(typed) == hash_key("CD-7KQ2M-0A1B2-C3D4E-F5G6H-J7K8M")


def test_key_prefix_is_the_first_group() -> None:
    assert key_prefix("cd-7kq2m-0a1b2-c3d4e-f5g6h-j7k8m") == "CD-7KQ2M"


def test_fingerprint_hash_is_stable_and_hex() -> None:
    assert fingerprint_hash("abc") == fingerprint_hash("abc")
    assert fingerprint_hash("abc") != fingerprint_hash("abd")
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint_hash("abc"))


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("0499370899", True),
        ("0790419904", True),
        ("0084575948", True),
        ("0499370898", False),
        ("1111111111", False),
        ("123456789", False),
    ],
)
def test_national_code_check_digit(code: str, valid: bool) -> None:
    assert valid_national_code(code) is valid


def test_national_ids_are_cleaned_and_checked() -> None:
    assert clean_national_id("۰۴۹۹-۳۷۰۸۹۹", legal_entity=False) == "0499370899"
    assert clean_national_id("10101234567", legal_entity=True) == "10101234567"
    assert clean_national_id("  ", legal_entity=False) is None
    with pytest.raises(InvalidBusiness):
        clean_national_id("0499370898", legal_entity=False)
    with pytest.raises(InvalidBusiness):
        clean_national_id("123456789012", legal_entity=True)


def test_the_operator_gets_the_bad_business_field_named() -> None:
    with pytest.raises(BadAdminInput) as caught:
        business_details(name="Shop", mobile="09121234567", national_id="0499370898")
    assert caught.value.params["field"] == "national_id"
    with pytest.raises(BadAdminInput) as caught:
        business_details(name="  ", mobile="09121234567")
    assert caught.value.params["field"] == "business name"
    with pytest.raises(BadAdminInput) as caught:
        business_details(name="Shop", mobile="0812345678")
    assert caught.value.params["field"] == "mobile"
    with pytest.raises(BadAdminInput) as caught:
        business_details(name="Shop", mobile="09121234567", email="not-an-address")
    assert caught.value.params["field"] == "email"


def test_every_problem_code_the_api_sends_is_in_the_protocol() -> None:
    codes = {value for name, value in vars(ProblemCode).items() if name.isupper()}
    api_errors = [
        errors.InvalidRequest, errors.LicenceNotFound, errors.LicenceRevoked,
        errors.LicenceSuspended, errors.DeviceLimit, errors.TokenInvalid, errors.RateLimited,
        errors.NotFound, errors.MethodNotAllowed, errors.Unexpected, errors.PlanNotFound,
        errors.PaymentNotFound, errors.GatewayUnavailable, errors.GatewayRefused,
        errors.TicketNotFound, errors.AdminTokenInvalid, errors.LicenceExpired,
        errors.CloudQuotaFull, errors.ChunkHashMismatch, errors.UploadIncomplete,
        errors.UploadDamaged, errors.BackupNotFound, errors.TrialUsed, errors.TermsOutdated,
        errors.NotReady, errors.MetricsForbidden,
    ]  # fmt: skip
    assert {e.code for e in api_errors} == codes
    statuses = {e.code: e.status for e in api_errors}
    assert statuses[ProblemCode.DEVICE_LIMIT] == 409
    assert statuses[ProblemCode.TRIAL_USED] == 409
    assert statuses[ProblemCode.LICENCE_REVOKED] == 403
    assert statuses[ProblemCode.TOKEN_INVALID] == 401
    assert statuses[ProblemCode.RATE_LIMITED] == 429
    assert statuses[ProblemCode.LICENCE_EXPIRED] == 403
    assert statuses[ProblemCode.CLOUD_QUOTA_FULL] == 409


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLUBDESK_SERVER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CLUBDESK_SERVER_KEYS_DIR", raising=False)
    monkeypatch.delenv("CLUBDESK_SERVER_DATABASE_URL", raising=False)
    settings = Settings.from_env()
    assert settings.data_dir == tmp_path / "data"
    assert settings.keys_dir == tmp_path / "data" / "keys"
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'clubdesk-server.sqlite3'}"
    assert settings.lease_refresh == timedelta(hours=4)
    assert settings.lease_grace == timedelta(days=7)
    monkeypatch.setenv("CLUBDESK_SERVER_KEYS_DIR", str(tmp_path / "k"))
    monkeypatch.setenv("CLUBDESK_SERVER_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = Settings.from_env()
    assert settings.keys_dir == tmp_path / "k"
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert Settings.from_env(database_url="sqlite:///x.db").database_url == "sqlite:///x.db"
