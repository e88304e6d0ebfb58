"""Settings → Business details…: the first run's profile, changed later, checked field by
field, saved only when all of it is valid."""

from __future__ import annotations

from pathlib import Path

from clubdesk.core.business import BusinessProfile
from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui.main_window import MainWindow
from qt_keys import type_text

WAIT = 20_000


def test_the_business_details_are_changed_in_settings(
    qtbot, club: ClubServices, window: MainWindow, artifacts: Path, lang: Lang
) -> None:
    club.set_business_profile(BusinessProfile.parse(name="کافه بهار", mobile="09121234567"))
    window.open_settings()
    settings = window.settings_dialog
    assert settings is not None
    settings.business_button.click()
    dialog = settings.business_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT)
    form = dialog.form
    assert form.name.text() == "کافه بهار"
    assert form.mobile.text() == ("۰۹۱۲ ۱۲۳ ۴۵۶۷" if lang is Lang.FA else "0912 123 4567")
    dialog.grab().save(str(artifacts / f"business-details-{lang.value}.png"))

    type_text(form.phone, "12")
    dialog.save_button.click()
    assert form.messages["phone"].kind == "error"
    assert dialog.isVisible()
    assert club.business_profile().phone == ""  # nothing was saved
    type_text(form.phone, "34")
    assert form.messages["phone"].kind == ""  # editing the field clears its message
    form.phone.clear()
    type_text(form.phone, "۰۲۱۸۸۸۸۱۲۳۴")
    type_text(form.address, "تهران، خیابان ولیعصر")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_button.click()
    saved = club.business_profile()
    assert (saved.name, saved.phone, saved.address) == (
        "کافه بهار",
        "+982188881234",
        "تهران، خیابان ولیعصر",
    )
    assert saved.mobile == "+989121234567"
