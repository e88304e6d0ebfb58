"""The rest of the programme an owner sets up: points and credit that expire, wallet credit
(cashback), the rewards catalogue and levels. Plain data stored as settings rows (one key
each), validated here; the earning rules live in ``core.programme``.

Each ``from_json`` accepts a missing row (the defaults: nothing expires, no cashback, no
rewards, no levels) and ignores unknown keys, so an older counter reads a newer one's rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import jdatetime

from clubdesk.core.dates import TEHRAN
from clubdesk.core.errors import InvalidInput, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits
from clubdesk.core.money import parse_whole
from clubdesk.core.programme import checked_whole

EXPIRY_KEY = "programme.expiry"
WALLET_KEY = "programme.wallet"
REWARDS_KEY = "programme.rewards"
LEVELS_KEY = "programme.levels"
OCCASIONS_KEY = "programme.occasions"
MAX_MONTHS = 120
MAX_DELAY_HOURS = 24 * 90
MAX_REWARDS = 60
MAX_LEVELS = 10
DEFAULT_POINT_VALUE = 1_000  # tomans a point is worth in the liability report
MAX_POINTS_COST = 10_000_000
MAX_TOMANS_VALUE = 1_000_000_000


def _decimal(value: Any, low: Decimal, high: Decimal, message: str, hint: str) -> Decimal:
    """A number with at most two decimals in [low, high], exact (never a float)."""
    if isinstance(value, bool):
        raise InvalidSetting(message, hint, entered=str(value))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidSetting(message, hint, entered=str(value)) from None
    if not number.is_finite() or not low <= number <= high or number != round(number, 2):
        raise InvalidSetting(message, hint, entered=str(value))
    return Decimal(int(number)) if number == number.to_integral_value() else number.normalize()


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InvalidSetting(
            QT_TRANSLATE_NOOP("errors", "The saved club settings cannot be read."),
            QT_TRANSLATE_NOOP("errors", "Open Settings, check the club's rules and save them."),
            entered=f"{what}: {str(data)[:60]}",
        )
    return data


def add_jalali_months(moment: datetime, months: int) -> datetime:
    """The same Tehran time ``months`` Jalali months later; a day the month lacks (Esfand 30,
    day 31 of a 30-day month) becomes the month's last day."""
    local = moment.astimezone(TEHRAN)
    day = jdatetime.date.fromgregorian(date=local.date())
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = (
        31
        if month <= 6
        else 30
        if month <= 11
        else 30
        if jdatetime.date(year, 1, 1).isleap()
        else 29
    )
    target = jdatetime.date(year, month, min(day.day, last)).togregorian()
    return local.replace(year=target.year, month=target.month, day=target.day).astimezone(
        moment.tzinfo
    )


# --------------------------------------------------------------------------- expiry


@dataclass(frozen=True)
class ExpiryRules:
    """How long each earning lasts, in Jalali months; 0 = never expires."""

    points_months: int = 0
    credit_months: int = 0

    def __post_init__(self) -> None:
        hint = QT_TRANSLATE_NOOP("errors", "Enter 0 for never, or for example 6.")
        for value in (self.points_months, self.credit_months):
            checked_whole(
                value,
                0,
                MAX_MONTHS,
                QT_TRANSLATE_NOOP("errors", "Expiry must be a whole number of months, 0 to 120."),
                hint,
            )

    def points_expiry(self, earned_at: datetime) -> datetime | None:
        return add_jalali_months(earned_at, self.points_months) if self.points_months else None

    def credit_expiry(self, usable_from: datetime) -> datetime | None:
        return add_jalali_months(usable_from, self.credit_months) if self.credit_months else None

    def to_json(self) -> dict[str, Any]:
        return {"points_months": self.points_months, "credit_months": self.credit_months}

    @classmethod
    def from_json(cls, data: Any) -> ExpiryRules:
        found = _mapping(data, EXPIRY_KEY)
        return cls(found.get("points_months", 0), found.get("credit_months", 0))


# --------------------------------------------------------------------------- wallet


@dataclass(frozen=True)
class WalletRules:
    """Cashback: ``percent`` of the part of a purchase paid in money becomes wallet credit,
    usable ``delay_hours`` later (so a purchase cannot pay for itself)."""

    percent: Decimal = Decimal(0)
    delay_hours: int = 24

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "percent",
            _decimal(
                self.percent,
                Decimal(0),
                Decimal(100),
                QT_TRANSLATE_NOOP("errors", "Cashback must be a percent from 0 to 100."),
                QT_TRANSLATE_NOOP("errors", "Enter for example 2 or 2.5; 0 turns it off."),
            ),
        )
        checked_whole(
            self.delay_hours,
            0,
            MAX_DELAY_HOURS,
            QT_TRANSLATE_NOOP("errors", "The delay must be 0 to 2,160 hours (90 days)."),
        )

    def cashback(self, paid: int) -> int:
        """Whole tomans of credit for ``paid`` tomans, rounded down."""
        return int((paid * self.percent / 100).to_integral_value(rounding=ROUND_FLOOR))

    def usable_from(self, now: datetime) -> datetime:
        return now + timedelta(hours=self.delay_hours)

    def to_json(self) -> dict[str, Any]:
        return {"percent": str(self.percent), "delay_hours": self.delay_hours}

    @classmethod
    def from_json(cls, data: Any) -> WalletRules:
        found = _mapping(data, WALLET_KEY)
        return cls(found.get("percent", "0"), found.get("delay_hours", 24))


# -------------------------------------------------------------------------- rewards


class RewardKind(StrEnum):
    DISCOUNT = "discount"  # a fixed number of tomans off the invoice
    PERCENT = "percent"  # a percent off the invoice, up to a cap in tomans
    ITEM = "item"  # a free item, handed over
    CREDIT = "credit"  # wallet credit in tomans


REWARD_KIND_NAMES = {
    RewardKind.DISCOUNT: QT_TRANSLATE_NOOP("programme", "Discount in tomans"),
    RewardKind.PERCENT: QT_TRANSLATE_NOOP("programme", "Percent discount"),
    RewardKind.ITEM: QT_TRANSLATE_NOOP("programme", "Free item"),
    RewardKind.CREDIT: QT_TRANSLATE_NOOP("programme", "Wallet credit"),
}


class RewardTooLarge(InvalidInput):
    code = "REWARD_TOO_LARGE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "Points can pay at most {share}% of this invoice ({limit} tomans)."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose a smaller reward, or use it on a larger purchase."
    )


class RewardNeedsInvoice(InvalidInput):
    code = "REWARD_NEEDS_INVOICE"
    default_message = QT_TRANSLATE_NOOP("errors", "A discount reward needs the invoice amount.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type the purchase amount first, then choose the reward."
    )


class UnknownReward(InvalidInput):
    code = "UNKNOWN_REWARD"
    default_message = QT_TRANSLATE_NOOP("errors", "This reward is not in the catalogue any more.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Choose another reward from the list.")


@dataclass(frozen=True)
class Reward:
    """One catalogue entry: what it gives and what it costs in points."""

    id: str
    name: str
    kind: RewardKind
    cost: int
    value: int = 0  # tomans (discount, credit) or percent (percent)
    cap: int = 0  # the most tomans a percent discount gives; 0 = no cap

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > 60:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "A reward needs a name of up to 60 characters."),
                entered=str(self.name)[:80],
            )
        object.__setattr__(self, "name", self.name.strip())
        try:
            object.__setattr__(self, "kind", RewardKind(self.kind))
        except ValueError:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "Unknown reward type."), entered=str(self.kind)
            ) from None
        checked_whole(
            self.cost,
            1,
            MAX_POINTS_COST,
            QT_TRANSLATE_NOOP("errors", "A reward must cost 1 to 10,000,000 points."),
        )
        if self.kind is RewardKind.PERCENT:
            checked_whole(
                self.value,
                1,
                100,
                QT_TRANSLATE_NOOP("errors", "A percent discount must be from 1 to 100."),
            )
        elif self.kind in (RewardKind.DISCOUNT, RewardKind.CREDIT):
            checked_whole(
                self.value,
                1,
                MAX_TOMANS_VALUE,
                QT_TRANSLATE_NOOP("errors", "A reward's value must be 1 to 1,000,000,000 tomans."),
            )
        checked_whole(
            self.cap,
            0,
            MAX_TOMANS_VALUE,
            QT_TRANSLATE_NOOP("errors", "A discount cap must be 0 to 1,000,000,000 tomans."),
            QT_TRANSLATE_NOOP("errors", "Enter 0 for no cap."),
        )

    @property
    def needs_invoice(self) -> bool:
        return self.kind in (RewardKind.DISCOUNT, RewardKind.PERCENT)

    def discount_on(self, invoice: int) -> int:
        """Tomans off an invoice of ``invoice`` tomans (never more than the invoice)."""
        if self.kind is RewardKind.DISCOUNT:
            return min(self.value, invoice)
        if self.kind is RewardKind.PERCENT:
            off = invoice * self.value // 100
            return min(off, self.cap) if self.cap else off
        return 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": str(self.kind),
            "cost": self.cost,
            "value": self.value,
            "cap": self.cap,
        }

    @classmethod
    def from_json(cls, data: Any) -> Reward:
        found = _mapping(data, REWARDS_KEY)
        return cls(
            str(found.get("id", "")),
            found.get("name", ""),
            found.get("kind", ""),
            found.get("cost", 0),
            found.get("value", 0),
            found.get("cap", 0),
        )


@dataclass(frozen=True)
class RewardsCatalogue:
    """The rewards on offer, the most of an invoice points may pay, and what a point is worth
    (for the owner's liability report)."""

    rewards: tuple[Reward, ...] = ()
    max_share: int = 50  # percent of an invoice payable with points
    point_value: int = DEFAULT_POINT_VALUE

    def __post_init__(self) -> None:
        if not isinstance(self.rewards, Sequence) or len(self.rewards) > MAX_REWARDS:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "At most 60 rewards can be offered."),
                entered=str(len(self.rewards) if isinstance(self.rewards, Sequence) else "?"),
            )
        ids = [r.id for r in self.rewards]
        if len(set(ids)) != len(ids) or not all(ids):
            raise InvalidSetting(QT_TRANSLATE_NOOP("errors", "Every reward needs its own id."))
        object.__setattr__(self, "rewards", tuple(self.rewards))
        checked_whole(
            self.max_share,
            1,
            100,
            QT_TRANSLATE_NOOP("errors", "The share payable with points must be 1 to 100 percent."),
        )
        checked_whole(
            self.point_value,
            0,
            MAX_TOMANS_VALUE,
            QT_TRANSLATE_NOOP("errors", "A point's value must be 0 or more tomans."),
        )

    def find(self, reward_id: str) -> Reward:
        for reward in self.rewards:
            if reward.id == reward_id:
                return reward
        raise UnknownReward(entered=reward_id)

    def discount(self, reward: Reward, invoice: int | None) -> int:
        """The discount ``reward`` gives on ``invoice``; refuses what exceeds the share."""
        if not reward.needs_invoice:
            return 0
        if not invoice:
            raise RewardNeedsInvoice()
        off = reward.discount_on(invoice)
        limit = invoice * self.max_share // 100
        if off > limit:
            raise RewardTooLarge(share=str(self.max_share), limit=f"{limit:,}")
        return off

    def to_json(self) -> dict[str, Any]:
        return {
            "rewards": [r.to_json() for r in self.rewards],
            "max_share": self.max_share,
            "point_value": self.point_value,
        }

    @classmethod
    def from_json(cls, data: Any) -> RewardsCatalogue:
        found = _mapping(data, REWARDS_KEY)
        rewards = found.get("rewards", [])
        if not isinstance(rewards, list):
            rewards = [rewards]
        return cls(
            tuple(Reward.from_json(r) for r in rewards),
            found.get("max_share", 50),
            found.get("point_value", DEFAULT_POINT_VALUE),
        )


# --------------------------------------------------------------------------- levels


@dataclass(frozen=True)
class Level:
    """A tier reached by spending ``min_spend`` tomans within the rolling window; its
    multiplier applies to a purchase's amount points."""

    name: str
    min_spend: int
    multiplier: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > 20:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "A level needs a name of up to 20 characters."),
                entered=str(self.name)[:40],
            )
        object.__setattr__(self, "name", self.name.strip())
        checked_whole(
            self.min_spend,
            0,
            MAX_TOMANS_VALUE * 100,
            QT_TRANSLATE_NOOP("errors", "A level's spend must be 0 or more tomans."),
        )
        object.__setattr__(
            self,
            "multiplier",
            _decimal(
                self.multiplier,
                Decimal(1),
                Decimal(10),
                QT_TRANSLATE_NOOP("errors", "A level's multiplier must be from 1 to 10."),
                QT_TRANSLATE_NOOP("errors", "Enter for example 1.5 for half as many again."),
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "min_spend": self.min_spend, "multiplier": str(self.multiplier)}


@dataclass(frozen=True)
class LevelRules:
    """Levels by spend in the last ``window_days``: promotion at a purchase, demotion when
    old purchases leave the window (a member who stops coming drops back)."""

    levels: tuple[Level, ...] = field(default=())
    window_days: int = 365

    def __post_init__(self) -> None:
        levels = tuple(sorted(self.levels, key=lambda level: level.min_spend))
        if len(levels) > MAX_LEVELS:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "At most 10 levels can be set."),
                entered=str(len(levels)),
            )
        names = [level.name.casefold() for level in levels]
        spends = [level.min_spend for level in levels]
        if len(set(names)) != len(names) or len(set(spends)) != len(spends):
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "Each level needs its own name and its own spend."),
            )
        object.__setattr__(self, "levels", levels)
        checked_whole(
            self.window_days,
            7,
            3660,
            QT_TRANSLATE_NOOP("errors", "The level window must be 7 to 3,660 days."),
            QT_TRANSLATE_NOOP("errors", "Enter for example 365 for the last year."),
        )

    def level_for(self, spend: int) -> Level | None:
        """The highest level ``spend`` reaches; None without levels or below the first."""
        found = None
        for level in self.levels:
            if spend >= level.min_spend:
                found = level
        return found

    def key_for(self, spend: int) -> str:
        """What members.level stores: the level's name, "" for no level or the lowest one
        with no threshold (so a million new members are not a million updates)."""
        level = self.level_for(spend)
        if level is None or (level is self.levels[0] and level.min_spend == 0):
            return ""
        return level.name

    def display_name(self, stored: str) -> str:
        if stored or not self.levels or self.levels[0].min_spend:
            return stored
        return self.levels[0].name

    def multiplier(self, stored: str) -> Decimal:
        name = self.display_name(stored)
        return next((lv.multiplier for lv in self.levels if lv.name == name), Decimal(1))

    def window_start(self, now: datetime) -> datetime:
        return now - timedelta(days=self.window_days)

    def to_json(self) -> dict[str, Any]:
        return {"window_days": self.window_days, "levels": [lv.to_json() for lv in self.levels]}

    @classmethod
    def from_json(cls, data: Any) -> LevelRules:
        found = _mapping(data, LEVELS_KEY)
        levels = found.get("levels", [])
        if not isinstance(levels, list):
            levels = [levels]
        return cls(
            tuple(
                Level(
                    _mapping(lv, LEVELS_KEY).get("name", ""),
                    _mapping(lv, LEVELS_KEY).get("min_spend", 0),
                    _mapping(lv, LEVELS_KEY).get("multiplier", "1"),
                )
                for lv in levels
            ),
            found.get("window_days", 365),
        )


# ------------------------------------------------------------------------ occasions


@dataclass(frozen=True)
class OccasionRules:
    """Gift points on the member's birthday and wedding anniversary (Jalali dates), and for
    a referral: both the friend and the member who brought them, after the friend's first
    purchase. 0 turns each off."""

    birthday: int = 0
    anniversary: int = 0
    referral_friend: int = 0
    referral_referrer: int = 0

    def __post_init__(self) -> None:
        for value in (
            self.birthday,
            self.anniversary,
            self.referral_friend,
            self.referral_referrer,
        ):
            checked_whole(
                value,
                0,
                MAX_POINTS_COST,
                QT_TRANSLATE_NOOP("errors", "Gift points must be a whole number from 0."),
                QT_TRANSLATE_NOOP("errors", "Enter 0 to turn the gift off."),
            )

    def to_json(self) -> dict[str, Any]:
        return {
            "birthday": self.birthday,
            "anniversary": self.anniversary,
            "referral_friend": self.referral_friend,
            "referral_referrer": self.referral_referrer,
        }

    @classmethod
    def from_json(cls, data: Any) -> OccasionRules:
        found = _mapping(data, OCCASIONS_KEY)
        return cls(
            found.get("birthday", 0),
            found.get("anniversary", 0),
            found.get("referral_friend", 0),
            found.get("referral_referrer", 0),
        )


@dataclass(frozen=True)
class ClubRules:
    """Everything but the earning rules, read in one settings query at every sale."""

    expiry: ExpiryRules = ExpiryRules()
    wallet: WalletRules = WalletRules()
    rewards: RewardsCatalogue = RewardsCatalogue()
    levels: LevelRules = LevelRules()
    occasions: OccasionRules = OccasionRules()

    @classmethod
    def from_settings(cls, found: Mapping[str, Any]) -> ClubRules:
        return cls(
            ExpiryRules.from_json(found.get(EXPIRY_KEY)),
            WalletRules.from_json(found.get(WALLET_KEY)),
            RewardsCatalogue.from_json(found.get(REWARDS_KEY)),
            LevelRules.from_json(found.get(LEVELS_KEY)),
            OccasionRules.from_json(found.get(OCCASIONS_KEY)),
        )

    def settings(self) -> dict[str, Any]:
        """{settings key: stored JSON} of every part."""
        return {
            EXPIRY_KEY: self.expiry.to_json(),
            WALLET_KEY: self.wallet.to_json(),
            REWARDS_KEY: self.rewards.to_json(),
            LEVELS_KEY: self.levels.to_json(),
            OCCASIONS_KEY: self.occasions.to_json(),
        }


CLUB_KEYS = (EXPIRY_KEY, WALLET_KEY, REWARDS_KEY, LEVELS_KEY, OCCASIONS_KEY)


# ------------------------------------------------------------------- till corrections


class AlreadyReversed(InvalidInput):
    code = "ALREADY_REVERSED"
    default_message = QT_TRANSLATE_NOOP("errors", "This purchase has already been reversed.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Nothing more to do: its reversal is in the list.")


class NotReversible(InvalidInput):
    code = "NOT_REVERSIBLE"
    default_message = QT_TRANSLATE_NOOP("errors", "A reversal cannot itself be reversed.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Record the purchase again instead.")


class CreditTooLarge(InvalidInput):
    code = "CREDIT_TOO_LARGE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "Credit can pay at most the rest of the invoice ({limit} tomans)."
    )
    default_hint = QT_TRANSLATE_NOOP("errors", "Use less credit.")


class NoteRequired(InvalidInput):
    code = "NOTE_REQUIRED"
    default_message = QT_TRANSLATE_NOOP("errors", "Say why the points are being adjusted.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Write a short reason, for example: gift for a complaint."
    )


def parse_adjustment(raw: str | int) -> int:
    """A signed whole number of points (any digits), not zero."""
    text = to_latin_digits(str(raw)).strip().replace(",", "").replace("\u2212", "-")
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value == 0 or abs(value) > MAX_POINTS_COST:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "An adjustment must be a whole number of points, not 0."),
            QT_TRANSLATE_NOOP("errors", "Type for example 50 to add or -50 to take away."),
            entered=str(raw),
        )
    return value


def parse_credit(raw: str | int | None) -> int:
    """Tomans of wallet credit to use: empty or 0 is none."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    try:
        return parse_whole(raw)
    except ValueError:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "Credit to use must be a whole number of tomans."),
            QT_TRANSLATE_NOOP("errors", "Type for example 20000, or leave it empty."),
            entered=str(raw),
        ) from None
