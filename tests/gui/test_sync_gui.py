"""Cloud sync in the window, against the real server: switch it on from the dialog, the
status bar says when it synced, Ctrl+Shift+S syncs, and a member another till changed shows
its new figures on the open card."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import Lang
from clubdesk.licensing import fingerprint
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.ui.sync_view import SyncDialog
from licence_server import running_server
from renewal_shop import SECRET_MEMBER, shop_window

WAIT = 20_000


def test_switching_sync_on_and_seeing_another_tills_sale(
    qtbot, tmp_path: Path, data_dir: Path, lang: Lang, monkeypatch, artifacts: Path
) -> None:
    monkeypatch.setattr(fingerprint, "machine_id", lambda: "")  # each folder its own PC
    with running_server(tmp_path / "server") as server:
        key = server.create_licence(days=60, devices=2)  # two tills
        licence = LicenceManager(data_dir, keys=load_keys(server.public_keys))
        licence.activate(server.url, key, "Till 1")
        with shop_window(qtbot, server, data_dir, key, licence) as shop:
            window = shop.window
            assert not window.sync_indicator.isVisible()  # sync is off: nothing to say
            window.act_cloud.trigger()
            dialog = window.sync_dialog
            assert isinstance(dialog, SyncDialog)
            qtbot.waitUntil(lambda: dialog.status is not None, timeout=WAIT)
            assert not dialog.status.enabled
            assert not dialog.sync_button.isEnabled()
            assert dialog.flags_empty.isVisible()  # the empty list says so
            dialog.switch.click()
            qtbot.waitUntil(
                lambda: dialog.status is not None and dialog.status.last_sync is not None,
                timeout=WAIT,
            )
            assert dialog.status.enabled
            assert dialog.status.pending == 0
            qtbot.waitUntil(window.sync_indicator.isVisible, timeout=WAIT)
            dialog.grab().save(str(artifacts / f"{lang.value}-sync-dialog-on.png"))
            dialog.close()

            # Another till of the shop (its own folder and device) records a sale.
            other_dir = tmp_path / "till-2"
            other_licence = LicenceManager(other_dir, keys=load_keys(server.public_keys))
            other_dir.mkdir(exist_ok=True)
            other_licence.activate(server.url, key, "Till 2")
            other = ClubServices.open(other_dir, licence=other_licence)
            try:
                other.sync_service().enable()
                other.sync_now()
                member = other.find_phone(SECRET_MEMBER.phone)
                assert member is not None
                window.counter.open_member(member.id)
                qtbot.waitUntil(lambda: window.counter.card.card is not None, timeout=WAIT)
                other.record_purchase(member.id, "300000")
                other.sync_now()
            finally:
                other.close()
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
            ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            qtbot.keyClick(window.counter.card.amount, Qt.Key.Key_S, ctrl_shift)
            qtbot.waitUntil(
                lambda: window.counter.card.card.member.total_spent == 300_000, timeout=WAIT
            )
