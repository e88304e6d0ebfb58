"""Queries for the till's accounts (table ``users``). Rules live in ``core.roles``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clubdesk.core.roles import Role, UnknownAccount, UserView
from clubdesk.storage.models import User


def to_view(row: User) -> UserView:
    return UserView(row.name, Role(row.role), bool(row.active), row.created_at)


def any_exist(session: Session) -> bool:
    return session.execute(select(User.id).limit(1)).first() is not None


def all_users(session: Session) -> list[User]:
    """Owners first, then by name (the order the sign-in list shows)."""
    return list(session.scalars(select(User).order_by(User.role != Role.OWNER.value, User.name)))


def find(session: Session, name: str) -> User | None:
    """By name, ignoring case (two accounts cannot differ only in case)."""
    return session.scalars(select(User).where(func.lower(User.name) == name.lower())).first()


def get(session: Session, name: str) -> User:
    row = find(session, name)
    if row is None:
        raise UnknownAccount(name=name)
    return row


def active_owners(session: Session) -> list[User]:
    return list(
        session.scalars(select(User).where(User.role == Role.OWNER.value, User.active.is_(True)))
    )


def insert(session: Session, name: str, role: Role, pin_hash: str, now: datetime) -> User:
    row = User(name=name, role=role.value, pin_hash=pin_hash, active=True, created_at=now)
    session.add(row)
    session.flush()
    return row
