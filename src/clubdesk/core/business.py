"""The business profile: who runs the shop, as receipts, cards and the vendor know it.

The first-run wizard fills it in and Settings → Business changes it. The national id rules
(a person's 10-digit code melli with its check digit, or a company's national id) are shared
with clubdesk-server, which checks the same fields when it creates a licence.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, replace
from typing import Any

import phonenumbers

from clubdesk.core.errors import InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits
from clubdesk.core.phone import clean_digits, normalize_phone

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, for the phone inside Persian text
PROFILE_KEY = "business.profile"
LOGO_KEY = "business.logo"  # base64 of a PNG, kept apart: the profile stays small in the audit
NAME_MAX, ADDRESS_MAX, OWNER_MAX = 200, 300, 120
LOGO_MAX_BYTES = 256 * 1024  # after scaling to LOGO_SIDE pixels a logo is far smaller
LOGO_SIDE = 256


class InvalidBusiness(InvalidInput):
    """A field of the business profile; ``field`` names it for the form to point at."""

    code = "INVALID_BUSINESS"
    default_message = QT_TRANSLATE_NOOP("errors", "The business details are not valid.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Correct the field shown and try again.")


class UnreadableLogo(InvalidBusiness):
    code = "UNREADABLE_LOGO"
    default_message = QT_TRANSLATE_NOOP("errors", "The logo is not a picture ClubDesk can read.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Choose a PNG or JPEG picture of the logo.")

    def __init__(self) -> None:
        super().__init__(field="logo")


def valid_national_code(digits: str) -> bool:
    """The Iranian national code (code melli) of a person: 10 digits with a check digit."""
    if not re.fullmatch(r"\d{10}", digits) or len(set(digits)) == 1:
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    check = int(digits[9])
    return check == total if total < 2 else check == 11 - total


def clean_national_id(raw: str | None, *, legal_entity: bool) -> str | None:
    """Digits of a person's national code or a company's national id; None when empty."""
    if raw is None or not raw.strip():
        return None
    digits = re.sub(r"[\s\-]", "", to_latin_digits(raw))
    if legal_entity:
        # The company's 11-digit national ID, or its registration number.
        if not re.fullmatch(r"\d{1,11}", digits):
            raise InvalidBusiness(
                QT_TRANSLATE_NOOP("errors", "A company's national id has 1 to 11 digits."),
                QT_TRANSLATE_NOOP("errors", "Type the id printed on the company's papers."),
                field="national_id",
            )
    elif not valid_national_code(digits):
        raise InvalidBusiness(
            QT_TRANSLATE_NOOP("errors", "This is not a valid 10-digit national code."),
            QT_TRANSLATE_NOOP("errors", "Check the digits on the national card."),
            field="national_id",
        )
    return digits


def clean_text(value: str | None, field: str, max_len: int, *, required: bool) -> str:
    """One line, spaces collapsed; ``InvalidBusiness`` when missing or too long."""
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise InvalidBusiness(
            QT_TRANSLATE_NOOP("errors", "This field is required."),
            QT_TRANSLATE_NOOP("errors", "Fill it in, then continue."),
            field=field,
        )
    if len(cleaned) > max_len:
        raise InvalidBusiness(
            QT_TRANSLATE_NOOP("errors", "This field is too long (at most {max_len} characters)."),
            QT_TRANSLATE_NOOP("errors", "Shorten it, then continue."),
            field=field,
            max_len=max_len,
        )
    return cleaned


def normalize_shop_phone(raw: str) -> str:
    """The shop's phone as E.164: a landline with its area code (021 8888 1234) or a mobile."""
    text = clean_digits(raw)
    try:
        number = phonenumbers.parse(text, "IR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 98 or not phonenumbers.is_valid_number(number):
        raise InvalidBusiness(
            QT_TRANSLATE_NOOP("errors", "This is not a valid Iranian phone number."),
            QT_TRANSLATE_NOOP(
                "errors", "Type a landline with its area code (021 8888 1234) or a mobile number."
            ),
            field="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_shop_phone(e164: str) -> str:
    """'+982188881234' -> '021 8888 1234' (how the shop writes it; Latin digits here)."""
    try:
        number = phonenumbers.parse(e164, "IR")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@dataclass(frozen=True)
class BusinessProfile:
    """What the owner says about the business; ``mobile`` is where the vendor's SMS go."""

    name: str = ""
    legal_entity: bool = False
    national_id: str | None = None
    owner_name: str = ""
    mobile: str = ""  # E.164 mobile of the owner (licence reminders)
    phone: str = ""  # E.164 shop phone, printed on receipts
    address: str = ""

    def contact_line(self) -> str:
        """What receipts print under the shop's name: '021 8888 1234 · Tehran, ...'. The
        phone is isolated left-to-right, so its digit groups keep their order in Persian."""
        phone = f"{LRI}{format_shop_phone(self.phone)}{PDI}" if self.phone else ""
        return " · ".join(part for part in (phone, self.address) if part)

    @classmethod
    def parse(
        cls,
        *,
        name: str,
        legal_entity: bool = False,
        national_id: str | None = None,
        owner_name: str = "",
        mobile: str = "",
        phone: str = "",
        address: str = "",
    ) -> BusinessProfile:
        """Checked and normalised from what was typed; the first bad field raises."""
        mobile_e164 = ""
        if mobile.strip():
            try:
                mobile_e164 = normalize_phone(mobile)
            except InvalidInput as exc:
                raise InvalidBusiness(exc.message, exc.hint, field="mobile") from exc
        return cls(
            name=clean_text(name, "name", NAME_MAX, required=True),
            legal_entity=legal_entity,
            national_id=clean_national_id(national_id, legal_entity=legal_entity),
            owner_name=clean_text(owner_name, "owner_name", OWNER_MAX, required=False),
            mobile=mobile_e164,
            phone=normalize_shop_phone(phone) if phone.strip() else "",
            address=clean_text(address, "address", ADDRESS_MAX, required=False),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "legal_entity": self.legal_entity,
            "national_id": self.national_id,
            "owner_name": self.owner_name,
            "mobile": self.mobile,
            "phone": self.phone,
            "address": self.address,
        }

    @classmethod
    def from_json(cls, data: Any) -> BusinessProfile:
        """A stored profile; anything unreadable is the empty profile (nothing typed yet)."""
        if not isinstance(data, dict):
            return cls()
        known = {k: data[k] for k in cls().to_json() if k in data}
        try:
            profile = cls(**known)
        except TypeError:
            return cls()
        return replace(profile, legal_entity=bool(profile.legal_entity))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def encode_logo(png: bytes | None) -> str | None:
    """The stored form of a logo: base64 of a PNG no larger than LOGO_MAX_BYTES."""
    if png is None:
        return None
    if not png.startswith(PNG_SIGNATURE):
        raise UnreadableLogo()
    if len(png) > LOGO_MAX_BYTES:
        raise InvalidBusiness(
            QT_TRANSLATE_NOOP("errors", "The logo is too large ({size} KB; at most {limit} KB)."),
            QT_TRANSLATE_NOOP("errors", "Choose a smaller picture."),
            field="logo",
            size=len(png) // 1024,
            limit=LOGO_MAX_BYTES // 1024,
        )
    return base64.b64encode(png).decode("ascii")


def decode_logo(stored: Any) -> bytes | None:
    if not isinstance(stored, str):
        return None
    try:
        png = base64.b64decode(stored.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return None
    return png if png.startswith(PNG_SIGNATURE) else None
