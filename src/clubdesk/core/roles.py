"""Who may do what at the till: owner and cashier accounts, their PINs, and the owner's PIN
that lets a cashier do one restricted thing.

Plain Python (no Qt, no SQL): the services layer enforces these rules for the UI and the CLI.

PIN rules (decided here, shown to the owner in the error hint):
- 4 to 8 digits, typed in any digit script (Persian, Arabic-Indic or Latin);
- not one digit repeated (0000, 1111) and not a straight run (1234, 9876): these are the first
  PINs anyone tries, and a till PIN is only as good as the guesses it survives;
- stored as scrypt with a random salt in a self-describing string, compared in constant time.

After ``MAX_FAILURES`` wrong PINs in a row for one account, that account cannot sign in (or
authorise) for ``LOCKOUT``; the failures are audited by the services layer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar

from clubdesk.core.errors import ClubDeskError, ExitCode, InvalidInput, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits

REDEEM_LIMIT_KEY = "roles.redeem_limit"
DEFAULT_REDEEM_LIMIT = 500
MAX_REDEEM_LIMIT = 10_000_000
PIN_MIN, PIN_MAX = 4, 8
NAME_MAX = 60
ELEVATION_TTL = timedelta(minutes=2)
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=1)

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SALT_BYTES, _KEY_BYTES = 16, 32


class Role(StrEnum):
    OWNER = "owner"
    CASHIER = "cashier"


class Permission(StrEnum):
    CHANGE_SETTINGS = "change_settings"
    ADJUST_POINTS = "adjust_points"
    EXPORT = "export"
    IMPORT = "import"
    REDEEM_OVER_LIMIT = "redeem_over_limit"
    REVERSE_PURCHASE = "reverse_purchase"
    MERGE_MEMBERS = "merge_members"
    MANAGE_ACCOUNTS = "manage_accounts"
    SEND_CAMPAIGN = "send_campaign"
    VIEW_AUDIT = "view_audit"


# What a cashier may do alone: none of the restricted permissions (everything else at the
# till, such as registering members, recording purchases and redeeming up to the limit, is
# not a permission at all).
CASHIER_MAY: frozenset[Permission] = frozenset()

# Shown in the PIN prompt: what the owner is being asked to allow.
PERMISSION_LABELS: dict[Permission, str] = {
    Permission.CHANGE_SETTINGS: QT_TRANSLATE_NOOP("roles", "change the settings"),
    Permission.ADJUST_POINTS: QT_TRANSLATE_NOOP("roles", "adjust points by hand"),
    Permission.EXPORT: QT_TRANSLATE_NOOP("roles", "export data"),
    Permission.IMPORT: QT_TRANSLATE_NOOP("roles", "import members"),
    Permission.REDEEM_OVER_LIMIT: QT_TRANSLATE_NOOP("roles", "redeem more than the limit"),
    Permission.REVERSE_PURCHASE: QT_TRANSLATE_NOOP("roles", "reverse an older purchase"),
    Permission.MERGE_MEMBERS: QT_TRANSLATE_NOOP("roles", "merge members"),
    Permission.MANAGE_ACCOUNTS: QT_TRANSLATE_NOOP("roles", "manage accounts"),
    Permission.SEND_CAMPAIGN: QT_TRANSLATE_NOOP("roles", "send an SMS campaign"),
    Permission.VIEW_AUDIT: QT_TRANSLATE_NOOP("roles", "view the audit log"),
}

ROLE_LABELS: dict[Role, str] = {
    Role.OWNER: QT_TRANSLATE_NOOP("roles", "Owner"),
    Role.CASHIER: QT_TRANSLATE_NOOP("roles", "Cashier"),
}


def may(role: Role | str, permission: Permission) -> bool:
    """Whether ``role`` may do ``permission`` without anyone else's PIN."""
    return Role(role) is Role.OWNER or permission in CASHIER_MAY


@dataclass(frozen=True)
class UserView:
    """An account as the UI and CLI see it (never the PIN hash)."""

    name: str
    role: Role
    active: bool
    created_at: datetime

    @property
    def is_owner(self) -> bool:
        return self.role is Role.OWNER


# ------------------------------------------------------------------------------ errors


class AccessError(ClubDeskError):
    """Refused because of who is at the till; the CLI exits as for a wrong passphrase."""

    code = "ACCESS_DENIED"
    exit_code: ClassVar[ExitCode] = ExitCode.WRONG_PASSPHRASE


class OwnerPinRequired(AccessError):
    code = "OWNER_PIN_REQUIRED"
    default_message = QT_TRANSLATE_NOOP("errors", "This needs the owner's PIN.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Ask the owner to type their PIN, then try again.")

    def __init__(self, permission: Permission | str, **params: Any) -> None:
        self.permission = Permission(permission)
        super().__init__(permission=self.permission.value, **params)


class WrongPin(AccessError):
    code = "WRONG_PIN"
    default_message = QT_TRANSLATE_NOOP("errors", "The PIN is not right.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type it again; after 5 wrong tries the account waits a minute."
    )


class AccountLocked(AccessError):
    code = "ACCOUNT_LOCKED"
    default_message = QT_TRANSLATE_NOOP("errors", "Too many wrong PINs for {name}.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Wait {seconds} seconds, then try again.")


class InvalidPin(InvalidInput):
    code = "INVALID_PIN"
    default_message = QT_TRANSLATE_NOOP("errors", "A PIN must be 4 to 8 digits.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type 4 to 8 digits; not one digit repeated (1111) or a run (1234)."
    )


class WeakPin(InvalidPin):
    code = "WEAK_PIN"
    default_message = QT_TRANSLATE_NOOP("errors", "This PIN is too easy to guess.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose digits that are not all the same (1111) and not a run (1234)."
    )


class PinMismatch(InvalidPin):
    code = "PIN_MISMATCH"
    default_message = QT_TRANSLATE_NOOP("errors", "The two PINs are not the same.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Type the PIN again in both fields.")


class InvalidAccountName(InvalidInput):
    code = "INVALID_ACCOUNT_NAME"
    default_message = QT_TRANSLATE_NOOP("errors", "An account needs a name of 1 to 60 letters.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Type the person's name, for example Sara.")


class AccountExists(InvalidInput):
    code = "ACCOUNT_EXISTS"
    default_message = QT_TRANSLATE_NOOP("errors", "There is already an account called {name}.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Choose another name, or change that one's PIN.")


class UnknownAccount(InvalidInput):
    code = "UNKNOWN_ACCOUNT"
    default_message = QT_TRANSLATE_NOOP("errors", "There is no account called {name}.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Check the name in the list of accounts.")


class AccountDisabled(AccessError):
    code = "ACCOUNT_DISABLED"
    default_message = QT_TRANSLATE_NOOP("errors", "The account {name} is disabled.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Ask the owner to enable it in Accounts.")


class FirstAccountOwner(InvalidInput):
    code = "FIRST_ACCOUNT_OWNER"
    default_message = QT_TRANSLATE_NOOP("errors", "The first account must be the owner's.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Add the owner first; cashiers can be added after that."
    )


class LastOwner(InvalidInput):
    code = "LAST_OWNER"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "{name} is the only active owner and cannot be disabled."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Add another owner first, so someone can still approve restricted actions."
    )


class InvalidRole(InvalidInput):
    code = "INVALID_ROLE"
    default_message = QT_TRANSLATE_NOOP("errors", "{entered} is not a role.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Choose owner or cashier.")


# ---------------------------------------------------------------------- parsing values


def parse_pin(raw: str) -> str:
    """The PIN in Latin digits, or InvalidPin / WeakPin saying what is wrong."""
    pin = to_latin_digits(str(raw)).strip()
    if not (PIN_MIN <= len(pin) <= PIN_MAX) or not pin.isascii() or not pin.isdigit():
        raise InvalidPin()
    if len(set(pin)) == 1 or _is_run(pin):
        raise WeakPin()
    return pin


def _is_run(pin: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {9})


def parse_name(raw: str) -> str:
    """An account name as typed, spaces tidied; 1 to 60 characters."""
    name = " ".join(str(raw).split())
    if not name or len(name) > NAME_MAX:
        raise InvalidAccountName(entered=str(raw)[:80])
    return name


def parse_role(raw: str | Role) -> Role:
    try:
        return Role(str(raw).strip().lower())
    except ValueError:
        raise InvalidRole(entered=str(raw)[:20]) from None


def parse_redeem_limit(raw: Any) -> int:
    """Points a cashier may redeem in one go without the owner's PIN (0: always ask)."""
    text = to_latin_digits(str(raw)).strip().replace(",", "")
    if isinstance(raw, bool) or not text.isdigit() or int(text) > MAX_REDEEM_LIMIT:
        raise InvalidSetting(
            QT_TRANSLATE_NOOP("errors", "The redeem limit must be a whole number of points."),
            QT_TRANSLATE_NOOP("errors", "Type 0 to always ask for the owner's PIN, or e.g. 500."),
            entered=str(raw)[:20],
        )
    return int(text)


def stored_redeem_limit(value: Any) -> int:
    """The saved limit; a missing or unreadable row gives the default (never no limit)."""
    if value is None:
        return DEFAULT_REDEEM_LIMIT
    try:
        return parse_redeem_limit(value)
    except InvalidSetting:
        return DEFAULT_REDEEM_LIMIT


# ------------------------------------------------------------------------------ hashing


def hash_pin(pin: str) -> str:
    """``scrypt$n$r$p$salt$key`` (base64): the parameters travel with the hash, so they can
    be raised later without breaking old PINs."""
    salt = os.urandom(_SALT_BYTES)
    key = _scrypt(pin, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return "$".join(
        ("scrypt", str(_SCRYPT_N), str(_SCRYPT_R), str(_SCRYPT_P), _b64(salt), _b64(key))
    )


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison; a malformed stored hash never matches."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key, validate=True)
        actual = _scrypt(
            to_latin_digits(str(pin)).strip(),
            base64.b64decode(salt, validate=True),
            int(n),
            int(r),
            int(p),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=128 * r * (n + p + 2), dklen=_KEY_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------------- wrong PINs


@dataclass
class LockOut:
    """Wrong PINs in a row per account; after ``MAX_FAILURES`` the account waits ``LOCKOUT``.
    Kept in memory: a restart clears it, which costs a guesser a restart per five tries."""

    failures: dict[str, list[datetime]] = field(default_factory=dict)

    def check(self, name: str, now: datetime) -> None:
        """Raise AccountLocked while ``name`` must wait."""
        recent = self.failures.get(name.casefold(), [])
        if len(recent) >= MAX_FAILURES:
            until = recent[-1] + LOCKOUT
            if now < until:
                seconds = max(1, int((until - now).total_seconds() + 0.999))
                raise AccountLocked(name=name, seconds=seconds)
            self.failures.pop(name.casefold(), None)

    def failed(self, name: str, now: datetime) -> int:
        """Count one wrong PIN; returns how many in a row."""
        recent = self.failures.setdefault(name.casefold(), [])
        recent.append(now)
        return len(recent)

    def succeeded(self, name: str) -> None:
        self.failures.pop(name.casefold(), None)


@dataclass(frozen=True)
class Elevation:
    """The owner's PIN, typed for one restricted action within ``ELEVATION_TTL``."""

    owner: str
    at: datetime

    def fresh(self, now: datetime) -> bool:
        return self.at <= now <= self.at + ELEVATION_TTL
