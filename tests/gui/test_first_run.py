"""The first-run wizard against the real licence server: a person goes from a new installation
to a shop with a trial licence, backups, earning rules and two accounts, and every page's bad
input is caught before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWizard

from backup_helpers import CHEAP_KDF
from clubdesk.backup import keys
from clubdesk.core.business import BusinessProfile, UnreadableLogo
from clubdesk.core.i18n import Lang
from clubdesk.core.licence import State
from clubdesk.core.roles import PinMismatch, Role
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.paths import first_run_needed
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.first_run import FirstRunWizard
from licence_server import RunningServer
from qt_keys import type_text

WAIT = 20_000


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "KDF_PARAMS", dict(CHEAP_KDF))


@pytest.fixture
def wizard(
    qtbot,
    data_dir: Path,
    licence_server: RunningServer,
    lang: Lang,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> FirstRunWizard:
    # A computer of its own: the server gives one trial per computer.
    monkeypatch.setenv("CLUBDESK_DEVICE_ID", f"test-machine-{tmp_path.name}")
    assert first_run_needed(data_dir)
    licence = LicenceManager(data_dir, keys=load_keys(licence_server.public_keys))
    made = FirstRunWizard(data_dir, licence)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.club is not None, timeout=WAIT)
    made.licence_page.server.setText(licence_server.url)
    yield made
    if made.club is not None:
        made.club.close()


def unique_mobile(tmp: Path) -> str:
    digits = str(abs(hash(str(tmp))))[-7:].rjust(7, "3")
    return "0935" + digits


def shot(widget, artifacts: Path, lang: Lang, name: str) -> None:
    widget.grab().save(str(artifacts / f"first-run-{name}-{lang.value}.png"))


def next_page(qtbot, wizard: FirstRunWizard) -> None:
    before = wizard.currentId()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() != before, timeout=WAIT)


def test_a_new_shop_is_set_up_from_start_to_finish(
    qtbot, wizard: FirstRunWizard, data_dir: Path, artifacts: Path, lang: Lang, tmp_path: Path
) -> None:
    # 1. Language: the other language is applied at once, and back.
    other = Lang.EN if lang is Lang.FA else Lang.FA
    (wizard.language_page.english if other is Lang.EN else wizard.language_page.persian).click()
    assert i18n.current() is other
    (wizard.language_page.persian if lang is Lang.FA else wizard.language_page.english).click()
    assert i18n.current() is lang
    assert wizard.language_page.title() == wizard.language_page.tr("Welcome to ClubDesk")
    shot(wizard, artifacts, lang, "1-language")
    next_page(qtbot, wizard)

    # 2. Business: a bad mobile is named under its field and the page stays.
    form = wizard.business_page.form
    type_text(form.name, "کافه بهار")
    type_text(form.owner, "سارا")
    type_text(form.mobile, "۰۸۱۲۳۴۵")
    wizard.next()
    assert wizard.currentPage() is wizard.business_page
    assert form.messages["mobile"].kind == "error"
    form.mobile.clear()
    type_text(form.mobile, unique_mobile(tmp_path))
    type_text(form.phone, "021 8888 1234")
    logo = tmp_path / "logo.jpg"
    picture = QImage(800, 400, QImage.Format.Format_RGB32)
    picture.fill(QColor("#1e7d32"))
    assert picture.save(str(logo), "JPG")
    (tmp_path / "not-a-picture.png").write_text("hello")
    form.load_logo(str(tmp_path / "not-a-picture.png"))
    assert form.messages["logo"].text() == i18n.error_text(UnreadableLogo())
    assert form.logo is None
    form.load_logo(str(logo))
    assert form.logo is not None
    assert form.messages["logo"].kind == ""  # a good picture clears the complaint
    scaled = QImage.fromData(form.logo, "PNG")
    assert (scaled.width(), scaled.height()) == (256, 128)  # a PNG, scaled to fit 256 px
    shot(wizard, artifacts, lang, "2-business")
    next_page(qtbot, wizard)
    assert wizard.profile is not None
    assert wizard.profile.phone == "+982188881234"

    # 3. Licence: Next waits for the trial; the trial comes from the real server.
    page = wizard.licence_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.go.click()
    qtbot.waitUntil(lambda: page.done, timeout=WAIT)
    assert page.message.kind == "success"
    assert "CD-" in page.message.text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.licence.status().state is State.ACTIVE
    shot(wizard, artifacts, lang, "3-licence")
    next_page(qtbot, wizard)

    # 4. Backups: the passphrase through the Backups set-up dialog; copies to a second folder.
    backups = wizard.backup_page
    backups.setup_button.click()
    dialog = wizard.backup_dialog
    assert dialog is not None
    type_text(dialog.first, "a long enough passphrase")
    type_text(dialog.second, "a long enough passphrase")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.SHEET, timeout=WAIT)
    dialog.done_button.click()
    qtbot.waitUntil(lambda: backups.state.kind == "success", timeout=WAIT)
    mirror = tmp_path / "usb"
    mirror.mkdir()
    backups.use_folder(mirror)
    qtbot.waitUntil(lambda: backups.folder.text() == str(mirror.resolve()), timeout=WAIT)
    shot(wizard, artifacts, lang, "4-backups")
    next_page(qtbot, wizard)

    # 5. Points: a preset, with its own tomans per point.
    points = wizard.points_page
    points.preset.setCurrentIndex(1)  # café
    points.per_point.clear()
    type_text(points.per_point, "0")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert points.example.kind == "error"
    points.per_point.clear()
    type_text(points.per_point, "۲۰۰۰۰")
    assert points.example.kind == "hint"
    shot(wizard, artifacts, lang, "5-points")
    next_page(qtbot, wizard)

    # 6. Accounts: PINs that differ are caught; the cashier's name is free.
    accounts = wizard.accounts_page
    assert accounts.owner_name.text() == "سارا"  # from the business page
    type_text(accounts.owner_pin, "2580")
    type_text(accounts.owner_pin_again, "2581")
    type_text(accounts.cashier_name, "Reza")
    type_text(accounts.cashier_pin, "7391")
    type_text(accounts.cashier_pin_again, "7391")
    wizard.next()
    assert wizard.currentPage() is accounts
    assert accounts.message.text() == i18n.error_text(PinMismatch())
    accounts.owner_pin_again.clear()
    type_text(accounts.owner_pin_again, "2580")
    shot(wizard, artifacts, lang, "6-accounts")
    next_page(qtbot, wizard)

    # 7. Finish writes it all, and the owner is signed in on the shop the window takes over.
    shot(wizard, artifacts, lang, "7-done")
    assert "کافه بهار" in wizard.done_page.summary.text()
    with qtbot.waitSignal(wizard.accepted, timeout=WAIT):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    club = wizard.club
    assert club is not None
    assert club.user is not None
    assert club.user.name == "سارا"
    assert {(u.name, u.role) for u in club.accounts()} == {
        ("سارا", Role.OWNER),
        ("Reza", Role.CASHIER),
    }
    profile = club.business_profile()
    assert (profile.name, profile.owner_name) == ("کافه بهار", "سارا")
    assert club.shop_name() == "کافه بهار"
    assert club.business_logo() == form.logo
    rules = club.earning_rules()
    assert (rules.tomans_per_point, rules.points_per_visit) == (20_000, 5)
    assert club.backups().configured()
    assert club.backups().mirror_folder() == mirror.resolve()
    assert not first_run_needed(data_dir)


def test_a_licence_key_activates_and_a_used_trial_is_explained(
    qtbot, wizard: FirstRunWizard, licence_server: RunningServer, lang: Lang, tmp_path: Path
) -> None:
    wizard.profile = BusinessProfile.parse(name="Shop", mobile=unique_mobile(tmp_path))
    page = wizard.licence_page
    page.go.click()
    qtbot.waitUntil(lambda: page.done, timeout=WAIT)

    # The same computer asking again (a reinstall) is told why, not shown a server code.
    keys = load_keys(licence_server.public_keys)
    other = FirstRunWizard(tmp_path / "again", LicenceManager(tmp_path / "again", keys=keys))
    qtbot.addWidget(other)
    assert other.licence.device == wizard.licence.device  # the same computer
    other.profile = BusinessProfile.parse(name="Shop 2", mobile="09350000001")
    other.licence_page.server.setText(licence_server.url)
    other.licence_page.start()
    used = i18n.translate(
        "errors", "This computer or this mobile number has had its free trial already."
    )
    qtbot.waitUntil(lambda: used in other.licence_page.message.text(), timeout=WAIT)
    assert not other.licence_page.done

    # A key instead: empty is caught here, a wrong one is the server's answer, translated.
    other.licence_page.key_choice.click()
    other.licence_page.start()
    assert other.licence_page.message.text() == other.licence_page.tr("Type the licence key.")
    type_text(other.licence_page.key, "CD-00000-00000-00000-00000-00000")
    other.licence_page.start()
    unknown = i18n.translate("errors", "No licence has this key.")
    qtbot.waitUntil(lambda: unknown in other.licence_page.message.text(), timeout=WAIT)
    key = licence_server.create_licence(days=30, devices=3)  # type: ignore[attr-defined]
    other.licence_page.key.clear()
    type_text(other.licence_page.key, key)
    other.licence_page.start()
    qtbot.waitUntil(lambda: other.licence_page.done, timeout=WAIT)
    assert other.licence_page.message.kind == "success"
    qtbot.waitUntil(lambda: other.club is not None, timeout=WAIT)
    other.club.close()  # type: ignore[union-attr]


def test_working_alone_skips_the_accounts_and_later_leaves_the_app_locked(
    qtbot, wizard: FirstRunWizard, data_dir: Path, tmp_path: Path
) -> None:
    wizard.profile = BusinessProfile.parse(name="Alone", mobile=unique_mobile(tmp_path))
    wizard.licence_page.later.click()
    assert wizard.licence_page.isComplete()
    wizard.accounts_page.alone.click()
    assert wizard.accounts_page.validatePage()
    wizard.setStartId(wizard.pageIds()[-1])
    wizard.restart()
    with qtbot.waitSignal(wizard.accepted, timeout=WAIT):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    club = wizard.club
    assert club is not None
    assert club.accounts() == []
    assert club.business_profile().name == "Alone"
    assert wizard.licence.status().locked


def test_a_first_run_left_before_finish_starts_again_and_keeps_its_licence(
    qtbot, wizard: FirstRunWizard, data_dir: Path, licence_server: RunningServer, tmp_path: Path
) -> None:
    wizard.profile = BusinessProfile.parse(name="Left", mobile=unique_mobile(tmp_path))
    wizard.licence_page.go.click()
    qtbot.waitUntil(lambda: wizard.licence_page.done, timeout=WAIT)
    wizard.reject()  # Quit, after the trial started
    club = wizard.club
    assert club is not None
    assert club.business_profile() == BusinessProfile()  # nothing of the shop was saved
    assert club.accounts() == []
    club.close()
    wizard.club = None
    assert first_run_needed(data_dir)  # the next start shows the wizard again

    again = FirstRunWizard(data_dir, LicenceManager(data_dir, keys=wizard.licence.keys))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.club is not None, timeout=WAIT)
    again.licence_page.initializePage()
    assert again.licence_page.done  # the trial it already has counts: no second trial asked
    assert again.licence_page.message.kind == "success"
    again.accounts_page.alone.setChecked(True)
    again.profile = BusinessProfile.parse(name="Back")
    with qtbot.waitSignal(again.accepted, timeout=WAIT):
        assert not again.done_page.validatePage()  # saving in the background
    assert not first_run_needed(data_dir)
    again.club.close()  # type: ignore[union-attr]


@pytest.fixture
def _unused(club: ClubServices) -> None:  # keeps the shared fixtures importable here
    return None
