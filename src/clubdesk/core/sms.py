"""SMS to members without Qt or SQL: templates, message parts, cost, segments, and errors.

One template syntax: ``{name}`` with English variable names or their Persian aliases
(``{نام}``). A variable the app does not know is an error naming it, so a typo never reaches a
thousand phones. Text with Persian letters is rendered with Persian digits.

Parts follow the GSM rules operators bill by: GSM-7 Latin text is 160 characters in one SMS and
153 per part when concatenated; anything else is UCS-2, 70 in one and 67 per part.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from clubdesk.core.errors import ClubDeskError, ExitCode, InvalidInput, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, Lang, to_persian_digits
from clubdesk.core.money import format_number

SERVICE = "service"
MARKETING = "marketing"

# The variables a template may use, with their Persian aliases.
VARIABLES: dict[str, str] = {
    "name": "نام",
    "points": "امتیاز",
    "balance": "مانده",
    "credit": "اعتبار",
    "level": "سطح",
    "shop": "فروشگاه",
    "amount": "مبلغ",
    "expires_on": "تاریخ_انقضا",
}
_ALIASES = {alias: name for name, alias in VARIABLES.items()} | {n: n for n in VARIABLES}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_PERSIAN_LETTERS = re.compile(r"[\u0600-\u06ff]")
MAX_TEMPLATE = 670  # ten Unicode parts: longer is almost surely a paste by mistake

SINGLE_GSM, PART_GSM = 160, 153
SINGLE_UCS2, PART_UCS2 = 70, 67
# GSM 03.38 basic set, and the extension set whose characters take two places.
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")

MAX_DAYS = 3650
MAX_PRICE = 100_000  # rials per part: far above any Iranian tariff

# Service events the lead's hooks raise, and what each template may use.
EVENTS = ("purchase", "expiry")
EXPIRY_NOTICE_DAYS = 7  # the expiry reminder goes this many days before the points expire
DEFAULT_TEMPLATES = {
    "purchase": "{name}, thank you for shopping at {shop}. Points earned: {points}; "
    "balance: {balance}.",
    "expiry": "{name}, {points} of your points at {shop} expire on {expires_on}.",
}
# What a Persian shop starts from (the messages are data, not UI: they are not translated).
DEFAULT_TEMPLATES_FA = {
    "purchase": "{name} عزیز، از خرید شما در {shop} سپاسگزاریم. امتیاز این خرید: {points}؛ "
    "مانده امتیاز: {balance}",
    "expiry": "{name} عزیز، {points} امتیاز شما در {shop} در تاریخ {expires_on} منقضی می‌شود.",
}


def default_template(event: str, lang: Lang = Lang.EN) -> str:
    return (DEFAULT_TEMPLATES_FA if lang is Lang.FA else DEFAULT_TEMPLATES)[event]


# --------------------------------------------------------------------------------- errors


class TemplateEmpty(InvalidInput):
    code = "SMS_TEMPLATE_EMPTY"
    default_message = QT_TRANSLATE_NOOP("errors", "The message text is empty.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Write the text members should receive.")


class TemplateTooLong(InvalidInput):
    code = "SMS_TEMPLATE_TOO_LONG"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The message text is {length} characters long; at most {limit} are allowed."
    )
    default_hint = QT_TRANSLATE_NOOP("errors", "Shorten the text.")


class UnknownVariable(InvalidInput):
    code = "SMS_UNKNOWN_VARIABLE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The message uses {{{variable}}}, which is not a variable ClubDesk knows."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Use one of {known}, or remove the braces around the word."
    )


class TemplateBraces(InvalidInput):
    code = "SMS_TEMPLATE_BRACES"
    default_message = QT_TRANSLATE_NOOP("errors", "The message has a brace without its pair.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Write variables as {{name}}, with one opening and one closing brace."
    )


class InvalidSegment(InvalidInput):
    """Raised with the sentence of the filter that is wrong (see ``Segment.validate``)."""

    code = "SMS_INVALID_SEGMENT"
    default_message = QT_TRANSLATE_NOOP("errors", "The filter of members is not valid.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Correct the filter and try again.")


class SmsNotSetUp(InvalidInput):
    code = "SMS_NOT_SET_UP"
    default_message = QT_TRANSLATE_NOOP("errors", "SMS is not set up yet.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Open SMS settings and enter your Kavenegar API key, or choose the vendor's line."
    )


class SmsKeyInvalid(ClubDeskError):
    code = "SMS_KEY_INVALID"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "Kavenegar did not accept the API key.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Copy the key again from your Kavenegar panel into SMS settings."
    )


class SmsOutOfCredit(ClubDeskError):
    code = "SMS_OUT_OF_CREDIT"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The SMS account has no credit left.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Top the account up; the waiting messages are sent after that, once."
    )


class SmsSenderInvalid(ClubDeskError):
    code = "SMS_SENDER_INVALID"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The SMS provider refused the sender line.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Enter a line number of your Kavenegar account in SMS settings."
    )


class SmsUnreachable(ClubDeskError):
    code = "SMS_UNREACHABLE"
    default_message = QT_TRANSLATE_NOOP("errors", "The SMS provider cannot be reached.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Messages wait in the queue and go out once the internet connection is back."
    )


class SmsRefused(ClubDeskError):
    code = "SMS_REFUSED"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The SMS provider refused: {detail}")
    default_hint = QT_TRANSLATE_NOOP("errors", "Check SMS settings, or contact support.")


class CampaignEmpty(InvalidInput):
    code = "SMS_NO_RECIPIENTS"
    default_message = QT_TRANSLATE_NOOP("errors", "No member matches the chosen filter.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Only members who agreed to receive SMS get campaigns; widen the filter."
    )


# ------------------------------------------------------------------------------ templates


def canonical(variable: str) -> str:
    """The English name of a variable or its Persian alias; UnknownVariable otherwise."""
    key = variable.strip()
    if key not in _ALIASES:
        raise UnknownVariable(variable=key, known=", ".join("{" + n + "}" for n in VARIABLES))
    return _ALIASES[key]


def check_template(template: str) -> list[str]:
    """The variables a template uses (English names), after every check a save needs."""
    if not template.strip():
        raise TemplateEmpty()
    if len(template) > MAX_TEMPLATE:
        raise TemplateTooLong(length=len(template), limit=MAX_TEMPLATE)
    used = [canonical(match) for match in _PLACEHOLDER.findall(template)]
    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        raise TemplateBraces()
    return used


def is_persian(text: str) -> bool:
    return bool(_PERSIAN_LETTERS.search(text))


def _value_text(value: object, lang: Lang) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value, lang)
    text = "" if value is None else str(value)
    return to_persian_digits(text) if lang is Lang.FA else text


def compile_template(template: str) -> Callable[[Mapping[str, object]], str]:
    """``render`` for many members: the template is checked and split once."""
    check_template(template)
    lang = Lang.FA if is_persian(template) else Lang.EN
    pieces = _PLACEHOLDER.split(template)  # text, variable, text, variable, ..., text
    texts = pieces[0::2]
    names = [canonical(name) for name in pieces[1::2]]

    def fill(values: Mapping[str, object]) -> str:
        out = [texts[0]]
        for name, text in zip(names, texts[1:], strict=True):
            out.append(_value_text(values.get(name), lang))
            out.append(text)
        return "".join(out)

    return fill


def render(template: str, values: Mapping[str, object]) -> str:
    """The message one member gets; numbers in Persian digits when the text is Persian.
    A variable with no value (e.g. {amount} in a campaign) renders empty."""
    return compile_template(template)(values)


def sample_values(lang: Lang = Lang.EN) -> dict[str, object]:
    """Example values for a live preview."""
    persian = lang is Lang.FA
    return {
        "name": "مریم" if persian else "Maryam",
        "points": 120,
        "balance": 1_450,
        "credit": 25_000,
        "level": "طلایی" if persian else "Gold",
        "shop": "فروشگاه نمونه" if persian else "Sample shop",
        "amount": 250_000,
        "expires_on": "1405/10/01",
    }


# ---------------------------------------------------------------------------------- parts


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text)


def parts(text: str) -> int:
    """How many SMS the operator bills for ``text`` (0 for an empty text)."""
    if not text:
        return 0
    if is_gsm7(text):
        length = sum(2 if ch in _GSM_EXTENDED else 1 for ch in text)
        single, part = SINGLE_GSM, PART_GSM
    else:
        length = len(text.encode("utf-16-le")) // 2  # UCS-2 code units
        single, part = SINGLE_UCS2, PART_UCS2
    return 1 if length <= single else math.ceil(length / part)


def cost(part_count: int, price_per_part: int) -> int:
    """Rials for ``part_count`` parts."""
    return part_count * price_per_part


# ------------------------------------------------------------------------------- segments


# Each filter's own sentence, so the owner reads it in Persian too.
_DAYS_PROBLEMS = {
    "visited": QT_TRANSLATE_NOOP("errors", "'Visited in the last' must be 1 to {limit} days."),
    "absent": QT_TRANSLATE_NOOP("errors", "'No visit in the last' must be 1 to {limit} days."),
    "expiring": QT_TRANSLATE_NOOP("errors", "'Points expiring within' must be 1 to {limit} days."),
}
_AMOUNT_PROBLEMS = {
    "least": QT_TRANSLATE_NOOP("errors", "'Spent at least' must be a whole number of tomans."),
    "most": QT_TRANSLATE_NOOP("errors", "'Spent at most' must be a whole number of tomans."),
}


def _optional_days(value: Any, which: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise InvalidSegment(_DAYS_PROBLEMS[which], limit=MAX_DAYS, entered=str(value))
    return value


def _optional_amount(value: Any, which: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidSegment(_AMOUNT_PROBLEMS[which], entered=str(value))
    return value


@dataclass(frozen=True)
class Segment:
    """Which members a campaign goes to. Marketing consent is always required on top of it,
    and archived members are never included."""

    levels: tuple[str, ...] = ()  # "" is members with no level
    visited_within_days: int | None = None  # last visit in the last N days
    not_visited_for_days: int | None = None  # no visit in the last N days (or never)
    spent_at_least: int | None = None  # tomans, all time
    spent_at_most: int | None = None
    birthday_month: int | None = None  # Jalali month 1..12
    points_expiring_within_days: int | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        _optional_days(self.visited_within_days, "visited")
        _optional_days(self.not_visited_for_days, "absent")
        _optional_days(self.points_expiring_within_days, "expiring")
        low = _optional_amount(self.spent_at_least, "least")
        high = _optional_amount(self.spent_at_most, "most")
        if low is not None and high is not None and low > high:
            raise InvalidSegment(
                QT_TRANSLATE_NOOP("errors", "'Spent at least' is more than 'Spent at most'.")
            )
        month = self.birthday_month
        if month is not None and (isinstance(month, bool) or month not in range(1, 13)):
            raise InvalidSegment(QT_TRANSLATE_NOOP("errors", "The birthday month must be 1 to 12."))
        within, absent = self.visited_within_days, self.not_visited_for_days
        if within is not None and absent is not None and within <= absent:
            raise InvalidSegment(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "'Visited in the last' must be longer than 'No visit in the last', "
                    "or no member can match.",
                )
            )
        if any(not isinstance(level, str) for level in self.levels):
            raise InvalidSegment(QT_TRANSLATE_NOOP("errors", "A level is not a name."))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["levels"] = list(self.levels)
        return {key: value for key, value in data.items() if value not in (None, [])}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Segment:
        data = dict(data or {})
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise InvalidSegment(
                QT_TRANSLATE_NOOP("errors", "The saved filter has an unknown part: {part}."),
                part=sorted(unknown)[0],
            )
        levels = data.pop("levels", ())
        if not isinstance(levels, list | tuple):
            raise InvalidSegment(QT_TRANSLATE_NOOP("errors", "The levels are not a list."))
        return cls(levels=tuple(levels), **data)


# ------------------------------------------------------------------------------- settings

LINE_OWN = "own"
LINE_VENDOR = "vendor"
DEFAULT_PRICE = 1_200  # rials per Persian part, about Kavenegar's 2026 tariff


@dataclass(frozen=True)
class ServiceEvent:
    on: bool
    template: str


@dataclass(frozen=True)
class SmsSettings:
    """The shop's SMS choices (stored in the database: backed up and synced)."""

    line: str = LINE_OWN
    sender: str = ""  # the Kavenegar line number (own line)
    price_per_part: int = DEFAULT_PRICE  # rials, for the cost shown before a campaign
    shop: str = ""  # the {shop} variable
    events: dict[str, ServiceEvent] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.line not in (LINE_OWN, LINE_VENDOR):
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "Choose your own Kavenegar line or the vendor's line.")
            )
        if self.sender and not (self.sender.isascii() and self.sender.isdigit()):
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "The sender line must be digits only: {entered}"),
                QT_TRANSLATE_NOOP("errors", "Copy the line number from your Kavenegar panel."),
                entered=self.sender,
            )
        price = self.price_per_part
        if isinstance(price, bool) or not isinstance(price, int) or not 0 <= price <= MAX_PRICE:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "The price per part must be 0 to {limit} rials."),
                limit=MAX_PRICE,
            )
        for name, event in self.events.items():
            if name not in EVENTS:
                raise InvalidSetting(detail=name)
            check_template(event.template)

    def event(self, name: str, lang: Lang = Lang.EN) -> ServiceEvent:
        return self.events.get(name) or ServiceEvent(False, default_template(name, lang))

    def line_json(self) -> dict[str, Any]:
        return {"line": self.line, "sender": self.sender, "price": self.price_per_part}

    def service_json(self) -> dict[str, Any]:
        events = {n: {"on": e.on, "template": e.template} for n, e in self.events.items()}
        return {"shop": self.shop, "events": events}

    @classmethod
    def from_settings(cls, line: Any, service: Any) -> SmsSettings:
        """Stored JSON back into settings; anything unreadable falls back to the defaults."""
        line = line if isinstance(line, dict) else {}
        service = service if isinstance(service, dict) else {}
        events = {}
        for name, raw in (service.get("events") or {}).items():
            if name in EVENTS and isinstance(raw, dict):
                template = str(raw.get("template") or DEFAULT_TEMPLATES[name])
                events[name] = ServiceEvent(bool(raw.get("on")), template)
        try:
            return cls(
                line=str(line.get("line") or LINE_OWN),
                sender=str(line.get("sender") or ""),
                price_per_part=int(line.get("price", DEFAULT_PRICE)),
                shop=str(service.get("shop") or ""),
                events=events,
            )
        except (InvalidInput, ValueError, TypeError):
            return cls()


def service_template(stored: Any, event: str) -> tuple[str, str] | None:
    """(template, shop) when ``event`` is switched on in the stored "sms.service" value;
    the purchase path's quick answer, without building the whole settings object."""
    if not isinstance(stored, dict):
        return None
    raw = (stored.get("events") or {}).get(event)
    if not isinstance(raw, dict) or not raw.get("on"):
        return None
    return str(raw.get("template") or DEFAULT_TEMPLATES.get(event, "")), str(
        stored.get("shop") or ""
    )
