"""`clubdesk accounts` and `clubdesk audit`, and the owner's PIN for restricted commands.

When the shop has accounts, a restricted command (export, import, merge, accounts changes,
audit) needs the owner's PIN: from ``$CLUBDESK_OWNER_PIN``, else asked on the terminal. A new
PIN comes from ``--pin`` or ``$CLUBDESK_NEW_PIN``, else asked twice on the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from clubdesk.core.audit import AuditFilter, AuditRow, day_start, describe, parse_day
from clubdesk.core.console import emit
from clubdesk.core.dates import format_datetime
from clubdesk.core.errors import ExitCode, InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, Lang
from clubdesk.core.roles import Permission, PinMismatch, Role, UserView

OWNER_PIN_ENV = "CLUBDESK_OWNER_PIN"
NEW_PIN_ENV = "CLUBDESK_NEW_PIN"
AUDIT_CLI_LIMIT = 1000
GREGORIAN_FROM = 1700  # a year below this is a Jalali year

Command = Callable[[Any, str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def owner_pin_source(_permission: Permission) -> str | None:
    """ClubServices asks this when a restricted command needs the owner's PIN."""
    given = os.environ.get(OWNER_PIN_ENV)
    if given:
        return given
    return _ask("owner's PIN: ")


def _ask(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(prompt, stream=sys.stderr) or None


def _new_pin(args: argparse.Namespace) -> str:
    pin = getattr(args, "pin", None) or os.environ.get(NEW_PIN_ENV) or _ask("new PIN: ")
    if not pin:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "A PIN is needed for this account."),
            QT_TRANSLATE_NOOP(
                "errors", "Give --pin, or set CLUBDESK_NEW_PIN, or run it in a terminal."
            ),
        )
    asked = not getattr(args, "pin", None) and not os.environ.get(NEW_PIN_ENV)
    if asked and _ask("the same PIN again: ") != pin:
        raise PinMismatch()
    return pin


def _account_json(user: UserView) -> dict[str, Any]:
    return {
        "name": user.name,
        "role": user.role.value,
        "active": user.active,
        "created_at": user.created_at.isoformat(),
    }


def _account_line(user: UserView) -> str:
    state = "" if user.active else "  [disabled]"
    return f"{user.name}  {user.role.value}{state}"


def _open(args: argparse.Namespace) -> Any:
    from clubdesk.cli import _open as open_shop

    return open_shop(args)


def cmd_accounts_list(args: argparse.Namespace) -> int:
    users = _open(args).accounts()
    lines = [_account_line(u) for u in users] or ["no accounts: everyone is the owner"]
    emit(args.json, [_account_json(u) for u in users], "\n".join(lines))
    return ExitCode.OK


def cmd_accounts_add(args: argparse.Namespace) -> int:
    user = _open(args).add_account(args.name, args.role, _new_pin(args))
    emit(args.json, _account_json(user), f"added: {_account_line(user)}")
    return ExitCode.OK


def cmd_accounts_pin(args: argparse.Namespace) -> int:
    _open(args).change_pin(args.name, _new_pin(args))
    emit(args.json, {"name": args.name, "pin_changed": True}, f"new PIN saved for {args.name}")
    return ExitCode.OK


def _set_active(args: argparse.Namespace, active: bool) -> int:
    user = _open(args).set_account_active(args.name, active)
    emit(args.json, _account_json(user), _account_line(user))
    return ExitCode.OK


def cmd_accounts_disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def cmd_accounts_enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


def _day_start(raw: str | None, days: int = 0) -> datetime | None:
    """The start (in Tehran) of a typed day, ``days`` later; nothing typed: no bound."""
    if not raw:
        return None
    return day_start(parse_day(raw) + timedelta(days=days))


def audit_filter(args: argparse.Namespace) -> AuditFilter:
    """``--to`` is inclusive: the whole of that day."""
    return AuditFilter(
        start=_day_start(args.start),
        end=_day_start(args.end, days=1),
        actor=args.actor or "",
        action=args.action or "",
        entity_id=args.member or "",
    )


def _audit_line(row: AuditRow) -> str:
    when = format_datetime(row.at, Lang.EN)
    return f"{when}  {row.actor}  {row.action}  {row.entity_id}  {describe(row.details, '->')}"


def cmd_audit(args: argparse.Namespace) -> int:
    club = _open(args)
    chosen = audit_filter(args)
    total = club.audit_count(chosen)
    rows = club.audit_page(chosen, 0, min(args.limit, AUDIT_CLI_LIMIT))
    payload = {"total": total, "entries": [r.to_json() for r in rows]}
    lines = [_audit_line(r) for r in rows]
    lines.append(f"{len(rows):,} of {total:,} entries, newest first")
    emit(args.json, payload, "\n".join(lines))
    return ExitCode.OK


def add_commands(commands: Any, command: Command) -> None:
    """Register `accounts ...` and `audit` on the main parser."""
    accounts = commands.add_parser(
        "accounts", help="owner and cashier accounts with PINs"
    ).add_subparsers(metavar="ACTION", required=True)
    command(accounts, "list", cmd_accounts_list, "accounts, owners first")
    add = command(accounts, "add", cmd_accounts_add, "add an owner or cashier (first: owner)")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.CASHIER.value)
    add.add_argument("--pin", help=f"4 to 8 digits (default: ${NEW_PIN_ENV} or asked)")
    pin = command(accounts, "pin", cmd_accounts_pin, "set a new PIN for an account")
    pin.add_argument("name")
    pin.add_argument("--pin", help=f"4 to 8 digits (default: ${NEW_PIN_ENV} or asked)")
    for name, handler, text in (
        ("disable", cmd_accounts_disable, "stop an account from signing in"),
        ("enable", cmd_accounts_enable, "let a disabled account sign in again"),
    ):
        command(accounts, name, handler, text).add_argument("name")

    log = command(commands, "audit", cmd_audit, "the audit log, newest first (owner)")
    log.add_argument("--from", dest="start", metavar="DAY", help="1405/09/01 or 2026-11-22")
    log.add_argument("--to", dest="end", metavar="DAY", help="the last day, inclusive")
    log.add_argument("--actor", help="who did it (account name)")
    log.add_argument("--action", help="kind, or its start: settings. points. account.")
    log.add_argument("--member", help="a member's phone number or id")
    log.add_argument(
        "--limit", type=int, default=100, help=f"at most this many (max {AUDIT_CLI_LIMIT})"
    )
