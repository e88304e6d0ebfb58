"""Updates and news against the real server: the banner offers a newer version, the installer
is downloaded over HTTP and offered only when its SHA-256 is the published one, a version below
the minimum supported is held back (also at the next start without a connection), and the News
panel lists the vendor's announcements with unread ones marked."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clubdesk.core.i18n import Lang
from clubdesk.core.updates import DownloadFailed, DownloadTampered, current_platform
from clubdesk.news import NewsService
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.updates import UpdatePanel
from clubdesk.updates import STATE_FILE, UpdateService
from clubdesk.vendor import SERVER_ENV
from licence_server import RunningServer, running_server

WAIT = 20_000
INSTALLER = b"MZ" + bytes(range(256)) * 400  # about 100 KB of "setup program"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def downloads(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Where the vendor hosts installers: a real HTTP server on 127.0.0.1 serving a folder."""
    folder = tmp_path / "cdn"
    folder.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", folder
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def vendor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningServer]:
    """A server of this test's own (releases are global to a server) that the app asks."""
    with running_server(tmp_path / "vendor") as server:
        monkeypatch.setenv(SERVER_ENV, server.url)
        yield server


def publish(vendor: RunningServer, url: str, version: str, **kw: object) -> None:
    fields = {
        "platform": current_platform(),
        "version": version,
        "url": url,
        "sha256": hashlib.sha256(INSTALLER).hexdigest(),
        "size": len(INSTALLER),
        "notes_fa": "رسید تازه و رفع اشکال",
        "notes_en": "New receipts and fixes",
    }
    vendor.admin.publish_release(**(fields | kw))


def offered(qtbot, window: MainWindow) -> UpdatePanel:
    """The banner, once the check's answer put it above the counter."""
    qtbot.waitUntil(
        lambda: window.update_banner is not None and window.update_banner.isVisible(),
        timeout=WAIT,
    )
    assert window.update_banner is not None
    return window.update_banner


def open_window(qtbot, club: ClubServices) -> MainWindow:
    window = MainWindow(club)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_newer_version_is_offered_downloaded_checked_and_installed(
    qtbot,
    club: ClubServices,
    vendor: RunningServer,
    downloads: tuple[str, Path],
    artifacts: Path,
    lang: Lang,
) -> None:
    base, folder = downloads
    (folder / "ClubDesk-99.0.0-setup.exe").write_bytes(INSTALLER)
    publish(vendor, f"{base}/ClubDesk-99.0.0-setup.exe", "99.0.0")
    window = open_window(qtbot, club)
    opened: list[Path] = []
    window.installer_opener = lambda path: opened.append(path) or True

    window.check_updates()  # Help → Check for updates (the daily job does the same)
    banner = offered(qtbot, window)
    assert i18n.digits("99.0.0") in banner.title.text()
    assert window.pages.currentIndex() == 0  # only offered: the counter works on
    banner.notes_button.click()
    assert banner.notes.toPlainText() == ("رسید تازه و رفع اشکال" if lang is Lang.FA
                                          else "New receipts and fixes")  # fmt: skip
    window.grab().save(str(artifacts / f"update-banner-{lang.value}.png"))

    banner.download_button.click()
    qtbot.waitUntil(banner.install_button.isVisible, timeout=WAIT)
    assert banner.message.kind == "success"
    downloaded = banner.downloaded
    assert downloaded is not None
    assert downloaded.path.read_bytes() == INSTALLER
    assert downloaded.path.name == "ClubDesk-99.0.0-setup.exe"
    window.grab().save(str(artifacts / f"update-downloaded-{lang.value}.png"))

    with qtbot.waitSignal(banner.installing, timeout=WAIT):
        banner.install_button.click()
    assert opened == [downloaded.path]
    assert i18n.digits("99.0.0") in window.about_text()  # About says a version is available


def test_a_tampered_download_is_deleted_and_never_offered(
    qtbot, club: ClubServices, vendor: RunningServer, downloads: tuple[str, Path], lang: Lang
) -> None:
    base, folder = downloads
    changed = bytearray(INSTALLER)
    changed[5000] ^= 0xFF  # one byte differs from the published file
    (folder / "setup.exe").write_bytes(bytes(changed))
    publish(vendor, f"{base}/setup.exe", "99.1.0")
    window = open_window(qtbot, club)
    opened: list[Path] = []
    window.installer_opener = lambda path: opened.append(path) or True
    window.check_updates()
    banner = offered(qtbot, window)

    banner.download_button.click()
    expected = i18n.error_text(DownloadTampered())
    qtbot.waitUntil(lambda: banner.message.text() == expected, timeout=WAIT)
    assert not banner.install_button.isVisible()
    assert banner.downloaded is None
    assert opened == []
    leftovers = [p.name for p in (club.data_dir / "updates").iterdir() if p.name != STATE_FILE]
    assert leftovers == []  # nothing half-downloaded or unverified stays on disk
    assert banner.download_button.isEnabled()  # the owner may try again later


def test_a_missing_installer_says_the_download_failed(
    qtbot, club: ClubServices, vendor: RunningServer, downloads: tuple[str, Path], lang: Lang
) -> None:
    base, _folder = downloads
    publish(vendor, f"{base}/gone.exe", "99.2.0")
    window = open_window(qtbot, club)
    window.check_updates()
    banner = offered(qtbot, window)
    banner.download_button.click()
    expected = i18n.error_text(DownloadFailed())
    qtbot.waitUntil(lambda: banner.message.text() == expected, timeout=WAIT)
    assert not banner.install_button.isVisible()


def test_a_version_below_the_minimum_is_held_back_even_offline(
    qtbot,
    club: ClubServices,
    vendor: RunningServer,
    downloads: tuple[str, Path],
    artifacts: Path,
    lang: Lang,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, folder = downloads
    (folder / "setup.exe").write_bytes(INSTALLER)
    publish(vendor, f"{base}/setup.exe", "99.3.0", min_supported="99.0")
    window = open_window(qtbot, club)
    window.check_updates()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.update_page, timeout=WAIT)
    page = window.update_page
    assert page is not None
    assert window.update_banner is None  # no banner: the page says it all
    assert page.later_button.isHidden()  # no way round it but installing
    assert page.backups_button.isVisible()  # the data can still be backed up
    window.grab().save(str(artifacts / f"update-required-{lang.value}.png"))

    # The next start, without a connection, is still held back.
    window.close()
    monkeypatch.setenv(SERVER_ENV, "http://127.0.0.1:9")
    again = open_window(qtbot, club)
    qtbot.waitUntil(lambda: again.update_page is not None, timeout=WAIT)
    assert again.pages.currentWidget() is again.update_page


def test_the_news_panel_marks_unread_items_and_keeps_them_offline(
    qtbot,
    club: ClubServices,
    vendor: RunningServer,
    downloads: tuple[str, Path],
    artifacts: Path,
    lang: Lang,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, _folder = downloads
    publish(vendor, f"{base}/setup.exe", "99.4.0")
    vendor.admin.publish_news(
        title_fa="تعطیلات نوروز",
        title_en="Nowruz holidays",
        body_fa="پشتیبانی از ۲۸ اسفند تا ۴ فروردین پاسخ نمی‌دهد.",
        body_en="Support is closed from 28 Esfand to 4 Farvardin.",
    )
    window = open_window(qtbot, club)
    assert not window.news_indicator.isVisible()  # nothing fetched yet
    window.open_news()
    dialog = window.news_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.feed.items) == 2, timeout=WAIT)
    # The newest opens at once and is read; the other stays unread, bold and marked.
    qtbot.waitUntil(lambda: dialog.feed.unread == 1, timeout=WAIT)
    assert dialog.body.toPlainText().startswith("پشتیبانی" if lang is Lang.FA else "Support")
    assert dialog.items.item(1).text().startswith("●")
    assert dialog.items.item(1).font().bold()
    assert not dialog.items.item(0).font().bold()
    qtbot.waitUntil(lambda: window.news_indicator.unread == 1, timeout=WAIT)
    assert window.news_indicator.isVisible()
    dialog.grab().save(str(artifacts / f"news-{lang.value}.png"))

    dialog.read_all_button.click()
    qtbot.waitUntil(lambda: window.news_indicator.unread == 0, timeout=WAIT)
    assert not window.news_indicator.isVisible()

    # Offline, the panel shows what was fetched, read marks and all, and says why it is old.
    dialog.close()
    monkeypatch.setenv(SERVER_ENV, "http://127.0.0.1:9")
    offline = NewsService(club.data_dir, lambda: "http://127.0.0.1:9")
    assert [n.title_en for n in offline.feed().items] == [
        "Nowruz holidays",
        "ClubDesk 99.4.0 is available",
    ]
    assert offline.feed().unread == 0
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert len(dialog.feed.items) == 2


def test_an_empty_news_panel_says_what_will_appear(
    qtbot, club: ClubServices, vendor: RunningServer, artifacts: Path, lang: Lang
) -> None:
    window = open_window(qtbot, club)
    window.open_news()
    dialog = window.news_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.refresh_button.isEnabled(), timeout=WAIT)
    assert dialog.empty.isVisible()
    assert not dialog.split.isVisible()
    dialog.grab().save(str(artifacts / f"news-empty-{lang.value}.png"))


def test_an_installation_with_the_newest_version_is_told_so(
    qtbot, club: ClubServices, vendor: RunningServer, lang: Lang
) -> None:
    window = open_window(qtbot, club)
    window.check_updates()
    newest = window.tr("ClubDesk %1 is the newest version.").replace(
        "%1", i18n.digits(window.updates.version)
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == newest, timeout=WAIT)
    assert window.update_banner is None


def test_the_update_service_remembers_the_last_answer(
    tmp_path: Path, vendor: RunningServer
) -> None:
    publish(vendor, "https://dl.example.ir/s.exe", "5.0.0", min_supported="4.0")
    service = UpdateService(tmp_path, lambda: vendor.url, version="3.9")
    decision = service.check()
    assert (decision.available, decision.required, decision.version) == (True, True, "5.0.0")
    offline = UpdateService(tmp_path, lambda: "http://127.0.0.1:9", version="3.9")
    assert offline.last_known() == decision
    newer = UpdateService(tmp_path, lambda: vendor.url, version="5.0.0")
    assert newer.last_known().available is False
