"""Shared set-up for SMS tests: members with chosen figures, a shop wired to a fake Kavenegar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from clubdesk.core import sms
from clubdesk.core.members import MemberDraft
from clubdesk.messaging.service import SmsService
from clubdesk.services import ClubServices
from clubdesk.storage.models import Member

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def add_member(
    club: ClubServices, phone: str, name: str, *, consent: bool = True, **fields: Any
) -> str:
    """A registered member, then the cached figures a test needs (level, spend, ...)."""
    member = club.register(MemberDraft(phone=phone, first_name=name, sms_consent=consent)).member
    if fields:
        with club.db.write() as session:
            session.execute(update(Member).where(Member.public_id == member.id).values(**fields))
    return member.id


def own_line(club: ClubServices, url: str, key: str, line: str, **chosen: Any) -> SmsService:
    """The shop's own Kavenegar line pointed at ``url``, key in the (file) keyring."""
    club.clock = lambda: NOW
    service = club.sms()
    service.kavenegar_url = url
    service.set_api_key(key)
    service.save_settings(sms.SmsSettings(line=sms.LINE_OWN, sender=line, **chosen))
    return service


BIRTHDAY_IN_FARVARDIN = date(1990, 3, 25)  # 1369/01/05
