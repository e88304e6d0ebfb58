"""Cloud sync in the window: a status-bar indicator (last sync, changes waiting) and the Cloud
sync dialog (switch it on or off, sync now, what the owner should look at after a merge).

Every read of the sync state runs in the background (run_op): the counter never waits on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import ClickableLabel, MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.services import ClubServices
    from clubdesk.sync.service import SyncFlagView, SyncReport, SyncStatus


def _tr(text: str) -> str:
    return i18n.translate("sync", text)


def status_text(status: SyncStatus | None, problem: BaseException | None = None) -> str:
    """One line for the status bar: when it last synced and what is waiting."""
    if status is None or not status.enabled:
        return ""
    if status.last_sync is None:
        text = _tr(QT_TRANSLATE_NOOP("sync", "Cloud sync: not synced yet"))
    else:
        text = _tr(QT_TRANSLATE_NOOP("sync", "Synced {time}")).format(
            time=i18n.moment(status.last_sync)
        )
    if status.pending:
        text += " · " + _tr(QT_TRANSLATE_NOOP("sync", "{count} waiting")).format(
            count=i18n.number(status.pending)
        )
    if problem is not None:
        text += " · " + problem_text(problem)
    if status.flags:
        text += " · " + _tr(QT_TRANSLATE_NOOP("sync", "{count} to check")).format(
            count=i18n.number(status.flags)
        )
    return text


def problem_text(problem: BaseException) -> str:
    """Why the last sync did not happen, in two or three words."""
    from clubdesk.core.licence import LicenceLocked
    from clubdesk.licensing.client import ServerRefused, ServerUnreachable
    from clubdesk.licensing.manager import NotActivated

    if isinstance(problem, ServerUnreachable):
        return _tr(QT_TRANSLATE_NOOP("sync", "offline"))
    if isinstance(problem, ServerRefused | LicenceLocked | NotActivated):
        return _tr(QT_TRANSLATE_NOOP("sync", "paused: licence"))
    return _tr(QT_TRANSLATE_NOOP("sync", "failed (see the log)"))


def flag_text(flag: SyncFlagView) -> str:
    who = flag.name or _tr(QT_TRANSLATE_NOOP("sync", "a member"))
    if flag.phone:
        who = f"{who} \u2066{i18n.phone(flag.phone)}\u2069"
    when = i18n.moment(flag.created_at)
    if flag.kind == "overdrawn":
        balance = int(str(flag.details.get("balance", 0)))
        return _tr(
            QT_TRANSLATE_NOOP(
                "sync", "{who}: points below zero ({balance}) after merging counters — {when}"
            )
        ).format(who=who, balance=i18n.number(balance), when=when)
    return _tr(
        QT_TRANSLATE_NOOP("sync", "{who}: a change from another counter could not be read — {when}")
    ).format(who=who, when=when)


class SyncIndicator(ClickableLabel):
    """The status-bar line; hidden while sync is off. Clicking it opens the Cloud sync dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="syncIndicator")
        self.status: SyncStatus | None = None
        self.problem: BaseException | None = None
        self.hide()

    def show_status(self, status: SyncStatus, problem: BaseException | None = None) -> None:
        self.status, self.problem = status, problem
        self.render()

    def render(self) -> None:
        text = status_text(self.status, self.problem)
        self.setText(text)
        self.setVisible(bool(text))


class SyncDialog(Retranslating, QDialog):
    """Switch cloud sync on or off, sync now, and see what merging flagged for the owner."""

    changed = Signal(object)  # a SyncReport after a sync, or the SyncStatus after a switch

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncDialog")
        self.club = club
        self.status: SyncStatus | None = None
        self.title = heading()
        self.explain = QLabel(objectName="syncExplain", wordWrap=True)
        self.state = QLabel(objectName="syncState", wordWrap=True)
        self.message = MessageLabel()
        self.message.setObjectName("syncMessage")
        self.switch = QPushButton(objectName="syncSwitch")
        self.switch.clicked.connect(self.toggle)
        self.sync_button = QPushButton(objectName="syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.switch)
        buttons_row.addWidget(self.sync_button)
        buttons_row.addStretch(1)
        self.flags_title = QLabel(objectName="syncFlagsTitle")
        self.flags = QListWidget(objectName="syncFlags", wordWrap=True)
        self.flags.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.flags_empty = QLabel(objectName="syncFlagsEmpty", wordWrap=True)
        self.seen = QPushButton(objectName="syncSeen")
        self.seen.clicked.connect(self.mark_seen)
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.explain, self.state, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons_row)
        for widget in (self.flags_title, self.flags, self.flags_empty, self.seen):
            layout.addWidget(widget)
        layout.addWidget(self.close_box)
        self.resize(620, 480)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cloud sync"))
        self.title.setText(self.tr("Cloud sync"))
        self.explain.setText(
            self.tr(
                "Keeps the counters of this shop in step through the licence server. Every "
                "counter keeps working alone when the internet is down and catches up later; "
                "no point earned or spent is ever lost."
            )
        )
        self.flags_title.setText(self.tr("To check after merging counters"))
        self.flags_empty.setText(self.tr("Nothing to check."))
        self.seen.setText(self.tr("Mark all as seen"))
        self.sync_button.setText(self.tr("Sync now (Ctrl+Shift+S)"))
        self.close_box.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self._render()

    # ------------------------------------------------------------------ state

    def reload(self) -> None:
        service = self.club.sync_service()
        run_op(self, lambda: (service.status(), service.flags()), self._loaded)

    def _loaded(self, result: tuple[SyncStatus, list[SyncFlagView]]) -> None:
        self.status, flags = result
        self.flags.clear()
        for flag in flags:
            item = QListWidgetItem(flag_text(flag))
            item.setData(Qt.ItemDataRole.UserRole, flag.id)
            self.flags.addItem(item)
        self._render()

    def _render(self) -> None:
        status = self.status
        on = bool(status and status.enabled)
        self.switch.setText(self.tr("Turn sync off") if on else self.tr("Turn sync on"))
        self.switch.setEnabled(status is not None)
        self.sync_button.setEnabled(on)
        if status is None:
            self.state.setText(self.tr("Reading…"))
        elif not on:
            self.state.setText(self.tr("Sync is off on this computer."))
        else:
            last = i18n.moment(status.last_sync) if status.last_sync else self.tr("not yet")
            self.state.setText(
                self.tr(
                    "Sync is on. Last sync: {last}. Changes waiting to be sent: {count}."
                ).format(last=last, count=i18n.number(status.pending))
            )
        has_flags = self.flags.count() > 0
        self.flags.setVisible(has_flags)
        self.seen.setVisible(has_flags)
        self.flags_empty.setVisible(not has_flags)

    # ------------------------------------------------------------------ actions

    def toggle(self) -> None:
        service = self.club.sync_service()
        if self.status is not None and self.status.enabled:
            run_op(self, lambda: service.disable(), lambda _r: self._switched())
            return
        self.switch.setEnabled(False)
        run_op(
            self,
            lambda progress: service.enable(progress.update),
            lambda queued: self._switched(queued),
            self._failed,
            progress_label=self.tr("Preparing the shop's data for sync…"),
        )

    def _switched(self, queued: int | None = None) -> None:
        if queued is not None:
            self.message.success(
                self.tr("Sync is on: {count} changes will be sent.").format(
                    count=i18n.number(queued)
                )
            )
            self.sync_now()
        self.reload()
        self.changed.emit(None)

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)
        self.message.hint(self.tr("Syncing…"))
        run_op(
            self,
            lambda progress: self.club.sync_now(progress.update),
            self._synced,
            self._failed,
            progress_label=self.tr("Syncing with the cloud…"),
        )

    def _synced(self, report: SyncReport) -> None:
        self.message.success(
            self.tr("Synced: {sent} sent, {received} received.").format(
                sent=i18n.number(report.pushed), received=i18n.number(report.pulled)
            )
        )
        self.changed.emit(report)
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.message.error(i18n.error_text(error))
        self.reload()

    def mark_seen(self) -> None:
        ids = [
            int(self.flags.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.flags.count())
        ]
        service = self.club.sync_service()
        run_op(self, lambda: service.resolve_flags(ids), lambda _r: self.reload())
