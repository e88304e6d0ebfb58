"""The business profile the first run and Settings save (core.business)."""

from __future__ import annotations

import base64

import pytest

from clubdesk.core.business import (
    LOGO_MAX_BYTES,
    PNG_SIGNATURE,
    BusinessProfile,
    InvalidBusiness,
    UnreadableLogo,
    decode_logo,
    encode_logo,
    format_shop_phone,
)


def test_a_profile_is_cleaned_and_normalised() -> None:
    profile = BusinessProfile.parse(
        name="  کافه   بهار ",
        legal_entity=False,
        national_id="۰۴۹۹-۳۷۰۸۹۹",
        owner_name="سارا  رضایی",
        mobile="۰۹۱۲ ۱۲۳ ۴۵۶۷",
        phone="(021) 8888-1234",
        address="تهران،\n خیابان ولیعصر",
    )
    assert profile.name == "کافه بهار"
    assert profile.national_id == "0499370899"
    assert profile.owner_name == "سارا رضایی"
    assert profile.mobile == "+989121234567"
    assert profile.phone == "+982188881234"
    assert format_shop_phone(profile.phone) == "021 8888 1234"
    assert profile.address == "تهران، خیابان ولیعصر"
    assert BusinessProfile.from_json(profile.to_json()) == profile


def test_a_shop_phone_may_be_a_mobile_and_everything_but_the_name_may_be_empty() -> None:
    assert BusinessProfile.parse(name="x", phone="09121234567").phone == "+989121234567"
    bare = BusinessProfile.parse(name="Bahar")
    assert (bare.mobile, bare.phone, bare.national_id, bare.address) == ("", "", None, "")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"mobile": "0812345678"}, "mobile"),
        ({"phone": "12345"}, "phone"),
        ({"national_id": "1234567890"}, "national_id"),  # check digit
        ({"national_id": "123456789012", "legal_entity": True}, "national_id"),
        ({"address": "x" * 301}, "address"),
    ],
)
def test_each_bad_field_is_named(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidBusiness) as bad:
        BusinessProfile.parse(**({"name": "Bahar"} | fields))  # type: ignore[arg-type]
    assert bad.value.params["field"] == field
    assert bad.value.render()


def test_a_company_id_is_not_checked_as_a_national_code() -> None:
    profile = BusinessProfile.parse(name="Co", legal_entity=True, national_id="10101234567")
    assert profile.national_id == "10101234567"


def test_logos_are_stored_as_png_within_the_limit() -> None:
    png = PNG_SIGNATURE + b"\0" * 100
    assert decode_logo(encode_logo(png)) == png
    assert encode_logo(None) is None
    with pytest.raises(UnreadableLogo):
        encode_logo(b"GIF89a...")
    with pytest.raises(InvalidBusiness) as big:
        encode_logo(PNG_SIGNATURE + b"\0" * LOGO_MAX_BYTES)
    assert big.value.params["field"] == "logo"
    assert decode_logo("not base64!") is None
    assert decode_logo(base64.b64encode(b"GIF89a").decode()) is None


def test_an_unreadable_stored_profile_is_the_empty_one() -> None:
    assert BusinessProfile.from_json(None) == BusinessProfile()
    assert BusinessProfile.from_json({"name": "x", "unknown": 1}).name == "x"


def test_the_contact_line_joins_phone_and_address() -> None:
    full = BusinessProfile.parse(name="x", phone="02188881234", address="Tehran")
    assert full.contact_line() == "\u2066021 8888 1234\u2069 · Tehran"  # isolated LTR
    assert BusinessProfile.parse(name="x", address="Tehran").contact_line() == "Tehran"
    assert BusinessProfile.parse(name="x").contact_line() == ""
