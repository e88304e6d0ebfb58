"""`clubdesk screenshot`: render the main screens offscreen to PNG files, for review and docs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from clubdesk.core.i18n import Lang

WAIT_SECONDS = 20


def wait_until(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> bool:
    """Process Qt events until ``condition`` holds (background jobs report through events)."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QThreadPool.globalInstance().waitForDone(20)
        QApplication.processEvents()
        if condition():
            return True
    return False


def save_screenshots(data_path: Path, out: Path, lang: Lang) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.services import ClubServices
    from clubdesk.ui.app import make_qapp
    from clubdesk.ui.main_window import MainWindow

    make_qapp(lang)
    out.mkdir(parents=True, exist_ok=True)
    licence = LicenceManager(data_path)
    club = ClubServices.open(data_path, licence=licence)  # a locked shop shows its lock screen
    window = MainWindow(club)
    window.resize(1200, 760)
    window.show()
    saved: list[Path] = []

    def shot(name: str, widget: object) -> None:
        wait_until(lambda: True, 0.2)
        path = out / f"{lang.value}-{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        saved.append(path)

    if licence.status().locked:
        window.licence = licence
        window.apply_licence(licence.status())
        shot("lock-screen", window)
        window.close()
        club.close()
        return saved
    counter = window.counter
    wait_until(lambda: window.backup_centre.state is not None)  # its banner, if not set up
    shot("counter-empty", window)
    # From here a reply from support waits (the one in the Support shot): the status bar says
    # so, as the background check would have it.
    window.show_support_news(1, time.monotonic())
    sample = club.members_page("", club_sort_key(), True, 0, 1)
    if sample:
        member = sample[0]
        counter.search.setText(member.first_name[:2])
        wait_until(lambda: counter._shown == counter._asked and bool(counter.results_for))
        counter.open_member(member.id)
        wait_until(lambda: counter.card.card is not None)
        counter.card.amount.setText("250000")
        shot("counter-member", window)
        counter.card.amount.clear()
    counter.search.setText("09990001122")
    wait_until(lambda: counter._shown == counter._asked)
    counter.register("+989990001122")
    assert counter.form is not None
    shot("registration", counter.form)
    counter.form.phone.setText("0812")
    shot("registration-invalid", counter.form)
    counter.form.reject()
    window.tabs.setCurrentIndex(1)
    wait_until(lambda: window.members.model.total == 0 or bool(window.members.model.pages))
    shot("members-list", window)
    window.open_settings()
    assert window.settings_dialog is not None
    shot("settings", window.settings_dialog)
    window.settings_dialog.reject()
    _renewal_shots(window, licence, shot)
    _backup_shots(window, shot)
    _sync_shots(window, shot)
    _vendor_shots(window, shot)
    _lock_screen_shot(window, shot)
    window.close()
    club.close()
    return saved


def club_sort_key() -> object:
    from clubdesk.services import SortKey

    return SortKey.POINTS


def _lock_screen_shot(window: object, shot: Callable[[str, object], None]) -> None:
    """The lock screen of a computer without a licence (a throwaway licence folder)."""
    import tempfile

    from clubdesk.licensing.manager import LicenceManager

    with tempfile.TemporaryDirectory() as folder:
        licence = LicenceManager(Path(folder), keys={})
        window.show_support_news(0, time.monotonic())  # type: ignore[attr-defined]
        window.licence = licence  # type: ignore[attr-defined]
        window.apply_licence(licence.status())  # type: ignore[attr-defined]
        shot("lock-screen", window)


def _renewal_shots(window: object, licence: object, shot: Callable[[str, object], None]) -> None:
    """The Renew and Support screens filled with example data (no server is asked)."""
    from clubdesk.renewal import RenewalService
    from clubdesk.ui.renew import RenewDialog
    from clubdesk.ui.support import SupportDialog

    sample = renewal_samples(licence.clock())  # type: ignore[attr-defined]
    service = RenewalService(licence)  # type: ignore[arg-type]
    renew = RenewDialog(service, window)  # type: ignore[arg-type]
    renew.show()
    renew.show_plans(sample["plans"])
    renew.show_history(sample["payments"])
    shot("renew-plans", renew)
    renew._wait(sample["pending"], follow=False)
    shot("renew-waiting", renew)
    renew.show_payment(sample["applied"])
    shot("renew-receipt", renew)
    renew.show_payment(sample["cancelled"])
    shot("renew-failed", renew)
    renew.show_payment(sample["failed_long_ago"])
    shot("renew-failed-support", renew)
    renew.close()

    support = SupportDialog(service, window)  # type: ignore[arg-type]
    support.show()
    support.show_tickets(sample["tickets"])
    support.show_ticket(sample["tickets"][0])
    support.show_tickets(sample["tickets"])  # the list as it came, with its unread count
    shot("support", support)
    support.new_ticket(sample["failed_long_ago"])
    shot("support-payment-ticket", support)
    support.close()


def _backup_shots(window: Any, shot: Callable[[str, object], None]) -> None:
    """Backups, setup and recovery sheet, export, restore question, damaged start: sample
    data only (no key is made and nothing is written to the shop's folders)."""
    from clubdesk.core.errors import DatabaseCorrupt
    from clubdesk.ui.backup_setup import BackupSetupDialog, SheetFacts
    from clubdesk.ui.backups import BackupsDialog, ExportDialog
    from clubdesk.ui.restore_prompt import DamagedDialog

    sample = backup_samples(datetime.now(UTC))
    dialog = BackupsDialog(window.club, window)
    dialog.show_state("ready")
    dialog.show()
    dialog.show_backups([])
    shot("backups-empty", dialog)
    dialog.show_backups(sample["backups"], sample["problems"])
    dialog.show_schedule(
        {"interval": 30, "daily": 7, "weekly": 4, "monthly": 12, "mirror": sample["mirror"]}
    )
    shot("backups-list", dialog)
    box = dialog.restore_confirmation(None)
    box.show()
    shot("backups-restore-confirm", box)
    box.close()
    export = ExportDialog(window.club, dialog)
    export.set_backup(sample["backups"][1].path)
    export.show()
    export.show_drives(sample["drives"])
    shot("backups-export", export)
    export.close()
    dialog.close()

    setup = BackupSetupDialog(window.club, window)
    setup.show()
    setup.first.setText("my shop 1403")
    setup.second.setText("my shop")
    shot("backup-setup", setup)
    setup.show_sheet(
        SheetFacts(sample["code"], sample["business"], sample["folder"], datetime.now(UTC))
    )
    shot("backup-recovery-sheet", setup)
    setup.close()

    error = DatabaseCorrupt(path=sample["database"])
    damaged = DamagedDialog(error, lambda _secret, _progress: None, window)
    damaged.show()
    shot("damaged-start", damaged)
    damaged.close()


def _vendor_shots(window: Any, shot: Callable[[str, object], None]) -> None:
    """A newer version on offer, the version-too-old page, the News panel: sample data."""
    from clubdesk.core.updates import decide
    from clubdesk.news import NewsFeed
    from clubdesk.ui.news import NewsDialog

    sample = vendor_samples(datetime.now(UTC))
    running = window.updates.version
    window.apply_update(decide(sample["release"], running))
    shot("update-banner", window)
    news = NewsDialog(window.news, window)
    news.show()
    news.show_feed(NewsFeed(sample["news"], frozenset({sample["news"][1].news_id})))
    shot("news", news)
    news.close()
    if window.update_banner is not None:
        window.update_banner.hide()


def vendor_samples(now: datetime) -> dict[str, Any]:
    from clubdesk.core.updates import current_platform
    from clubdesk.protocol import NewsInfo, ReleaseInfo

    release = ReleaseInfo(
        release_id="01a24ef8-bcec-76b8-bbd4-e67667dbb592",
        platform=current_platform(),  # type: ignore[arg-type]
        version="99.1.0",
        notes_fa="• رسید تازه با نشان فروشگاه\n• جستجوی سریع‌تر در پیشخوان",
        notes_en="• New receipts with the shop's logo\n• Faster search at the counter",
        url="https://dl.clubdesk.ir/ClubDesk-99.1.0-setup.exe",
        sha256="0" * 64,
        min_supported="0",
        published_at=now - timedelta(hours=3),
    )
    news = [
        NewsInfo(news_id="n1", kind="release", title_fa="نسخهٔ ۹۹.۱.۰ کلاب‌دسک منتشر شد",
                 title_en="ClubDesk 99.1.0 is available", body_fa=release.notes_fa,
                 body_en=release.notes_en, published_at=release.published_at,
                 version="99.1.0"),
        NewsInfo(news_id="n2", kind="news", title_fa="تعطیلات نوروز",
                 title_en="Nowruz holidays",
                 body_fa="پشتیبانی از ۲۸ اسفند تا ۴ فروردین پاسخ نمی‌دهد.",
                 body_en="Support is closed from 28 Esfand to 4 Farvardin.",
                 published_at=now - timedelta(days=12)),
    ]  # fmt: skip
    return {"release": release, "news": news}


def _sync_shots(window: Any, shot: Callable[[str, object], None]) -> None:
    """The Cloud sync dialog and the status-bar line, with sample state (sync stays off)."""
    from clubdesk.sync.service import SyncFlagView, SyncStatus
    from clubdesk.ui.sync_view import SyncDialog

    now = datetime.now(UTC)
    status = SyncStatus(enabled=True, pending=3, last_sync=now, flags=1, device="sample")
    flag = SyncFlagView(1, "overdrawn", "sample", "مریم احمدی" if _persian() else "Maryam Ahmadi",
                        "+989121234567", {"balance": -20}, now)  # fmt: skip
    dialog = SyncDialog(window.club, window)
    dialog.show()
    wait_until(lambda: dialog.status is not None)
    dialog._loaded((status, [flag]))
    shot("cloud-sync", dialog)
    dialog.close()
    window.sync_indicator.show_status(status)
    shot("cloud-sync-status-bar", window)
    window.sync_indicator.hide()


def backup_samples(now: datetime) -> dict[str, Any]:
    """Backups (the newest damaged), drives and a recovery code as the service would give."""
    from clubdesk.backup.drives import Drive
    from clubdesk.backup.service import BackupInfo
    from clubdesk.core.backup import Manifest, archive_name
    from clubdesk.core.errors import BackupCorrupt

    business = "فروشگاه نمونه" if _persian() else "Sample shop"
    folder = Path.home() / ".local/share/ClubDesk/backups"
    usb = Path("/media/owner/KINGSTON")

    def backup(hours: float, kind: str, members: int, where: Path, version: str = "0.9.0"
               ) -> BackupInfo:  # fmt: skip
        created = now - timedelta(hours=hours)
        manifest = Manifest(
            format_version=1, app_version=version, schema_revision="0004",
            created_at=created, kind=kind, business=business, device="till-1",
            member_count=members, ledger_sum=members * 37, snapshot_sha256="0" * 64,
            snapshot_size=members * 900, key_id="3f2a9c1d7e5b4a60",
        )  # fmt: skip
        path = where / archive_name("sample shop", created)
        return BackupInfo(path, manifest, None, members * 310 + 4096, where == folder)

    backups = [
        backup(0.2, "automatic", 1_284, folder),
        backup(3, "on_exit", 1_281, folder),
        backup(26, "manual", 1_266, usb),
        backup(50, "automatic", 1_240, folder),
        backup(24 * 9, "pre_migration", 1_102, folder, version="0.8.2"),
    ]
    damaged = backups[0].path
    drives = [
        Drive(usb, "KINGSTON", 6_800_000_000, 15_500_000_000, "vfat", True),
        Drive(Path("/media/owner/BACKUP"), "BACKUP", 410_000_000_000, 500_000_000_000,
              "exfat", True),
    ]  # fmt: skip
    return {
        "backups": backups,
        "problems": {damaged: BackupCorrupt(path=str(damaged), problem="truncated")},
        "drives": drives,
        "code": "7KQ2M-X9D4F-HB3TW-8NPZC-R6VJ1",
        "business": business,
        "folder": str(folder),
        "database": str(folder.parent / "clubdesk.sqlite3"),
        "mirror": str(usb / "ClubDesk"),
    }


def renewal_samples(now: datetime) -> dict[str, Any]:
    """Plans, payments and tickets as the server would send them, for the screenshots."""
    from clubdesk.core.renewal import new_paid_until
    from clubdesk.protocol import PaymentInfo, PlanOffer, TicketInfo, TicketMessageInfo
    from clubdesk.renewal import PlanChoice, Plans

    offers = [
        PlanOffer(code="monthly", name_fa="یک‌ماهه", name_en="Monthly", days=30,
                  price_tomans=490_000, device_limit=1),
        PlanOffer(code="quarterly", name_fa="سه‌ماهه", name_en="3 months", days=90,
                  price_tomans=1_290_000, device_limit=2),
        PlanOffer(code="yearly", name_fa="یک‌ساله", name_en="Yearly", days=365,
                  price_tomans=4_490_000, device_limit=3),
    ]  # fmt: skip
    paid_until = now + timedelta(days=6)
    plans = Plans(
        [PlanChoice(o, new_paid_until(paid_until, now, o.days)) for o in offers], paid_until
    )

    def payment(state: str, started: datetime, **kw: Any) -> PaymentInfo:
        fields: dict[str, Any] = {
            "payment_id": f"01936b2e-{abs(hash(state)) % 10_000:04d}-7000-8000-000000000000",
            "plan": "monthly", "days": 30, "amount_tomans": 490_000, "state": state,
            "gateway": "sandbox", "authority": "S3k9q2m7x1b8c4d6f0h5j2n8p1r7t3v9w4y6z",
            "pay_url": None, "ref_id": None, "card_pan": None, "gateway_code": None,
            "created_at": started, "verified_at": None, "paid_until_before": paid_until,
            "paid_until_after": None,
        }  # fmt: skip
        return PaymentInfo(**(fields | kw))

    applied = payment("applied", now - timedelta(minutes=3), plan="yearly", days=365,
                      amount_tomans=4_490_000, ref_id="201948371", card_pan="6037-99**-****-1234",
                      verified_at=now - timedelta(minutes=2),
                      paid_until_after=new_paid_until(paid_until, now, 365))  # fmt: skip
    cancelled = payment("cancelled", now - timedelta(minutes=20), gateway_code=-51)
    failed = payment("failed", now - timedelta(days=4), gateway_code=-51,
                     authority="S7p3k1m9x2b6c8d4f5h0j1n7p3r2t8v6w9y4z")  # fmt: skip
    pending = payment("pending", now, pay_url="https://sandbox.example/pay/S3k9")
    tickets = [
        TicketInfo(
            ticket_id="01936b2e-0001-7000-8000-000000000001", kind="general",
            subject="رسید چاپ نمی‌شود" if _persian() else "Receipts do not print",
            state="answered", created_at=now - timedelta(days=1, hours=2),
            updated_at=now - timedelta(hours=1), unread=1, payment=None,
            messages=[
                TicketMessageInfo(author="shop", at=now - timedelta(days=1, hours=2), text=(
                    "از دیروز رسید خرید چاپ نمی‌شود." if _persian()
                    else "Since yesterday the purchase receipt does not print.")),
                TicketMessageInfo(author="support", at=now - timedelta(hours=1), text=(
                    "لطفاً چاپگر را خاموش و روشن کنید و دوباره امتحان کنید." if _persian()
                    else "Please switch the printer off and on, then try again.")),
            ],
        ),
        TicketInfo(
            ticket_id="01936b2e-0002-7000-8000-000000000002", kind="payment",
            subject="پرداخت ۴۹۰٬۰۰۰ تومان" if _persian() else "Payment of 490,000 tomans",
            state="closed", created_at=now - timedelta(days=40),
            updated_at=now - timedelta(days=38), unread=0, payment=None, messages=[],
        ),
    ]  # fmt: skip
    return {
        "plans": plans,
        "payments": [cancelled, applied, failed],
        "pending": pending,
        "applied": applied,
        "cancelled": cancelled,
        "failed_long_ago": failed,
        "tickets": tickets,
    }


def _persian() -> bool:
    from clubdesk.ui import i18n

    return i18n.current().rtl
