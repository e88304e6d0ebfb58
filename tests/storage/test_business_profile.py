"""The business profile in the shop's settings: saved whole or not at all, audited, and only
the owner (or a cashier with the owner's PIN) may change it."""

from __future__ import annotations

import pytest

from clubdesk.core.audit import AuditFilter
from clubdesk.core.business import (
    LOGO_KEY,
    PNG_SIGNATURE,
    PROFILE_KEY,
    BusinessProfile,
    InvalidBusiness,
)
from clubdesk.core.roles import OwnerPinRequired, Role
from clubdesk.services import ClubServices


def test_the_profile_is_saved_audited_and_names_the_shop(club: ClubServices) -> None:
    assert club.business_profile() == BusinessProfile()
    profile = BusinessProfile.parse(name="کافه بهار", mobile="09121234567", phone="021 8888 1234")
    saved = club.set_business_profile(profile)
    assert saved == profile
    assert club.business_profile() == profile
    assert club.shop_name() == "کافه بهار"  # receipts print it
    club.set_business_profile(BusinessProfile.parse(name="کافه بهار", address="تهران"))
    changes = [row for row in club.audit_page(AuditFilter()) if row.entity_id == PROFILE_KEY]
    assert len(changes) == 2
    assert "address" in str(changes[0].details)


def club_filter():
    from clubdesk.core.audit import AuditFilter

    return AuditFilter()


def test_a_bad_profile_changes_nothing(club: ClubServices) -> None:
    club.set_business_profile(BusinessProfile.parse(name="Bahar"))
    with pytest.raises(InvalidBusiness):
        club.set_business_profile(BusinessProfile(name="", mobile="+98912"))
    assert club.business_profile().name == "Bahar"


def test_the_logo_is_kept_and_removed(club: ClubServices) -> None:
    png = PNG_SIGNATURE + b"logo"
    club.set_business_logo(png)
    assert club.business_logo() == png
    club.set_business_logo(None)
    assert club.business_logo() is None
    assert any(row.entity_id == LOGO_KEY for row in club.audit_page(AuditFilter()))


def test_a_cashier_needs_the_owners_pin(club: ClubServices) -> None:
    club.add_account("Sara", Role.OWNER, "2580")
    club.add_account("Reza", Role.CASHIER, "7391")
    club.sign_in("Reza", "7391")
    with pytest.raises(OwnerPinRequired):
        club.set_business_profile(BusinessProfile.parse(name="Reza's shop"))
    with pytest.raises(OwnerPinRequired):
        club.set_business_logo(None)
    assert club.business_profile() == BusinessProfile()
