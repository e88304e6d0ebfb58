"""New terms of service against the real server: at the next start the app asks the owner to
accept them and, until then, offers only renewal, support and backups (the services refuse
member data, the CLI exits 3); the acceptance is recorded on the server with who, when, which
version and from where. The first run shows the terms and sends the acceptance with its trial."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from clubdesk.core.business import BusinessProfile
from clubdesk.core.i18n import Lang
from clubdesk.core.licence import TermsNotAccepted
from clubdesk.core.members import MemberDraft
from clubdesk.core.roles import Role
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.first_run import FirstRunWizard
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.pin_prompt import PinPrompt
from licence_server import RunningServer, running_server
from qt_keys import press, type_text

WAIT = 20_000


@pytest.fixture
def vendor(tmp_path: Path) -> Iterator[RunningServer]:
    """A server of this test's own: terms are global to a server."""
    with running_server(tmp_path / "vendor") as server:
        yield server


def publish(vendor: RunningServer, n: int) -> None:
    vendor.admin.publish_terms(
        text_fa=f"شرایط استفاده از کلاب‌دسک، نسخهٔ {n}",
        text_en=f"ClubDesk terms of service, version {n}",
        summary_fa="حذف داده‌ها ۳۰ روز پس از پایان مجوز",
        summary_en="Data is deleted 30 days after the licence ends",
    )


@pytest.fixture
def shop_with_licence(data_dir: Path, vendor: RunningServer) -> tuple[ClubServices, str]:
    key = vendor.create_licence(days=30, devices=2)
    licence = LicenceManager(data_dir, keys=load_keys(vendor.public_keys))
    licence.activate(vendor.url, key, "Till 1")
    club = ClubServices.open(data_dir, licence=licence)
    club.register(MemberDraft(phone="09121234567", first_name="Sara", last_name="Karimi"))
    return club, key


def test_new_terms_hold_the_shop_until_the_owner_accepts_them(
    qtbot,
    shop_with_licence: tuple[ClubServices, str],
    vendor: RunningServer,
    artifacts: Path,
    lang: Lang,
) -> None:
    club, key = shop_with_licence
    licence = club.licence
    assert licence is not None
    publish(vendor, 1)  # the vendor publishes new terms while the shop works
    window = MainWindow(club, club.data_dir)
    qtbot.addWidget(window)
    window.show()
    window.attach_licence(licence)  # the start: the licence refresh also asks about terms
    qtbot.waitUntil(
        lambda: (
            window.terms_panel is not None and window.pages.currentWidget() is window.terms_panel
        ),
        timeout=WAIT,
    )
    panel = window.terms_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.terms is not None, timeout=WAIT)
    assert panel.text.toPlainText() == (
        "شرایط استفاده از کلاب‌دسک، نسخهٔ 1" if lang is Lang.FA
        else "ClubDesk terms of service, version 1"
    )  # fmt: skip
    assert ("حذف داده‌ها" if lang is Lang.FA else "Data is deleted") in panel.summary.text()
    # Only renewal, support and backups meanwhile; the data is behind the gate.
    assert all(b.isVisible() for b in (panel.renew_button, panel.support_button,
                                       panel.backups_button))  # fmt: skip
    with pytest.raises(TermsNotAccepted):
        club.search("0912")
    window.grab().save(str(artifacts / f"terms-new-{lang.value}.png"))

    panel.name.clear()
    panel.accept_button.click()
    assert panel.message.text() == panel.tr("Type the name of the person accepting the terms.")
    type_text(panel.name, "سارا کریمی")
    panel.accept_button.click()
    qtbot.waitUntil(lambda: window.pages.currentIndex() == 0, timeout=WAIT)
    assert [hit.first_name for hit in club.search("0912")] == ["Sara"]
    record = vendor.admin.terms_acceptances(key)
    (accepted,) = record["acceptances"]
    assert (accepted["version"], accepted["accepted_by"]) == (1, "سارا کریمی")
    assert accepted["device_name"] == "Till 1"
    assert accepted["source_ip"] == "127.0.0.1"
    assert accepted["accepted_at"]

    # The next version: the next refresh (the next start) asks again.
    publish(vendor, 2)
    licence.refresh()
    window.recheck_licence()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.terms_panel, timeout=WAIT)
    window.close()


def test_the_cli_says_why_it_refuses_and_accepts_with_a_name(
    shop_with_licence: tuple[ClubServices, str],
    vendor: RunningServer,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    club, key = shop_with_licence
    club.close()
    monkeypatch.setenv("CLUBDESK_DEV_PUBLIC_KEYS", str(vendor.public_keys_file))
    publish(vendor, 1)

    def clubdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "clubdesk", "--data-dir", str(data_dir), *args],
            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        )  # fmt: skip

    shown = clubdesk("licence", "terms")
    assert shown.returncode == 0, shown.stderr
    assert "to accept (version 1)" in shown.stdout
    refused = clubdesk("members", "find", "0912")
    assert refused.returncode == 3
    assert "terms of service (version 1)" in refused.stderr
    nameless = clubdesk("licence", "terms", "--accept")
    assert nameless.returncode == 2
    accepted = clubdesk("licence", "terms", "--accept", "--as", "Sara Karimi")
    assert accepted.returncode == 0, accepted.stderr
    assert clubdesk("members", "find", "0912").returncode == 0
    assert vendor.admin.terms_acceptances(key)["accepted"] == 1


def test_the_first_run_shows_the_terms_and_sends_the_acceptance_with_the_trial(
    qtbot, data_dir: Path, vendor: RunningServer, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLUBDESK_DEVICE_ID", f"terms-first-run-{lang.value}")
    publish(vendor, 1)
    wizard = FirstRunWizard(data_dir, LicenceManager(data_dir, keys=load_keys(vendor.public_keys)))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.club is not None, timeout=WAIT)
    wizard.profile = BusinessProfile.parse(name="Bahar", mobile="09350001111", owner_name="Sara")
    page = wizard.licence_page
    page.server.setText(vendor.url)
    page.load_terms()
    qtbot.waitUntil(lambda: page.terms is not None and not page.terms_box.isHidden(), timeout=WAIT)
    assert i18n.number(1) in page.terms_label.text()
    page.start()  # not accepted yet: nothing is sent
    assert page.message.text() == page.tr("Read and accept the terms of service first.")
    page.read_terms.click()
    assert page.terms_dialog.text.toPlainText().startswith(
        "شرایط" if lang is Lang.FA else "ClubDesk terms"
    )
    page.terms_dialog.close()
    page.accept_terms.setChecked(True)
    page.start()
    qtbot.waitUntil(lambda: page.done, timeout=WAIT)
    assert wizard.licence.terms_required is None  # accepted with the trial
    trial_key = re.search(r"CD(?:-[0-9A-Z]{5}){5}", page.message.text())
    assert trial_key is not None, page.message.text()
    record = vendor.admin.terms_acceptances(trial_key.group(0))
    assert [(a["version"], a["accepted_by"]) for a in record["acceptances"]] == [(1, "Sara")]
    wizard.club.close()  # type: ignore[union-attr]


def test_a_cashier_accepts_only_with_the_owners_pin(
    qtbot, shop_with_licence: tuple[ClubServices, str], vendor: RunningServer, lang: Lang
) -> None:
    club, key = shop_with_licence
    club.add_account("Maryam", Role.OWNER, "2580")
    club.add_account("Reza", Role.CASHIER, "7391")
    club.sign_in("Reza", "7391")
    publish(vendor, 1)
    assert club.licence is not None
    club.licence.refresh()
    window = MainWindow(club, club.data_dir)
    qtbot.addWidget(window)
    window.show()
    window.licence = club.licence
    window.apply_licence(club.licence.status())
    panel = window.terms_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.terms is not None, timeout=WAIT)
    assert panel.name.text() == "Reza"  # who is signed in, as a start
    panel.accept_button.click()
    qtbot.waitUntil(lambda: panel.findChild(PinPrompt) is not None, timeout=WAIT)
    prompt = panel.findChild(PinPrompt)
    assert vendor.admin.terms_acceptances(key)["accepted"] is None  # nothing sent yet
    type_text(prompt.pin, "2580")
    press(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == 0, timeout=WAIT)
    assert vendor.admin.terms_acceptances(key)["accepted"] == 1
    window.close()
