"""Accounts, PINs and permissions in the application layer (mixed into ClubServices).

The rules are in ``core.roles``; here they meet the database and the signed-in person.
``user`` is who is at the till; ``None`` with no accounts set up behaves as the owner (the
app before accounts existed). ``require`` is the one check every restricted use case makes:
a cashier needs a fresh ``authorise`` (the owner's PIN), which one ``require`` consumes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from clubdesk.core.audit import AuditFilter, AuditRow
from clubdesk.core.errors import InvalidPhone
from clubdesk.core.phone import normalize_phone
from clubdesk.core.roles import (
    REDEEM_LIMIT_KEY,
    AccountDisabled,
    AccountExists,
    Elevation,
    FirstAccountOwner,
    LastOwner,
    LockOut,
    OwnerPinRequired,
    Permission,
    Role,
    UserView,
    WrongPin,
    hash_pin,
    may,
    parse_name,
    parse_pin,
    parse_redeem_limit,
    parse_role,
    stored_redeem_limit,
    verify_pin,
)
from clubdesk.storage import audit, members, settings, users

if TYPE_CHECKING:
    from clubdesk.storage.database import Database

OWNERS_KEY = "\x00owners"  # the lock-out counter of the owner's PIN prompt


class AccountsMixin:
    """Accounts and the owner's PIN; needs ``db``, ``clock``, ``actor`` and ``_audit``."""

    db: Database
    clock: Callable[[], datetime]
    actor: str
    _audit: Callable[..., None]

    def _init_roles(self) -> None:
        self.user: UserView | None = None
        self._computer_actor = self.actor  # who the log names when nobody is signed in
        self._elevation: Elevation | None = None
        self._lockout = LockOut()
        self._roles_lock = threading.Lock()
        self._grant = threading.local()  # the owner who approved the current call, per thread
        # Where a caller that can ask synchronously (the CLI) gets the owner's PIN when one
        # is needed; the UI instead catches OwnerPinRequired and runs the job again.
        self.owner_pin_source: Callable[[Permission], str | None] | None = None

    # ------------------------------------------------------------------ who is here

    def accounts_required(self) -> bool:
        """Accounts exist: the app must ask who is at the till."""
        with self.db.read() as session:
            return users.any_exist(session)

    def accounts(self) -> list[UserView]:
        """Every account, owners first (the sign-in list shows the active ones)."""
        with self.db.read() as session:
            return [users.to_view(row) for row in users.all_users(session)]

    def sign_in(self, name: str, pin: str) -> UserView:
        """Check the PIN and make ``name`` the person at the till (and in the audit log)."""
        self._grant.owner = None
        now = self.clock()
        with self._roles_lock:
            self._lockout.check(name, now)
        with self.db.read() as session:
            row = users.get(session, name)
        if not row.active:
            raise AccountDisabled(name=row.name)
        if not verify_pin(pin, row.pin_hash):
            self._pin_failed(row.name, "account.sign_in_failed", now)
        view = users.to_view(row)
        with self._roles_lock:
            self._lockout.succeeded(row.name)
        self.user, self.actor, self._elevation = view, view.name, None
        with self.db.write() as session:
            self._audit(session, "account.sign_in", str(row.id), {"role": view.role.value})
        return view

    def sign_out(self) -> None:
        """Nobody at the till until the next sign-in (the UI asks at once)."""
        self._grant.owner = None
        if self.user is None:
            return
        with self.db.write() as session:
            self._audit(session, "account.sign_out", self.user.name[:36], {})
        self.user, self._elevation, self.actor = None, None, self._computer_actor

    def _pin_failed(self, name: str, action: str, now: datetime) -> None:
        """Count, audit and refuse a wrong PIN."""
        with self._roles_lock:
            failures = self._lockout.failed(name, now)
        owners = name == OWNERS_KEY
        with self.db.write() as session:
            audit.record(
                session,
                actor=self.actor if owners else name,
                action=action,
                entity="account",
                entity_id="owner" if owners else name[:36],
                details={"failures": failures},
                now=now,
            )
        raise WrongPin()

    # -------------------------------------------------------------- the owner's PIN

    def authorise(self, pin: str) -> str:
        """An active owner's PIN, typed at a cashier's till: the next ``require`` (within two
        minutes) passes once. Returns the owner's name."""
        self._grant.owner = None
        now = self.clock()
        with self._roles_lock:
            self._lockout.check(OWNERS_KEY, now)
        with self.db.read() as session:
            owners = users.active_owners(session)
        owner = next((r for r in owners if verify_pin(pin, r.pin_hash)), None)
        if owner is None:
            self._pin_failed(OWNERS_KEY, "account.authorise_failed", now)
            raise AssertionError("unreachable")  # _pin_failed raised
        with self._roles_lock:
            self._lockout.succeeded(OWNERS_KEY)
            self._elevation = Elevation(owner.name, now)
        return owner.name

    def require(self, permission: Permission) -> str | None:
        """Refuse ``permission`` unless the person at the till may do it or an owner has just
        approved it. Returns the approving owner's name (recorded as ``authorised_by`` in
        this call's audit entries) or None when no approval was needed."""
        self._grant.owner = None
        user = self.user
        if user is not None and user.active and may(user.role, permission):
            return None
        if user is None and not self.accounts_required():
            return None
        approved = getattr(self._grant, "scope_owner", None)
        if approved:  # inside ``approved(fn)``: one approval covers the whole job
            self._grant.owner = approved
            return approved
        elevation = self._take_elevation()
        if elevation is None and self.owner_pin_source is not None:
            pin = self.owner_pin_source(permission)
            if pin:
                self.authorise(pin)
                elevation = self._take_elevation()
        if elevation is None:
            raise OwnerPinRequired(permission)
        self._grant.owner = elevation.owner
        if getattr(self._grant, "in_scope", False):
            self._grant.scope_owner = elevation.owner
        return elevation.owner

    def approved(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """``fn`` as one job for the owner's PIN: the approval the first ``require`` takes
        covers every ``require`` in the same call (saving Settings changes several keys),
        and ends with it. The UI re-runs a refused job this way after the PIN prompt."""

        def run(*args: Any) -> Any:
            self._grant.in_scope, self._grant.scope_owner = True, None
            try:
                return fn(*args)
            finally:
                self._grant.in_scope = False
                self._grant.scope_owner = self._grant.owner = None

        return run

    def _take_elevation(self) -> Elevation | None:
        """The owner's approval if still fresh; taken either way (it is good for one use)."""
        with self._roles_lock:
            elevation, self._elevation = self._elevation, None
        return elevation if elevation is not None and elevation.fresh(self.clock()) else None

    # ------------------------------------------------------------- managing accounts

    def add_account(self, name: str, role: Role | str, pin: str) -> UserView:
        """A new owner or cashier. The first account must be the owner, who is then signed
        in (they are the one setting the shop up); later ones need MANAGE_ACCOUNTS."""
        name, role, pin = parse_name(name), parse_role(role), parse_pin(pin)
        first = not self.accounts_required()
        if first and role is not Role.OWNER:
            raise FirstAccountOwner()
        if not first:
            self.require(Permission.MANAGE_ACCOUNTS)
        pin_hash = hash_pin(pin)
        with self.db.write() as session:
            if users.find(session, name) is not None:
                raise AccountExists(name=name)
            row = users.insert(session, name, role, pin_hash, self.clock())
            view = users.to_view(row)
            if first:
                self.user, self.actor = view, view.name
            self._audit(session, "account.add", str(row.id), {"name": name, "role": role.value})
        return view

    def change_pin(self, name: str, pin: str, current_pin: str | None = None) -> None:
        """A new PIN: with the account's current PIN anyone may change their own; otherwise
        it needs MANAGE_ACCOUNTS (the owner resetting a forgotten PIN)."""
        pin = parse_pin(pin)
        with self.db.read() as session:
            row = users.get(session, name)
        if current_pin is None or not verify_pin(current_pin, row.pin_hash):
            if current_pin is not None:
                raise WrongPin()
            self.require(Permission.MANAGE_ACCOUNTS)
        pin_hash = hash_pin(pin)
        with self.db.write() as session:
            row = users.get(session, name)
            row.pin_hash = pin_hash
            self._audit(session, "account.pin", str(row.id), {"name": row.name})

    def set_account_active(self, name: str, active: bool) -> UserView:
        """Disable (or enable again) an account; the last active owner stays active."""
        self.require(Permission.MANAGE_ACCOUNTS)
        with self.db.write() as session:
            row = users.get(session, name)
            if row.active == active:
                return users.to_view(row)
            if not active and row.role == Role.OWNER.value:
                self._keep_an_owner(session, row.id, row.name)
            row.active = active
            action = "account.enable" if active else "account.disable"
            self._audit(
                session, action, str(row.id), {"name": row.name, "active": [not active, active]}
            )
            return users.to_view(row)

    def set_account_role(self, name: str, role: Role | str) -> UserView:
        """Make an account an owner or a cashier; the last active owner stays an owner."""
        role = parse_role(role)
        self.require(Permission.MANAGE_ACCOUNTS)
        with self.db.write() as session:
            row = users.get(session, name)
            if row.role == role.value:
                return users.to_view(row)
            if role is Role.CASHIER and row.active:
                self._keep_an_owner(session, row.id, row.name)
            before, row.role = row.role, role.value
            self._audit(
                session,
                "account.role",
                str(row.id),
                {"name": row.name, "role": [before, role.value]},
            )
            return users.to_view(row)

    @staticmethod
    def _keep_an_owner(session: Any, user_id: int, name: str) -> None:
        if not any(owner.id != user_id for owner in users.active_owners(session)):
            raise LastOwner(name=name)

    # ------------------------------------------------------------------ redeem limit

    def redeem_limit(self) -> int:
        """Points a cashier may redeem in one go without the owner's PIN."""
        with self.db.read() as session:
            return stored_redeem_limit(settings.get(session, REDEEM_LIMIT_KEY))

    def set_redeem_limit(self, points: int | str) -> int:
        limit = parse_redeem_limit(points)
        self.require(Permission.CHANGE_SETTINGS)
        with self.db.write() as session:
            old = settings.put(session, REDEEM_LIMIT_KEY, limit, self.actor, self.clock())
            if old != limit:
                self._audit(session, "settings.change", REDEEM_LIMIT_KEY, {"value": [old, limit]})
        return limit

    # --------------------------------------------------------------------- audit log

    def audit_page(self, filters: AuditFilter, offset: int = 0, limit: int = 100) -> list[AuditRow]:
        """One page of the log, newest first (the viewer fetches pages as it scrolls)."""
        self.require(Permission.VIEW_AUDIT)
        with self.db.read() as session:
            return audit.page(session, self._resolve(session, filters), offset, limit)

    def audit_count(self, filters: AuditFilter) -> int:
        self.require(Permission.VIEW_AUDIT)
        with self.db.read() as session:
            return audit.count(session, self._resolve(session, filters))

    def audit_actors(self) -> list[str]:
        """Names in the log, for the viewer's person filter."""
        self.require(Permission.VIEW_AUDIT)
        with self.db.read() as session:
            return audit.actors(session)

    @staticmethod
    def _resolve(session: Any, filters: AuditFilter) -> AuditFilter:
        """A member given by phone number becomes the member's public id."""
        wanted = filters.entity_id.strip()
        if not wanted:
            return filters
        try:
            phone = normalize_phone(wanted)
        except InvalidPhone:
            return replace(filters, entity_id=wanted)
        row = members.by_phone(session, phone)
        return replace(filters, entity_id=row.public_id if row is not None else phone)
