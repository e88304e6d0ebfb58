"""What a member is, independent of storage: validation and the fields an edit may change."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from clubdesk.core.errors import InvalidDate, InvalidInput, InvalidName, InvalidPhone
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.names import clean_name
from clubdesk.core.phone import normalize_phone
from clubdesk.core.programme import Earning

MAX_NOTE_LENGTH = 500


class SortKey(StrEnum):
    """Orders the members list offers (each backed by an index)."""

    NAME = "name"
    PHONE = "phone"
    POINTS = "points"
    LAST_VISIT = "last_visit"
    CREATED = "created"


class Gender(StrEnum):
    UNSPECIFIED = "unspecified"
    FEMALE = "female"
    MALE = "male"


@dataclass(frozen=True)
class MemberDraft:
    """A member as a form or the CLI gives it; ``validated()`` returns the stored form."""

    phone: str
    first_name: str = ""
    last_name: str = ""
    birthday: date | None = None
    gender: Gender = Gender.UNSPECIFIED
    note: str = ""
    sms_consent: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    anniversary: date | None = None  # wedding anniversary, for the occasion gift
    referrer: str = ""  # at registration: the mobile of the member who brought them

    def validated(self, *, today: date | None = None) -> MemberDraft:
        first, last = clean_name(self.first_name), clean_name(self.last_name)
        if not first and not last:
            raise InvalidName(
                QT_TRANSLATE_NOOP("errors", "The member's name is missing."),
                QT_TRANSLATE_NOOP("errors", "Type a first or last name, then save again."),
            )
        for day in (self.birthday, self.anniversary):
            if day is not None and not (date(1900, 1, 1) <= day <= (today or date.today())):
                raise InvalidDate(entered=str(day))
        referrer = ""
        if (self.referrer or "").strip():
            try:
                referrer = normalize_phone(self.referrer)
            except InvalidPhone:
                raise InvalidReferrer(entered=self.referrer) from None
        note = (self.note or "").strip()
        if len(note) > MAX_NOTE_LENGTH:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "The note is longer than 500 characters."),
                QT_TRANSLATE_NOOP("errors", "Shorten the note and save again."),
            )
        return MemberDraft(
            phone=normalize_phone(self.phone),
            first_name=first,
            last_name=last,
            birthday=self.birthday,
            gender=Gender(self.gender),
            note=note,
            sms_consent=bool(self.sms_consent),
            anniversary=self.anniversary,
            referrer=referrer,
        )

    def fields(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data.pop("referrer")
        return data


EDITABLE_FIELDS = (
    "phone",
    "first_name",
    "last_name",
    "birthday",
    "gender",
    "note",
    "sms_consent",
    "anniversary",
)


class InvalidReferrer(InvalidInput):
    code = "INVALID_REFERRER"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The mobile number of the member who referred them is not valid."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type the friend's member mobile, for example 09121234567, or leave it empty."
    )


class ReferrerNotFound(InvalidInput):
    code = "REFERRER_NOT_FOUND"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "No member has the referrer's mobile number {entered}."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check the number, or register the friend first; or leave it empty."
    )


def changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Audit form of an edit: {field: [old, new]} for the fields that differ."""
    return {
        key: [_plain(old.get(key)), _plain(new.get(key))]
        for key in EDITABLE_FIELDS
        if key in new and old.get(key) != new.get(key)
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class MemberHit:
    """A search result: what the counter's list shows. Open the card for everything else;
    reading seven columns instead of twenty halves the cost of every keystroke."""

    id: str
    phone: str
    first_name: str
    last_name: str
    points: int
    archived: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "phone": self.phone,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "points": self.points,
            "archived": self.archived,
        }


@dataclass(frozen=True)
class MemberView(MemberHit):
    """A member as every screen and the CLI see it (no database objects escape storage)."""

    visits: int
    total_spent: int
    last_visit_at: datetime | None
    birthday: date | None = None
    gender: Gender = Gender.UNSPECIFIED
    note: str = ""
    sms_consent: bool = False
    sms_consent_at: datetime | None = None
    created_at: datetime | None = None
    created_by: str = ""
    level: str = ""  # as stored: "" is the lowest level (LevelRules.display_name)
    credit: int = 0  # wallet credit in tomans, including credit not usable yet
    anniversary: date | None = None
    referred_by: str | None = None

    def draft(self) -> MemberDraft:
        """The editable part, to prefill a form."""
        return MemberDraft(
            phone=self.phone,
            first_name=self.first_name,
            last_name=self.last_name,
            birthday=self.birthday,
            gender=self.gender,
            note=self.note,
            sms_consent=self.sms_consent,
            anniversary=self.anniversary,
        )

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {
            "visits": self.visits,
            "total_spent": self.total_spent,
            "last_visit_at": _iso(self.last_visit_at),
            "birthday": _iso(self.birthday),
            "gender": str(self.gender),
            "note": self.note,
            "sms_consent": self.sms_consent,
            "sms_consent_at": _iso(self.sms_consent_at),
            "created_at": _iso(self.created_at),
            "created_by": self.created_by,
            "level": self.level,
            "credit": self.credit,
            "anniversary": _iso(self.anniversary),
            "referred_by": self.referred_by,
        }


@dataclass(frozen=True)
class PurchaseView:
    id: str
    amount: int
    points_earned: int
    created_at: datetime
    created_by: str
    discount: int = 0  # paid with a reward or wallet credit
    reverses: str | None = None  # a reversal: the sale it reverses
    reversed: bool = False  # a sale that has been reversed

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "amount": self.amount,
            "points_earned": self.points_earned,
            "created_at": _iso(self.created_at),
            "created_by": self.created_by,
            "discount": self.discount,
            "reverses": self.reverses,
            "reversed": self.reversed,
        }


@dataclass(frozen=True)
class MemberCard:
    member: MemberView
    recent_purchases: list[PurchaseView]
    level: str = ""  # the level's name as shown (the lowest level when stored as "")
    usable_points: int | None = None  # points not yet expired (the job may be behind)
    usable_credit: int = 0  # wallet credit usable now (cashback waits for its delay)

    @property
    def pending_credit(self) -> int:
        return max(0, self.member.credit - self.usable_credit)


@dataclass(frozen=True)
class Registration:
    member: MemberView
    existing: bool  # the phone was already a member: nothing new was saved


@dataclass(frozen=True)
class PurchaseResult:
    purchase: PurchaseView
    member: MemberView
    earning: Earning | None = None  # how the points were made up (receipt, message)
    reward: str = ""  # the reward's name, when one was redeemed with the purchase
    points_spent: int = 0  # the reward's cost
    credit_used: int = 0  # tomans of wallet credit
    cashback: int = 0  # tomans of credit earned, usable later
    level: str = ""  # the member's level after the purchase (display name)
    promoted: bool = False  # the purchase moved the member up a level


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()
