"""Birthdays and wedding anniversaries by the Jalali calendar, as Iranians keep them.

Dates are stored Gregorian; a member born on 12 Mordad has their birthday on 12 Mordad every
year, which is not always the same Gregorian day. ``dates_on`` turns "who has an occasion on
this Jalali day" into an exact list of Gregorian dates, so the database can answer it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import jdatetime

from clubdesk.core.dates import local
from clubdesk.core.ids import derived_id

FIRST_YEAR = 1279  # Jalali; no member was born before 1900
CATCH_UP_DAYS = 7  # a till closed on the day still gives the gift within a week
BIRTHDAY_NOTE = "birthday gift"  # ledger notes (data, not shown translated)
ANNIVERSARY_NOTE = "anniversary gift"
REFERRAL_NOTE = "referral"


def dates_on(day: jdatetime.date) -> list[date]:
    """Every Gregorian date up to ``day`` that falls on the same Jalali month and day. On
    29 Esfand of a common year, those born on 30 Esfand (leap years only) celebrate too."""
    days = [day.day]
    if day.month == 12 and day.day == 29 and not day.isleap():
        days.append(30)
    found = []
    for year in range(FIRST_YEAR, day.year + 1):
        for number in days:
            try:
                found.append(jdatetime.date(year, day.month, number).togregorian())
            except ValueError:  # 30 Esfand of a common year
                continue
    return found


def recent_days(now: datetime, back: int = CATCH_UP_DAYS) -> list[jdatetime.date]:
    """Today and the days before it in Tehran, newest first."""
    today = jdatetime.date.fromgregorian(date=local(now).date())
    return [today - timedelta(days=n) for n in range(back)]


def gift_id(member_public_id: str, kind: str, jalali_year: int) -> str:
    """One gift per member, occasion and Jalali year, whichever till gives it."""
    return derived_id(member_public_id, kind, str(jalali_year))


def referral_ids(friend_public_id: str) -> tuple[str, str]:
    """The friend's and the referrer's referral gifts: once per friend, on every till."""
    return derived_id(friend_public_id, "referral", "friend"), derived_id(
        friend_public_id, "referral", "referrer"
    )
