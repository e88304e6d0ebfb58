"""The main window: the counter first, the members list one key away."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import clubdesk
from clubdesk.core.errors import Cancelled, DatabaseError
from clubdesk.core.i18n import Lang
from clubdesk.core.licence import REASON_TEXT, LockReason, State, Status
from clubdesk.core.renewal import tehran_day
from clubdesk.ui import i18n
from clubdesk.ui.backups import BackupCentre
from clubdesk.ui.counter import CounterView
from clubdesk.ui.licence_view import LockScreen
from clubdesk.ui.members_list import MembersView
from clubdesk.ui.ops import run_op, show_error
from clubdesk.ui.roles import RolesController
from clubdesk.ui.settings_dialog import SettingsDialog
from clubdesk.ui.sync_view import SyncDialog, SyncIndicator
from clubdesk.ui.widgets import ClickableLabel, Retranslating, SupportNews, VendorNews
from clubdesk.vendor import default_server

if TYPE_CHECKING:  # services import SQLAlchemy; the window must not wait for it
    from apscheduler.schedulers.background import BackgroundScheduler

    from clubdesk.core.updates import UpdateDecision
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.news import NewsFeed, NewsService
    from clubdesk.protocol import PaymentInfo
    from clubdesk.renewal import RenewalService
    from clubdesk.services import ClubServices
    from clubdesk.ui.news import NewsDialog
    from clubdesk.ui.renew import RenewDialog
    from clubdesk.ui.support import SupportDialog
    from clubdesk.ui.terms import TermsPanel
    from clubdesk.ui.updates import UpdatePanel
    from clubdesk.updates import UpdateService

GEOMETRY_SETTING = "ui/geometry"
VENDOR_CACHE_DELAY_MS = 2_000  # the last update answer and news are read this long after start


class LicenceBridge(QObject):
    """Lives on the GUI thread; the scheduler's jobs report through its queued signals:
    ``status(Status)`` from the licence refresh, ``support(unread, asked_at)`` from the
    support check, ``backup(BackupInfo or error)`` from the automatic backup."""

    status = Signal(object)
    support = Signal(int, float)
    backup = Signal(object)
    offsite = Signal(object)  # an off-site upload's CloudBackupInfo, or why it failed
    sync = Signal(object)  # a SyncReport, or the error of a sync that could not run
    sms = Signal(object)  # the SMS job's SendReport, or its error
    update = Signal(object)  # an UpdateDecision from the update check
    news = Signal(object)  # a NewsFeed from the news check


class MainWindow(Retranslating, QMainWindow):
    def __init__(
        self, club: ClubServices, data_path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.club = club
        self.data_path = data_path
        self.licence: LicenceManager | None = None
        self._updates: UpdateService | None = None
        self._news: NewsService | None = None
        self.counter = CounterView(club)
        self.members = MembersView(club)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(self.counter, "")
        self.tabs.addTab(self.members, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.banner = QWidget(objectName="licenceBanner")
        self.banner.setStyleSheet("#licenceBanner { background: #fff3cd; }")
        self.banner_text = QLabel(objectName="licenceBannerText")
        self.banner_text.setWordWrap(True)
        self.renew_button = QPushButton(objectName="renew")
        self.renew_button.clicked.connect(self.open_renewal)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.renew_button)
        self.banner.hide()
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.banner)
        self.main_layout = main_layout
        self.update_banner: UpdatePanel | None = None  # made when a newer version is offered
        self.installer_opener: Callable[[Path], bool] | None = None  # None: the OS opens it
        self.backup_centre = BackupCentre(self, club)
        self.backup_centre.restored.connect(self.data_restored)
        main_layout.addWidget(self.backup_centre.banner)
        main_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget(objectName="pages")
        self.pages.addWidget(main)
        self.update_page: UpdatePanel | None = None  # a version the vendor no longer supports
        self.update_decision: UpdateDecision | None = None
        self._dismissed_version = ""
        self.setCentralWidget(self.pages)
        self.licence_status: Status | None = None
        self.lock_screen: LockScreen | None = None
        self.terms_panel: TermsPanel | None = None  # new terms of service wait for the owner
        self.indicator = ClickableLabel(objectName="licenceIndicator")
        self.indicator.clicked.connect(self.open_renewal)
        # Support's new replies, from the background check; hidden while there are none.
        self.support_unread: int | None = None  # None until the server was asked once
        self._support_asked_at = 0.0
        self.support_indicator = SupportNews(objectName="supportIndicator")
        self.support_indicator.clicked.connect(self.open_support_replies)
        self.renew_dialog: RenewDialog | None = None
        self.support_dialog: SupportDialog | None = None
        self._renewal: RenewalService | None = None
        self.sync_indicator = SyncIndicator()
        self.sync_indicator.clicked.connect(self.open_sync)
        self.sync_dialog: SyncDialog | None = None
        self.news_indicator = VendorNews(objectName="newsIndicator")
        self.news_indicator.clicked.connect(self.open_news)
        self.news_dialog: NewsDialog | None = None
        self.statusBar().addPermanentWidget(self.news_indicator)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.statusBar().addPermanentWidget(self.support_indicator)
        self.statusBar().addPermanentWidget(self.indicator)
        self.bridge = LicenceBridge(self)
        self.bridge.status.connect(self.apply_licence)
        self.bridge.support.connect(self.show_support_news)
        self.bridge.backup.connect(self.show_backup_news)
        self.bridge.offsite.connect(self.show_offsite_news)
        self.bridge.sync.connect(self.show_sync_news)
        self.bridge.sms.connect(self.show_sms_news)
        self.bridge.update.connect(self.apply_update)
        self.bridge.news.connect(self.show_vendor_news)
        self._sms_problem = ""  # the SMS line's problem last shown (once, not every minute)
        self.scheduler: BackgroundScheduler | None = None
        self.counter.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.counter.members_changed.connect(self._members_changed)
        self.members.open_member.connect(self._open_from_list)
        self._members_stale = True
        self.settings_dialog: SettingsDialog | None = None

        self.act_counter = QAction(self, shortcut=QKeySequence("Ctrl+1"))
        self.act_counter.triggered.connect(lambda: self._show_tab(0))
        self.act_members = QAction(self, shortcut=QKeySequence("Ctrl+2"))
        self.act_members.triggered.connect(lambda: self._show_tab(1))
        self.act_settings = QAction(self, shortcut=QKeySequence("Ctrl+,"))
        self.act_settings.triggered.connect(self.open_settings)
        # Ctrl+B works on the lock screen too: backups protect the data while locked.
        self.act_backups = QAction(self, shortcut=QKeySequence("Ctrl+B"))
        self.act_backups.triggered.connect(lambda: self.backup_centre.open_backups())
        self.act_cloud = QAction(self)
        self.act_cloud.triggered.connect(self.open_sync)
        self.act_sync_now = QAction(self, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.act_sync_now.triggered.connect(self.sync_now)
        self.act_language = QAction(self, shortcut=QKeySequence("Ctrl+L"))
        self.act_language.triggered.connect(self.toggle_language)
        self.act_renew = QAction(self, shortcut=QKeySequence("Ctrl+Shift+R"))
        self.act_renew.triggered.connect(self.open_renewal)
        self.act_support = QAction(self, shortcut=QKeySequence(Qt.Key.Key_F1))
        self.act_support.triggered.connect(lambda: self.open_support())
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.about)
        self.act_news = QAction(self, shortcut=QKeySequence("Ctrl+Shift+N"))
        self.act_news.triggered.connect(self.open_news)
        self.act_check_updates = QAction(self)
        self.act_check_updates.triggered.connect(self.check_updates)
        self.act_import = QAction(self, shortcut=QKeySequence("Ctrl+I"))
        self.act_import.triggered.connect(self.open_import)
        self.act_export = QAction(self, shortcut=QKeySequence("Ctrl+E"))
        self.act_export.triggered.connect(self.open_export)
        self.act_expiring = QAction(self, shortcut=QKeySequence("Ctrl+Shift+D"))  # points due
        self.act_expiring.triggered.connect(self.open_expiring)
        self.act_reports = QAction(self, shortcut=QKeySequence("Ctrl+R"))
        self.act_reports.triggered.connect(self.open_reports)
        self.act_campaigns = QAction(self, shortcut=QKeySequence("Ctrl+Shift+M"))
        self.act_campaigns.triggered.connect(self.open_campaigns)
        self.act_sms_settings = QAction(self)
        self.act_sms_settings.triggered.connect(self.open_sms_settings)
        self.act_quit = QAction(self, shortcut=QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.menu_file = self.menuBar().addMenu("")
        self.menu_file.addActions(
            [
                self.act_import,
                self.act_export,
                self.act_backups,
                self.act_cloud,
                self.act_sync_now,
                self.act_settings,
                self.act_language,
                self.act_quit,
            ]
        )
        self.menu_view = self.menuBar().addMenu("")
        self.menu_view.addActions([self.act_counter, self.act_members])
        self.menu_view.addAction(self.act_expiring)
        self.menu_view.addAction(self.act_reports)
        self.menu_sms = self.menuBar().addMenu("")
        self.menu_sms.addActions([self.act_campaigns, self.act_sms_settings])
        self.menu_licence = self.menuBar().addMenu("")
        self.menu_licence.addActions([self.act_renew, self.act_support])
        self.menu_help = self.menuBar().addMenu("")
        self.menu_help.addActions(
            [self.act_support, self.act_news, self.act_check_updates, self.act_about]
        )

        self.roles = RolesController(self)  # who is signed in; owner's PIN for run_op

        # A damaged file is found by reading all of it: in the background, after start.
        run_op(self, lambda: club.check_integrity(), lambda _ok: None, self._damaged)
        self.damage_banner: QLabel | None = None
        self.backup_centre.check_setup()
        # A version found unsupported earlier stays held back, even without a connection; the
        # news fetched earlier give the unread count. Read in the background once the counter
        # is up and the shop open: it imports the HTTP client, which would slow the start.
        QTimer.singleShot(VENDOR_CACHE_DELAY_MS, self._read_vendor_cache)
        self.resize(1100, 700)
        geometry = QSettings().value(GEOMETRY_SETTING)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ClubDesk — customer club"))
        self.tabs.setTabText(0, self.tr("Counter (Ctrl+1)"))
        self.tabs.setTabText(1, self.tr("Members (Ctrl+2)"))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_licence.setTitle(self.tr("&Licence"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_renew.setText(self.tr("Renew the licence…"))
        self.act_support.setText(self.tr("Support tickets…"))
        self.act_counter.setText(self.tr("Counter"))
        self.act_members.setText(self.tr("Members"))
        self.act_settings.setText(self.tr("Settings…"))
        self.act_backups.setText(self.tr("Backups…"))
        self.act_cloud.setText(self.tr("Cloud sync…"))
        self.act_sync_now.setText(self.tr("Sync now"))
        self.sync_indicator.render()
        self.act_language.setText(
            self.tr("English") if i18n.current() is Lang.FA else self.tr("Persian")
        )
        self.act_about.setText(self.tr("About ClubDesk"))
        self.act_news.setText(self.tr("News…"))
        self.act_check_updates.setText(self.tr("Check for updates"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_import.setText(self.tr("Import members…"))
        self.act_export.setText(self.tr("Export…"))
        self.act_expiring.setText(self.tr("Expiring points…"))
        self.act_reports.setText(self.tr("Reports…"))
        self.menu_sms.setTitle(self.tr("&SMS"))
        self.act_campaigns.setText(self.tr("SMS to members…"))
        self.act_sms_settings.setText(self.tr("SMS settings…"))
        self._render_licence()
        self.roles.retranslate()

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self.activateWindow()  # with no window manager (Xvfb) typing must still reach us
        self.counter.focus_search()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.backup_centre.hold_exit(self.close):  # closes again once the backup ends
            event.ignore()
            return
        QSettings().setValue(GEOMETRY_SETTING, self.saveGeometry())
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None  # a second close (the window closed again) has none to stop
        super().closeEvent(event)

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _tab_changed(self, index: int) -> None:
        if index == 0:
            self.counter.focus_search()
        elif self._members_stale:
            self._members_stale = False
            self.members.model.reload()
            self.members.filter.setFocus()

    def _members_changed(self) -> None:
        self._members_stale = True
        if self.scheduler is not None:
            from clubdesk.jobs import sync_soon

            sync_soon(self.scheduler)
        if self.tabs.currentIndex() == 1:
            self._tab_changed(1)

    def open_import(self) -> None:
        """File → Import members…: the members list refreshes after an import."""
        from clubdesk.ui.import_export import ImportDialog, open_dialog

        if getattr(self, "import_dialog", None) is None:
            self.import_dialog = ImportDialog(self.club, self)
            self.import_dialog.imported.connect(lambda _n: self._members_changed())
        open_dialog(self.import_dialog)

    def open_export(self) -> None:
        from clubdesk.ui.import_export import ExportDialog, open_dialog

        if getattr(self, "export_dialog", None) is None:
            self.export_dialog = ExportDialog(self.club, self)
        open_dialog(self.export_dialog)

    def open_reports(self) -> None:
        """View → Reports… (Ctrl+R): the owner's figures and charts."""
        from clubdesk.ui.import_export import open_dialog
        from clubdesk.ui.reports import ReportsDialog

        if getattr(self, "reports_dialog", None) is None:
            self.reports_dialog = ReportsDialog(self.club, self)
        open_dialog(self.reports_dialog)

    def open_campaigns(self) -> None:
        """SMS → SMS to members… (Ctrl+Shift+M)."""
        from clubdesk.ui.campaigns import CampaignsDialog
        from clubdesk.ui.import_export import open_dialog

        if getattr(self, "campaigns_dialog", None) is None:
            self.campaigns_dialog = CampaignsDialog(self.club, self)
        open_dialog(self.campaigns_dialog)

    def open_sms_settings(self) -> None:
        from clubdesk.ui.sms_settings import SmsSettingsDialog

        self.sms_settings_dialog = SmsSettingsDialog(self.club, self)
        self.sms_settings_dialog.open()

    def open_expiring(self) -> None:
        """View → Expiring points…: a member chosen there opens at the counter."""
        from clubdesk.ui.expiring import ExpiringDialog
        from clubdesk.ui.import_export import open_dialog

        if getattr(self, "expiring_dialog", None) is None:
            self.expiring_dialog = ExpiringDialog(self.club, self)
            self.expiring_dialog.open_member.connect(self._open_from_list)
            self.expiring_dialog.expired.connect(lambda _lots: self._members_changed())
        open_dialog(self.expiring_dialog)
        self.expiring_dialog.reload()

    def _open_from_list(self, member_id: str) -> None:
        self._show_tab(0)
        self.counter.open_member(member_id)

    def open_settings(self) -> None:
        self.settings_dialog = SettingsDialog(self.club, self.counter.card.rule, self)
        self.settings_dialog.rule_changed.connect(self._rule_changed)
        self.settings_dialog.backups_requested.connect(self.backup_centre.open_backups)
        self.settings_dialog.open()

    def _rule_changed(self, rule: object) -> None:
        self.counter.card.rule = rule  # type: ignore[assignment]
        self.counter.load_rule()  # rewards, levels and the wallet may have changed too
        self.statusBar().showMessage(self.tr("Settings saved."), 5000)

    # ---------------------------------------------------------------- licence

    def attach_licence(self, licence: LicenceManager) -> None:
        """Show the licence state now, refresh it at once and every few hours in the
        background, and re-evaluate every minute (expiry can pass while the app is open)."""
        from clubdesk.jobs import (
            add_backup_job,
            add_offsite_job,
            add_programme_job,
            add_sms_job,
            add_sync_job,
            add_vendor_jobs,
            club_offsite,
            start_scheduler,
        )

        self.licence = licence
        self.apply_licence(licence.status())
        self.scheduler = start_scheduler(
            licence,
            self.bridge.status.emit,
            support=self.renewal(),
            report_support=self.bridge.support.emit,
        )
        # Automatic backups run on the same scheduler, locked or not: they protect the data.
        add_backup_job(self.scheduler, lambda: self.club.backups(), self.bridge.backup.emit)
        add_offsite_job(self.scheduler, lambda: club_offsite(self.club), self.bridge.offsite.emit)
        add_sync_job(self.scheduler, lambda: self.club.sync_now(), self.bridge.sync.emit)
        add_sms_job(self.scheduler, self.club, self.bridge.sms.emit)
        add_programme_job(self.scheduler, self.club)  # expiry, levels, birthday gifts
        add_vendor_jobs(
            self.scheduler,
            updates=self.updates.check,
            report_update=self.bridge.update.emit,
            news=self.news.refresh,
            report_news=self.bridge.news.emit,
        )
        self.minute = QTimer(self, interval=60_000)
        self.minute.timeout.connect(lambda: self.apply_licence(licence.status()))
        self.minute.start()

    def recheck_licence(self) -> None:
        """A job was refused as locked: show the lock screen now, not at the next minute."""
        if self.licence is not None:
            self.apply_licence(self.licence.status())

    def apply_licence(self, status: Status) -> None:
        self.licence_status = status
        if status.locked:
            self._prepare_lock(status)
        elif self._terms_pending():
            self._prepare_terms()
        self._show_page()
        self._render_licence()
        self._render_support_news()

    def _show_page(self) -> None:
        """What fills the window: a required update first, then the lock screen, else the
        shop. Member data leaves the screen on the first two; the database is not touched."""
        status = self.licence_status
        if self.update_page is not None and self._update_required():
            target: QWidget = self.update_page
        elif status is not None and status.locked and self.lock_screen is not None:
            target = self.lock_screen
        elif self.terms_panel is not None and self._terms_pending():
            target = self.terms_panel
        else:
            target = self.pages.widget(0)
        if target is self.pages.currentWidget():
            return
        self.pages.setCurrentWidget(target)
        if self.pages.currentIndex() == 0:
            self._members_changed()
            self.counter.focus_search()
        else:
            self.counter.search.clear()
            self.counter.card.clear()

    def _terms_pending(self) -> bool:
        return self.licence is not None and self.licence.terms_required is not None

    def _prepare_terms(self) -> None:
        """New terms of service wait for the owner: their page, in place of the shop."""
        if self.terms_panel is None:
            from clubdesk.ui.terms import TermsPanel

            assert self.licence is not None
            self.terms_panel = TermsPanel(self.licence, self.club, self._owner_name)
            self.terms_panel.accepted.connect(self.recheck_licence)
            self.terms_panel.renew_requested.connect(self.open_renewal)
            self.terms_panel.support_requested.connect(lambda: self.open_support())
            self.terms_panel.backups_requested.connect(self.act_backups.trigger)
            self.pages.addWidget(self.terms_panel)
        if self.pages.currentWidget() is not self.terms_panel:
            self.terms_panel.load()

    def _owner_name(self) -> str:
        """Who accepts the terms: whoever is signed in, else nobody yet (they type it)."""
        user = getattr(self.club, "user", None)
        return user.name if user is not None else ""

    def _prepare_lock(self, status: Status) -> None:
        if self.lock_screen is None:
            assert self.licence is not None
            self.lock_screen = LockScreen(self.licence)
            self.lock_screen.changed.connect(self.apply_licence)
            self.lock_screen.renew_requested.connect(self.open_renewal)
            self.lock_screen.support_requested.connect(lambda: self.open_support())
            self.lock_screen.backups_requested.connect(self.act_backups.trigger)
            self.lock_screen.replies_requested.connect(self.open_support_replies)
            self.pages.addWidget(self.lock_screen)
        self.lock_screen.show_status(status)

    def _render_licence(self) -> None:
        status = self.licence_status
        if status is None:
            return
        paid = i18n.day(tehran_day(status.paid_until)) if status.paid_until else ""
        days = i18n.number(status.days_left or 0)
        self.banner.setVisible(status.state in (State.EXPIRING, State.OFFLINE_GRACE))
        self.renew_button.setText(self.tr("Renew"))
        self.indicator.setToolTip(self.tr("Renew the licence or see your payments"))
        if status.state is State.LOCKED:
            self.indicator.setText(self.tr("Licence: locked"))
        elif status.state is State.EXPIRING:
            self.indicator.setText(self.tr("Licence: %1 days left").replace("%1", days))
            self.banner_text.setText(
                self.tr("The licence package ends on %1 (%2 days left). Renew it to keep using "
                        "ClubDesk without interruption.").replace("%1", paid).replace("%2", days)
            )  # fmt: skip
        elif status.state is State.OFFLINE_GRACE:
            since = i18n.moment(status.offline_since) if status.offline_since else ""
            self.indicator.setText(self.tr("Licence: offline"))
            self.banner_text.setText(
                self.tr("The licence could not be checked since %1 (no connection). ClubDesk "
                        "keeps working for a while; connect to the internet.").replace("%1", since)
            )  # fmt: skip
        else:
            self.indicator.setText(self.tr("Licence: active until %1").replace("%1", paid))

    def renewal(self) -> RenewalService | None:
        """The renewal and support use cases of the attached licence (none before it)."""
        if self._renewal is None and self.licence is not None:
            from clubdesk.renewal import RenewalService

            self._renewal = RenewalService(self.licence)
        return self._renewal

    def open_renewal(self) -> None:
        """The Renew screen; a renewed licence unlocks the window or drops the banner at once."""
        from clubdesk.ui.renew import RenewDialog

        service = self.renewal()
        if service is None:
            self.statusBar().showMessage(self.tr("The licence is still being read…"), 5000)
            return
        if self.renew_dialog is None:
            self.renew_dialog = RenewDialog(service, self)
            self.renew_dialog.licence_changed.connect(self.apply_licence)
            self.renew_dialog.support_requested.connect(self.open_support)
        if not self.renew_dialog.isVisible() or self.renew_dialog.pages.currentIndex() == 0:
            self.renew_dialog.show_plans_page()
        _bring_up(self.renew_dialog)

    def open_support(self, payment: PaymentInfo | None = None, *, replies: bool = False) -> None:
        """The Support screen; with ``payment``, a new payment ticket carrying its details;
        with ``replies``, the latest ticket with a new reply opens by itself."""
        from clubdesk.ui.support import SupportDialog

        service = self.renewal()
        if service is None:
            self.statusBar().showMessage(self.tr("The licence is still being read…"), 5000)
            return
        if self.support_dialog is None:
            self.support_dialog = SupportDialog(service, self)
            self.support_dialog.unread_changed.connect(self.show_support_news)
            # Replies may have come in while it was open: ask again once it closes.
            self.support_dialog.finished.connect(lambda _result: self.check_support())
        self.support_dialog.load(open_unread=replies and payment is None)
        if payment is not None:
            self.support_dialog.new_ticket(payment)
        _bring_up(self.support_dialog)

    def open_support_replies(self) -> None:
        """From the "new reply" indicator: Support, showing the reply."""
        self.open_support(replies=True)

    # ---------------------------------------------------------------- support news

    def check_support(self) -> None:
        """Run the scheduler's support check now, on a worker thread, reporting through the
        same bridge (the scheduler asks every quarter of an hour; this is for when the answer
        may just have changed, as after the Support screen closes)."""
        from clubdesk.jobs import check_support

        service = self.renewal()
        if service is None:
            return
        report = self.bridge.support.emit
        run_op(self, lambda: check_support(service, report), lambda _none: None)

    def show_backup_news(self, result: object) -> None:
        """The automatic backup's outcome, in the status bar: a failure must not go unseen,
        but neither may it stop the cashier with a dialog every minute."""
        if isinstance(result, BaseException):
            text = self.tr("Automatic backup failed: %1").replace("%1", i18n.error_text(result))
            self.statusBar().showMessage(text, 60_000)
        else:
            self.statusBar().showMessage(self.tr("Automatic backup saved."), 8000)

    def show_offsite_news(self, result: object) -> None:
        """The automatic off-site upload's outcome, in the status bar like the backup's."""
        if isinstance(result, BaseException):
            text = self.tr("Off-site backup failed: %1").replace("%1", i18n.error_text(result))
            self.statusBar().showMessage(text, 60_000)
        else:
            self.statusBar().showMessage(self.tr("Backup copied off-site."), 8000)

    # ------------------------------------------------------------------ cloud sync

    def open_sync(self) -> None:
        self.sync_dialog = SyncDialog(self.club, self)
        self.sync_dialog.changed.connect(self.show_sync_news)
        self.sync_dialog.open()

    def sync_now(self) -> None:
        """Ctrl+Shift+S: a sync in the background; the status bar tells how it went."""
        run_op(self, lambda: self.club.sync_now(), self.show_sync_news, self.show_sync_news)

    def show_sms_news(self, result: object) -> None:
        """The SMS job's line problem (no credit, bad key) in the status bar, once per problem;
        messages wait in the queue meanwhile. Offline is not news."""
        from clubdesk.core.errors import ClubDeskError
        from clubdesk.core.sms import SmsUnreachable

        problem = getattr(result, "problem", result)
        if not isinstance(problem, ClubDeskError) or isinstance(problem, SmsUnreachable):
            self._sms_problem = ""
            return
        if problem.code != self._sms_problem:
            self._sms_problem = problem.code
            self.statusBar().showMessage(i18n.error_text(problem), 30_000)

    def show_sync_news(self, result: object) -> None:
        """After a sync (scheduled, asked for, or switched): reread the state in the
        background; members changed by other counters show at the next look."""
        from clubdesk.core.licence import LicenceLocked
        from clubdesk.sync.service import SyncReport

        if isinstance(result, LicenceLocked):
            self.recheck_licence()
        if isinstance(result, SyncReport) and result.members:
            self._members_stale = True
            self.counter.refresh_open_member(result.members)
        problem = result if isinstance(result, BaseException) else None
        run_op(
            self,
            lambda: self.club.sync_service().status(),
            lambda status: self.sync_indicator.show_status(status, problem),
            lambda _error: None,
        )

    def show_support_news(self, unread: int, asked_at: float) -> None:
        """Show how many replies are unread, unless a newer answer is already shown."""
        if asked_at < self._support_asked_at:
            return  # asked before the answer on screen: the owner may have read it since
        self._support_asked_at = asked_at
        self.support_unread = unread
        self._render_support_news()

    def _render_support_news(self) -> None:
        unread = self.support_unread or 0
        locked = self.lock_screen is not None and self.pages.currentWidget() is self.lock_screen
        # The lock screen says it in its row of buttons: once on screen is enough.
        self.support_indicator.set_unread(0 if locked else unread)
        if self.lock_screen is not None:
            self.lock_screen.support_news.set_unread(unread)

    def _damaged(self, error: BaseException) -> None:
        """Nothing more is read or written (services refuse); the owner is told at once and
        offered the nearest good backup. A file that never opened is the opener's to report."""
        if isinstance(error, Cancelled):
            return
        text = i18n.error_text(error)
        label = QLabel(text, objectName="damageBanner")
        label.setStyleSheet("background: #b3261e; color: white; padding: 6px;")
        label.setWordWrap(True)
        self.statusBar().addPermanentWidget(label, 1)
        self.damage_banner = label
        if isinstance(error, DatabaseError):
            self.backup_centre.offer_restore(error)
        else:
            show_error(self, error)

    def data_restored(self, _result: object = None) -> None:
        """A backup was restored and the shop reloaded: show its data, no restart."""
        if self.damage_banner is not None:
            self.statusBar().removeWidget(self.damage_banner)
            self.damage_banner.deleteLater()
            self.damage_banner = None
        self.counter.search.clear()
        self.counter.card.clear()
        self.counter.load_rule()
        self._members_changed()
        self.statusBar().showMessage(self.tr("The backup was restored."), 8000)
        self.counter.focus_search()

    # ------------------------------------------------------------ updates and news

    def vendor_server(self) -> str:
        """The server this shop's licence comes from; before activation, the vendor's."""
        saved = self.licence.saved.server_url if self.licence is not None else ""
        return saved or default_server()

    @property
    def updates(self) -> UpdateService:
        """Made on first use (it imports the HTTP client: not on the start-up path)."""
        if self._updates is None:
            from clubdesk.updates import UpdateService

            self._updates = UpdateService(self.data_path or self.club.data_dir, self.vendor_server)
        return self._updates

    @property
    def news(self) -> NewsService:
        if self._news is None:
            from clubdesk.news import NewsService

            self._news = NewsService(self.data_path or self.club.data_dir, self.vendor_server)
        return self._news

    def _read_vendor_cache(self) -> None:
        run_op(self, self._vendor_cache, self._vendor_cache_read, lambda _error: None)

    def _vendor_cache(self) -> tuple[UpdateDecision, NewsFeed]:
        return self.updates.last_known(), self.news.feed()

    def _vendor_cache_read(self, known: tuple[UpdateDecision, NewsFeed]) -> None:
        decision, feed = known
        if self.update_decision is None:  # a check already answered is newer
            self.apply_update(decision)
        self.show_vendor_news(feed)

    def _update_required(self) -> bool:
        return self.update_decision is not None and self.update_decision.required

    def _update_panel(self, *, required: bool) -> UpdatePanel:
        from clubdesk.ui.updates import UpdatePanel, open_installer

        return UpdatePanel(
            self.updates,
            required=required,
            opener=lambda path: (self.installer_opener or open_installer)(path),
        )

    def apply_update(self, decision: UpdateDecision) -> None:
        """The update check's answer: a required update replaces every screen until it is
        installed; a newer version shows the banner (until Later, for that version)."""
        self.update_decision = decision
        if decision.required:
            if self.update_page is None:
                self.update_page = self._update_panel(required=True)
                self.update_page.backups_requested.connect(self.act_backups.trigger)
                self.update_page.support_requested.connect(lambda: self.open_support())
                self.pages.addWidget(self.update_page)
            self.update_page.show_decision(decision)
            if self.update_banner is not None:
                self.update_banner.hide()
        elif decision.available and decision.version != self._dismissed_version:
            if self.update_banner is None:
                self.update_banner = self._update_panel(required=False)
                self.update_banner.dismissed.connect(self._update_dismissed)
                self.main_layout.insertWidget(1, self.update_banner)  # under the licence's
            self.update_banner.show_decision(decision)
            self.update_banner.show()
        elif self.update_banner is not None:
            self.update_banner.hide()
        self._show_page()

    def _update_dismissed(self) -> None:
        if self.update_decision is not None:
            self._dismissed_version = self.update_decision.version

    def check_updates(self) -> None:
        """Help → Check for updates: ask now; say so when this is the newest version."""
        self.statusBar().showMessage(self.tr("Checking for updates…"), 10_000)
        run_op(self, self.updates.check, self._checked_updates, self._update_check_failed)

    def _checked_updates(self, decision: UpdateDecision) -> None:
        self._dismissed_version = ""
        self.apply_update(decision)
        if not decision.available:
            version = i18n.digits(self.updates.version)
            self.statusBar().showMessage(
                self.tr("ClubDesk %1 is the newest version.").replace("%1", version), 10_000
            )

    def _update_check_failed(self, error: BaseException) -> None:
        text = self.tr("Could not check for updates: %1").replace("%1", i18n.error_text(error))
        self.statusBar().showMessage(text, 15_000)

    def show_vendor_news(self, feed: NewsFeed) -> None:
        self.news_indicator.set_unread(feed.unread)

    def open_news(self) -> None:
        """Help → News… (Ctrl+Shift+N), or the "unread news" link in the status bar."""
        from clubdesk.ui.news import NewsDialog

        if self.news_dialog is None:
            self.news_dialog = NewsDialog(self.news, self)
            self.news_dialog.changed.connect(self.show_vendor_news)
        self.news_dialog.load()
        _bring_up(self.news_dialog)

    def toggle_language(self) -> None:
        i18n.apply_language(Lang.EN if i18n.current() is Lang.FA else Lang.FA)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About ClubDesk"), self.about_text())

    def about_text(self) -> str:
        """Version, licence and data folder: what support asks for first."""
        lines = [
            self.tr("ClubDesk %1").replace("%1", i18n.digits(clubdesk.__version__)),
            self.tr("Customer club for shop counters."),
            "",
            self.licence_line(),
        ]
        if self.licence is not None and self.licence.saved.licence_id:
            lines.append(self.tr("Licence id: %1").replace("%1", self.licence.saved.licence_id))
        decision = self.update_decision
        if decision is not None and decision.available:
            lines.append(
                self.tr("Version %1 is available.").replace("%1", i18n.digits(decision.version))
            )
        folder = f"{i18n.LRI}{self.data_path or self.club.data_dir}{i18n.PDI}"
        lines.append(self.tr("Data folder: %1").replace("%1", folder))
        return "\n".join(lines)

    def licence_line(self) -> str:
        status = self.licence_status
        if status is None:
            return self.tr("Licence: not read yet")
        paid = i18n.day(tehran_day(status.paid_until)) if status.paid_until else "—"
        if status.state is State.LOCKED:
            reason = i18n.translate("licence", REASON_TEXT[status.reason or LockReason.NO_LICENCE])
            return self.tr("Licence: locked (%1)").replace("%1", reason)
        if status.state is State.OFFLINE_GRACE:
            return self.tr("Licence: offline, paid until %1").replace("%1", paid)
        if status.state is State.EXPIRING:
            return (
                self.tr("Licence: active until %1, %2 days left")
                .replace("%1", paid)
                .replace("%2", i18n.number(status.days_left or 0))
            )
        return self.tr("Licence: active until %1").replace("%1", paid)


def _bring_up(dialog: QWidget) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
