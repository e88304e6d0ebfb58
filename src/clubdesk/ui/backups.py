"""The Backups screen: every backup the app can see, making one now, export, verify, restore.

Backups protect the shop's data even while the licence is locked, so this screen is reachable
from the lock screen too (File menu, Ctrl+B) and shows nothing of the members themselves, only
counts. Every action that reads or writes a backup runs on a worker with a progress dialog and
Cancel; a restore first backs up the current data, then reloads the shop without a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import (
    BackupCorrupt,
    BackupKeysMissing,
    BackupTooNew,
    Cancelled,
    ClubDeskError,
    NotABackup,
    WrongPassphrase,
)
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, ask, heading, select_row, table

if TYPE_CHECKING:
    from clubdesk.backup.drives import Drive
    from clubdesk.backup.offsite import OffsiteRestore
    from clubdesk.backup.service import BackupInfo, RestoreResult
    from clubdesk.core.backup import Manifest
    from clubdesk.protocol import CloudBackupInfo, CloudUsage
    from clubdesk.services import ClubServices
    from clubdesk.ui.ops import Progress

log = logging.getLogger(__name__)

FOLDERS_SETTING = "backups/folders"  # per machine: where this PC's owner keeps more backups
LRI, PDI = i18n.LRI, i18n.PDI
READY, SETUP, UNLOCK = "ready", "setup", "unlock"  # what backups need from the owner

KINDS = {  # core.backup.KINDS
    "manual": QT_TRANSLATE_NOOP("backups", "By hand"),
    "automatic": QT_TRANSLATE_NOOP("backups", "Automatic"),
    "on_exit": QT_TRANSLATE_NOOP("backups", "On exit"),
    "pre_migration": QT_TRANSLATE_NOOP("backups", "Before an update"),
    "pre_restore": QT_TRANSLATE_NOOP("backups", "Before a restore"),
}


def isolate(text: str) -> str:
    """A path or file name kept left-to-right inside Persian text."""
    return f"{LRI}{text}{PDI}" if i18n.current().rtl else text


def size_text(size: int | None) -> str:
    """Bytes as people read them: 12.4 MB (decimal units, as the backup errors say them),
    in the current language's digits."""
    if size is None:
        return "—"
    units = [
        (1000**3, i18n.translate("backups", "%1 GB")),
        (1000**2, i18n.translate("backups", "%1 MB")),
        (1000, i18n.translate("backups", "%1 KB")),
    ]
    for factor, unit in units:
        if size >= factor:
            value = f"{size / factor:.1f}"
            if i18n.current().rtl:
                value = value.replace(".", "\u066b")  # the Persian decimal separator
            return unit.replace("%1", i18n.digits(value))
    return i18n.translate("backups", "%1 bytes").replace("%1", i18n.number(size))


_PATH_TOKEN = "\ue000"  # a private-use letter: no digit, survives translation and format


def error_text(error: BaseException) -> str:
    """``i18n.error_text``, but a file or drive path in it is shown as it is: its digits stay
    Latin and it reads left to right inside Persian text."""
    params = getattr(error, "params", None)
    path = params.get("path") if isinstance(params, dict) else None
    if not isinstance(error, ClubDeskError) or not isinstance(path, str) or not path:
        return i18n.error_text(error)
    assert isinstance(params, dict)
    values = {**params, "path": _PATH_TOKEN}
    message = i18n.translate("errors", error.message).format(**values)
    hint = i18n.translate("errors", error.hint).format(**values) if error.hint else ""
    return i18n.digits(f"{message} {hint}".strip()).replace(_PATH_TOKEN, isolate(path))


def kind_text(kind: str | None) -> str:
    if not kind:
        return "—"
    source = KINDS.get(kind)
    return i18n.translate("backups", source) if source else kind


def problem_label(error: BaseException) -> str:
    """A short word for the list's Problem column; the full message is its tooltip."""
    if isinstance(error, BackupTooNew):
        return i18n.translate("backups", "Needs a newer ClubDesk")
    if isinstance(error, NotABackup):
        return i18n.translate("backups", "Not a backup")
    if isinstance(error, WrongPassphrase):
        return i18n.translate("backups", "Another key")
    return i18n.translate("backups", "Damaged")


def saved_folders() -> list[Path]:
    value = QSettings().value(FOLDERS_SETTING) or []
    if isinstance(value, str):
        value = [value]
    return [Path(str(folder)) for folder in value if folder]


def save_folders(folders: list[Path]) -> None:
    QSettings().setValue(FOLDERS_SETTING, [str(folder) for folder in folders])


def needs_passphrase(error: BaseException) -> bool:
    """Backups from another computer (or a new keyring) open only with the passphrase."""
    return isinstance(error, WrongPassphrase | BackupKeysMissing)


def ask_passphrase(parent: QWidget, error: BaseException | None, *, again: bool = False) -> str:
    """The backup passphrase or recovery code, asked only when the keyring cannot open it;
    empty if the owner cancels."""
    if again and error is not None:
        intro = error_text(error)
    else:
        intro = i18n.translate(
            "backups",
            "This backup cannot be opened with the key kept on this computer (it may come "
            "from another computer). Type the backup passphrase or the recovery code.",
        )
    text, ok = QInputDialog.getText(
        parent, i18n.translate("backups", "Backup passphrase"), intro, QLineEdit.EchoMode.Password
    )
    return text if ok else ""


def restore_report(result: RestoreResult) -> str:
    """What was restored, where the previous data went, and which damaged backups were skipped."""
    manifest = result.restored.manifest
    lines = [
        i18n.translate("backups", "Restored the backup of %1 (%2 members).")
        .replace("%1", i18n.moment(manifest.created_at) if manifest else "—")
        .replace("%2", i18n.number(manifest.member_count if manifest else 0))
    ]
    if result.saved_current is not None:
        lines.append(
            i18n.translate("backups", "The data before the restore was kept in %1.").replace(
                "%1", isolate(result.saved_current.path.name)
            )
        )
    if result.skipped:
        names = "، ".join if i18n.current().rtl else ", ".join
        lines.append(
            i18n.translate("backups", "Skipped %1 damaged backups: %2.")
            .replace("%1", i18n.number(len(result.skipped)))
            .replace("%2", names(isolate(info.path.name) for info in result.skipped))
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------- worker functions


def restore_question(parent: QWidget, name: str, question: str, details: str) -> QMessageBox:
    """The Restore / Cancel question asked before any restore, Restore the default."""
    title = i18n.translate("BackupsDialog", "Restore")
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    box.setObjectName(name)
    box.setInformativeText(details)
    yes = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(i18n.translate("BackupsDialog", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    return box


def setup_state(club: ClubServices) -> str:
    """READY, SETUP (no passphrase yet) or UNLOCK (keys exist, this keyring lacks the master:
    restored on a new computer)."""
    service = club.backups()
    if service.configured():
        return READY
    return UNLOCK if service.needs_unlock() else SETUP


def _list(club: ClubServices, folders: list[Path]) -> tuple[list[BackupInfo], dict[Path, Any]]:
    """The backups, and for unreadable ones the error itself (translatable, unlike the
    service's English ``problem`` text)."""
    from clubdesk.backup import archive

    backups = club.backups().list(folders)
    problems: dict[Path, Any] = {}
    for info in backups:
        if info.problem is not None:
            try:
                archive.read_manifest(info.path)
            except ClubDeskError as error:
                problems[info.path] = error
            else:  # readable again (a drive came back): the service's words will do
                problems[info.path] = BackupCorrupt(path=str(info.path), problem=info.problem)
    return backups, problems


def _restore(
    club: ClubServices,
    path: Path | None,
    secret: str | None,
    folders: list[Path],
    progress: Progress,
) -> RestoreResult:
    """Restore (the service backs up the current data first; the nearest good backup is
    looked for in the owner's folders too), then reopen the shop's database."""
    result = club.backups().restore(path, secret or None, progress.update, folders=folders)
    club.reload()
    return result


def _export(club: ClubServices, path: Path | None, folder: Path, progress: Progress) -> Path:
    """The chosen backup, or a fresh one, copied and read back."""
    from clubdesk.backup.drives import export

    if path is None:
        path = club.backups().create(kind="manual", progress=progress.update).path
    return export(path, folder, progress=progress.update)


def _drives() -> list[Drive]:
    from clubdesk.backup.drives import list_drives

    return list_drives()


def _read_schedule(club: ClubServices) -> dict[str, Any]:
    service = club.backups()
    rule = service.retention_rule()
    minutes = int(service.interval().total_seconds() // 60)
    mirror = service.mirror_folder()
    return {"interval": minutes, "daily": rule.daily, "weekly": rule.weekly,
            "monthly": rule.monthly, "mirror": str(mirror) if mirror else ""}  # fmt: skip


def _write_schedule(club: ClubServices, values: dict[str, int]) -> None:
    """Shop settings (backed up and synced with the shop), checked by the service."""
    club.backups().set_schedule(
        interval_minutes=int(values["interval"]),
        daily=values["daily"],
        weekly=values["weekly"],
        monthly=values["monthly"],
    )


def _offsite_state(club: ClubServices) -> tuple[bool, CloudUsage]:
    """Whether automatic backups go off-site, and the server's list (NotActivated without a
    licence on this computer; ServerUnreachable offline)."""
    from clubdesk.backup.offsite import for_club

    offsite = for_club(club)
    return offsite.enabled(), offsite.list()


def _offsite_switch(club: ClubServices, on: bool) -> bool:
    """A shop setting: needs no licence or network, so it can be changed offline."""
    from clubdesk.backup.offsite import set_offsite

    set_offsite(club.backups(), on)
    return on


def _offsite_upload(club: ClubServices, path: Path | None, progress: Progress) -> CloudBackupInfo:
    """The chosen backup, or a fresh one, sent off-site (already encrypted on this computer)."""
    from clubdesk.backup.offsite import for_club

    offsite = for_club(club)
    if path is None:
        path = club.backups().create(kind="manual", progress=progress.update).path
    return offsite.upload(path, progress.update)


def _offsite_restore(
    club: ClubServices, backup_id: str | None, secret: str, progress: Progress
) -> OffsiteRestore:
    """Download and restore one off-site backup (None: the newest that verifies), then
    reopen the shop's database."""
    from clubdesk.backup.offsite import for_club

    offsite = for_club(club)
    if backup_id is None:
        outcome = offsite.restore_nearest(secret or None, progress.update)
    else:
        outcome = offsite.restore_one(backup_id, secret or None, progress.update)
    club.reload()
    return outcome


def _made_at(backup: CloudBackupInfo) -> Any:
    """When the backup was made (its manifest), else when it reached the server."""
    from datetime import datetime

    raw = backup.manifest.get("created_at")
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return backup.created_at


# ---------------------------------------------------------------------- the screen


class BackupsDialog(Retranslating, QDialog):
    """``restored(result)`` after a restore, once the data is reloaded (views refresh);
    ``setup_requested`` to set up or change the passphrase; ``unlock_requested`` when this
    computer's keyring lacks the key."""

    restored = Signal(object)
    setup_requested = Signal()
    unlock_requested = Signal()

    COLUMNS = 7
    PROBLEM = 6

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.club = club
        self.backups: list[BackupInfo] | None = None
        self.problems: dict[Path, Any] = {}
        self.state: str | None = None
        self.export_dialog: ExportDialog | None = None
        self.offsite_dialog: OffsiteDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.busy = False

        self.title = heading(size=18)
        self.summary = QLabel(objectName="backupsSummary")
        self.summary.setWordWrap(True)
        self.setup_banner = QWidget(objectName="setupBanner")
        self.setup_banner.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setup_banner.setStyleSheet("#setupBanner { background: #fff3cd; }")
        self.setup_text = QLabel(objectName="setupBannerText")
        self.setup_text.setWordWrap(True)
        self.setup_button = QPushButton(objectName="setupBackups")
        self.setup_button.clicked.connect(self._setup_clicked)
        banner = QHBoxLayout(self.setup_banner)
        banner.addWidget(self.setup_text, 1)
        banner.addWidget(self.setup_button)
        self.setup_banner.hide()

        self.list = table(self.COLUMNS, "backupsTable")
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.verify_selected())
        self.empty = QWidget(objectName="backupsEmpty")
        self.empty_text = QLabel(objectName="backupsEmptyText")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_button = QPushButton(objectName="emptyBackUpNow")
        self.empty_button.clicked.connect(self.back_up_now)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)
        self.stack = QStackedWidget(objectName="backupsStack")
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)

        self.message = MessageLabel()
        self.message.setObjectName("backupsMessage")
        self.back_up_button = QPushButton(objectName="backUpNow")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.export_button = QPushButton(objectName="exportBackup")
        self.export_button.clicked.connect(self.open_export)
        self.verify_button = QPushButton(objectName="verifyBackup")
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton(objectName="restoreSelected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.nearest_button = QPushButton(objectName="restoreNearest")
        self.nearest_button.clicked.connect(self.restore_nearest)
        self.add_folder_button = QPushButton(objectName="addFolder")
        self.add_folder_button.clicked.connect(self.add_folder)
        self.passphrase_button = QPushButton(objectName="changePassphrase")
        self.passphrase_button.clicked.connect(self.setup_requested.emit)
        self.offsite_button = QPushButton(objectName="offsiteBackups")
        self.offsite_button.clicked.connect(self.open_offsite)
        self.close_button = QPushButton(objectName="closeBackups")
        self.close_button.clicked.connect(self.close)

        self.schedule = QGroupBox(objectName="backupSchedule")
        self.interval = QSpinBox(objectName="intervalMinutes")
        self.interval.setRange(5, 24 * 60)
        self.interval.setSingleStep(5)
        self.daily = QSpinBox(objectName="keepDaily")
        self.weekly = QSpinBox(objectName="keepWeekly")
        self.monthly = QSpinBox(objectName="keepMonthly")
        for box in (self.daily, self.weekly, self.monthly):
            box.setRange(0, 120)
        self.interval_label, self.keep_label = QLabel(), QLabel()
        self.daily_label, self.weekly_label, self.monthly_label = QLabel(), QLabel(), QLabel()
        self.save_schedule_button = QPushButton(objectName="saveSchedule")
        self.save_schedule_button.clicked.connect(self.save_schedule)
        self.mirror_label = QLabel(objectName="mirrorLabel")
        self.mirror_path = QLabel(objectName="mirrorPath")
        self.mirror_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mirror_choose = QPushButton(objectName="mirrorChoose")
        self.mirror_choose.clicked.connect(self.choose_mirror)
        self.mirror_clear = QPushButton(objectName="mirrorClear")
        self.mirror_clear.clicked.connect(lambda: self.set_mirror(None))
        mirror_row = QHBoxLayout()
        mirror_row.addWidget(self.mirror_label)
        mirror_row.addWidget(self.mirror_path, 1)
        mirror_row.addWidget(self.mirror_choose)
        mirror_row.addWidget(self.mirror_clear)
        schedule = QHBoxLayout()
        rows = QVBoxLayout(self.schedule)
        rows.addLayout(schedule)
        rows.addLayout(mirror_row)
        schedule.addWidget(self.interval_label)
        schedule.addWidget(self.interval)
        schedule.addSpacing(16)
        schedule.addWidget(self.keep_label)
        for label, box in ((self.daily_label, self.daily), (self.weekly_label, self.weekly),
                           (self.monthly_label, self.monthly)):  # fmt: skip
            schedule.addWidget(box)
            schedule.addWidget(label)
        schedule.addStretch(1)
        schedule.addWidget(self.save_schedule_button)
        self.schedule.hide()  # until the shop's settings are read

        actions = QHBoxLayout()
        for button in (self.back_up_button, self.export_button, self.verify_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.nearest_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_folder_button)
        bottom.addWidget(self.passphrase_button)
        bottom.addWidget(self.offsite_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.setup_banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.schedule)
        layout.addLayout(bottom)
        self.resize(1000, 620)
        self.retranslate()

    @property
    def configured(self) -> bool | None:
        """Backups run unattended (None until known)."""
        return None if self.state is None else self.state == READY

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Backups"))
        self.title.setText(self.tr("Backups"))
        self.list.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Kind"), self.tr("Members"), self.tr("App version"),
             self.tr("Size"), self.tr("Folder"), self.tr("Problem")]
        )  # fmt: skip
        self.empty_text.setText(
            self.tr("No backups yet.\n\nA backup is an encrypted copy of your members, points "
                    "and settings. ClubDesk makes one by itself every little while and when you "
                    "quit; keep a copy on a USB drive too, so that a broken computer does not "
                    "lose your customer club.")
        )  # fmt: skip
        self.empty_button.setText(self.tr("Back up now"))
        self.back_up_button.setText(self.tr("Back up now"))
        self.export_button.setText(self.tr("Export to USB…"))
        self.verify_button.setText(self.tr("Verify"))
        self.restore_button.setText(self.tr("Restore this backup…"))
        self.nearest_button.setText(self.tr("Restore nearest good…"))
        self.add_folder_button.setText(self.tr("Add folder…"))
        self.passphrase_button.setText(self.tr("Change passphrase…"))
        self.offsite_button.setText(self.tr("Off-site…"))
        self.close_button.setText(self.tr("Close"))
        self.schedule.setTitle(self.tr("Automatic backups"))
        self.interval_label.setText(self.tr("At most every"))
        self.interval.setSuffix(self.tr(" minutes"))
        self.keep_label.setText(self.tr("Keep:"))
        self.daily_label.setText(self.tr("daily,"))
        self.weekly_label.setText(self.tr("weekly,"))
        self.monthly_label.setText(self.tr("monthly"))
        self.save_schedule_button.setText(self.tr("Save"))
        self.mirror_label.setText(self.tr("Also copy each one to:"))
        self.mirror_choose.setText(self.tr("Choose a folder…"))
        self.mirror_clear.setText(self.tr("Stop copying"))
        self._render_mirror()
        self._render()

    def _render(self) -> None:
        self._render_state()
        self._render_summary()
        if self.backups is None:
            return
        selected = self.selected()
        self.list.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            manifest = info.manifest
            problem = self.problems.get(info.path)
            cells = [
                i18n.moment(manifest.created_at) if manifest else "—",
                kind_text(manifest.kind) if manifest else "—",
                i18n.number(manifest.member_count) if manifest else "—",
                isolate(i18n.digits(manifest.app_version)) if manifest else "—",
                size_text(info.size),
                self._place(info),
                problem_label(problem) if problem is not None else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == 5:
                    item.setToolTip(str(info.path))
                if problem is not None:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(error_text(problem))
                self.list.setItem(row, column, item)
        self.stack.setCurrentWidget(self.list if self.backups else self.empty)
        paths = [info.path for info in self.backups]
        if selected is not None and selected.path in paths:
            select_row(self.list, paths.index(selected.path))
        self._selection_changed()

    def _place(self, info: BackupInfo) -> str:
        if info.automatic:
            return self.tr("Automatic folder")
        return isolate(str(info.path.parent))

    def _render_state(self) -> None:
        self.setup_banner.setVisible(self.state in (SETUP, UNLOCK))
        self.passphrase_button.setEnabled(self.state == READY)
        if self.state == UNLOCK:
            self.setup_text.setText(
                self.tr("Automatic backups are paused: this computer does not hold the backup "
                        "key yet (for example after restoring on a new computer). Type the "
                        "backup passphrase once to resume them.")
            )  # fmt: skip
            self.setup_button.setText(self.tr("Type the passphrase…"))
        else:
            self.setup_text.setText(
                self.tr("Backups are not set up yet: choose a backup passphrase so that "
                        "ClubDesk can back up your members by itself and you can restore them "
                        "on a new computer.")
            )  # fmt: skip
            self.setup_button.setText(self.tr("Set up…"))

    def _render_summary(self) -> None:
        if self.backups is None:
            self.summary.setText(self.tr("Looking for backups…"))
            return
        if not self.backups:
            self.summary.setText("")  # the empty page explains
            return
        good = [b for b in self.backups if b.path not in self.problems and b.manifest]
        newest = max((b.manifest.created_at for b in good if b.manifest), default=None)
        if newest is None:
            summary = self.tr("No good backup yet.")
        else:
            summary = (
                self.tr("%1 backups; the newest good one is from %2.")
                .replace("%1", i18n.number(len(self.backups)))
                .replace("%2", i18n.moment(newest))
            )
        damaged = len(self.backups) - len(good)
        if damaged:
            summary += " " + self.tr("%1 damaged (see the Problem column).").replace(
                "%1", i18n.number(damaged)
            )
        self.summary.setText(summary)

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """Read the backups (automatic folder and the owner's folders) in the background."""
        club, folders = self.club, saved_folders()
        run_op(self, lambda: setup_state(club), self.show_state, self._load_failed)
        run_op(self, lambda: _list(club, folders), self._listed, self._load_failed)
        run_op(self, lambda: _read_schedule(club), self.show_schedule, self._schedule_unread)

    def show_state(self, state: str) -> None:
        self.state = state
        self._render_state()

    def _setup_clicked(self) -> None:
        if self.state == UNLOCK:
            self.unlock_requested.emit()
        else:
            self.setup_requested.emit()

    def _listed(self, found: tuple[list[BackupInfo], dict[Path, Any]]) -> None:
        backups, problems = found
        self.show_backups(backups, problems)

    def show_backups(
        self, backups: list[BackupInfo], problems: dict[Path, Any] | None = None
    ) -> None:
        """The list, newest first; unreadable ones carry their error in ``problems``."""
        self.backups = list(backups)
        self.problems.update(problems or {})
        self._render()
        if self.backups and self.selected() is None:
            good = [i for i, b in enumerate(self.backups) if b.path not in self.problems]
            select_row(self.list, good[0] if good else 0)

    def _load_failed(self, error: BaseException) -> None:
        self.message.error(error_text(error))

    def selected(self) -> BackupInfo | None:
        if self.backups is None:
            return None
        rows = {index.row() for index in self.list.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.backups[row] if row < len(self.backups) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        idle = not self.busy
        for button in (self.back_up_button, self.empty_button, self.export_button,
                       self.add_folder_button):  # fmt: skip
            button.setEnabled(idle)
        self.nearest_button.setEnabled(idle and bool(self.backups))
        self.verify_button.setEnabled(idle and chosen is not None)
        self.restore_button.setEnabled(
            idle and chosen is not None and chosen.path not in self.problems
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._selection_changed()

    def add_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder with backups"))
        if chosen:
            self.add_folder_path(Path(chosen))

    def add_folder_path(self, folder: Path) -> None:
        """Backups there are listed from now on, and a nearest-good restore looks there too."""
        folders = saved_folders()
        if folder not in folders:
            save_folders([*folders, folder])
        self.load()

    # ------------------------------------------------------------------ back up, verify

    def back_up_now(self) -> None:
        club = self.club
        self._set_busy(True)
        self.message.hint(self.tr("Backing up…"))
        run_op(
            self,
            lambda progress: club.backups().create("manual", progress=progress.update),
            self._backed_up,
            self._action_failed,
            progress_label=self.tr("Backing up the shop's data…"),
        )

    def _backed_up(self, info: BackupInfo) -> None:
        self._set_busy(False)
        members = info.manifest.member_count if info.manifest else 0
        self.message.success(
            self.tr("Backed up: %1 members in %2.")
            .replace("%1", i18n.number(members))
            .replace("%2", isolate(info.path.name))
        )
        self.load()

    def _action_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Stopped; nothing was changed."))
            return
        self.message.error(error_text(error))

    def verify_selected(self) -> None:
        info = self.selected()
        if info is not None and not self.busy:
            self.verify(info.path)

    def verify(self, path: Path, secret: str = "") -> None:
        club = self.club
        self._set_busy(True)
        self.message.hint(self.tr("Checking the backup…"))
        run_op(
            self,
            lambda progress: club.backups().verify(path, secret or None, progress.update),
            self._verified,
            lambda error: self._verify_failed(path, secret, error),
            progress_label=self.tr("Checking the backup…"),
        )

    def _verified(self, manifest: Manifest) -> None:
        self._set_busy(False)
        self.message.success(
            self.tr("The backup is good: it opens, its contents match, and it holds %1 "
                    "members.").replace("%1", i18n.number(manifest.member_count))
        )  # fmt: skip

    def _verify_failed(self, path: Path, secret: str, error: BaseException) -> None:
        self._set_busy(False)
        if needs_passphrase(error) and not isinstance(error, BackupKeysMissing | Cancelled):
            typed = ask_passphrase(self, error, again=bool(secret))
            if typed:
                self.verify(path, typed)
                return
        self._action_failed(error)
        if isinstance(error, BackupCorrupt | NotABackup | BackupTooNew):
            self.problems[path] = error  # the list says it too
            self._render()

    # ------------------------------------------------------------------ restore

    def restore_confirmation(self, info: BackupInfo | None) -> QMessageBox:
        """The question before a restore (``info`` None: the nearest good backup)."""
        if info is None or info.manifest is None:
            question = self.tr("Restore the newest backup that is good?")
        else:
            question = (
                self.tr("Restore the backup of %1 (%2 members)?")
                .replace("%1", i18n.moment(info.manifest.created_at))
                .replace("%2", i18n.number(info.manifest.member_count))
            )
        details = self.tr(
            "Your current data is backed up first, so this can be undone. Damaged "
            "backups are skipped. Members added since that backup will not be in the "
            "restored data."
        )
        return restore_question(self, "restoreConfirm", question, details)

    def confirm_restore(self, info: BackupInfo | None) -> bool:
        """The owner agrees, knowing the current data is backed up first."""
        return ask(self, self.restore_confirmation(info))

    def restore_selected(self) -> None:
        info = self.selected()
        if info is not None and self.confirm_restore(info):
            self.restore(info.path)

    def restore_nearest(self) -> None:
        if self.confirm_restore(None):
            self.restore(None)

    def restore(self, path: Path | None, secret: str = "") -> None:
        """Restore ``path`` (None: the nearest good backup), then reload the data."""
        club, folders = self.club, saved_folders()
        self._set_busy(True)
        self.message.hint(self.tr("Restoring…"))
        run_op(
            self,
            lambda progress: _restore(club, path, secret, folders, progress),
            self._restored,
            lambda error: self._restore_failed(path, secret, error),
            progress_label=self.tr("Backing up the current data, then restoring…"),
        )

    def _restore_failed(self, path: Path | None, secret: str, error: BaseException) -> None:
        self._set_busy(False)
        if needs_passphrase(error):
            typed = ask_passphrase(self, error, again=bool(secret))
            if typed:
                self.restore(path, typed)
                return
        self._action_failed(error)

    def _restored(self, result: RestoreResult) -> None:
        self._set_busy(False)
        for info in result.skipped:
            self.problems[info.path] = BackupCorrupt(path=str(info.path), problem=info.problem)
        self.message.success(restore_report(result))
        self.restored.emit(result)
        self.load()

    # ------------------------------------------------------------------ export

    def open_export(self) -> ExportDialog:
        """Export the selected backup (a damaged one is not offered: a fresh one is made)."""
        info = self.selected()
        good = info if info is not None and info.path not in self.problems else None
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.club, self)
            self.export_dialog.exported.connect(lambda _path: self.load())
        self.export_dialog.set_backup(good.path if good is not None else None)
        self.export_dialog.load()
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    # ------------------------------------------------------------------ off-site

    def open_offsite(self) -> OffsiteDialog:
        """Off-site backups; Upload sends the selected backup (a damaged one is not offered:
        a fresh one is made)."""
        info = self.selected()
        good = info if info is not None and info.path not in self.problems else None
        if self.offsite_dialog is None:
            self.offsite_dialog = OffsiteDialog(self.club, self)
            self.offsite_dialog.restored.connect(self._offsite_restored)
        self.offsite_dialog.set_backup(good.path if good is not None else None)
        self.offsite_dialog.load()
        self.offsite_dialog.show()
        self.offsite_dialog.raise_()
        return self.offsite_dialog

    def _offsite_restored(self, result: RestoreResult) -> None:
        self.restored.emit(result)
        self.load()

    # ------------------------------------------------------------------ schedule

    def show_schedule(self, values: dict[str, Any]) -> None:
        """The interval and retention, as the shop's settings say, and the mirror folder."""
        self.interval.setValue(values["interval"])
        self.daily.setValue(values["daily"])
        self.weekly.setValue(values["weekly"])
        self.monthly.setValue(values["monthly"])
        self.mirror = values["mirror"]
        self._render_mirror()
        self.schedule.show()

    def _render_mirror(self) -> None:
        mirror = getattr(self, "mirror", "")
        self.mirror_path.setText(
            f"{LRI}{mirror}{PDI}" if mirror else self.tr("nowhere else (another disk or a USB "
                                                         "stick is safer)")
        )  # fmt: skip
        self.mirror_clear.setEnabled(bool(mirror))

    def choose_mirror(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Copy every backup to…"))
        if chosen:
            self.set_mirror(Path(chosen))

    def set_mirror(self, folder: Path | None) -> None:
        """Every automatic backup is copied there too (per computer; checked it takes files)."""
        service = self.club.backups()

        def done(_none: None) -> None:
            self.mirror = str(Path(folder).resolve()) if folder is not None else ""
            self._render_mirror()
            self.message.success(
                self.tr("Each automatic backup is now copied there too.")
                if folder is not None
                else self.tr("Backups are no longer copied to another folder.")
            )

        run_op(self, lambda: service.set_mirror_folder(folder), done,
               lambda error: self.message.error(error_text(error)))  # fmt: skip

    def _schedule_unread(self, error: BaseException) -> None:
        log.info("backup schedule not read: %s", error)
        self.schedule.hide()

    def save_schedule(self) -> None:
        club = self.club
        values = {
            "interval": self.interval.value(),
            "daily": self.daily.value(),
            "weekly": self.weekly.value(),
            "monthly": self.monthly.value(),
        }
        self.save_schedule_button.setEnabled(False)
        run_op(
            self,
            lambda: _write_schedule(club, values),
            lambda _none: self._schedule_saved(),
            self._schedule_failed,
        )

    def _schedule_saved(self) -> None:
        self.save_schedule_button.setEnabled(True)
        self.message.success(self.tr("The backup schedule was saved."))

    def _schedule_failed(self, error: BaseException) -> None:
        self.save_schedule_button.setEnabled(True)
        self.message.error(error_text(error))


# ---------------------------------------------------------------------- off-site


class OffsiteDialog(Retranslating, QDialog):
    """Backups kept on the vendor's server: upload one, see them with their date, members and
    size, restore one or the nearest good one, and choose whether automatic backups go up too.

    ``restored(RestoreResult)`` once a restored shop is reloaded.
    """

    restored = Signal(object)

    COLUMNS = 4

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offsiteDialog")
        self.club = club
        self.backup: Path | None = None
        self.usage: CloudUsage | None = None
        self.enabled: bool | None = None
        self.busy = False
        self.confirm_box: QMessageBox | None = None
        self.title = heading(size=16)
        self.intro = QLabel(objectName="offsiteIntro")
        self.intro.setWordWrap(True)
        self.auto = QCheckBox(objectName="offsiteAuto")
        self.auto.toggled.connect(self._auto_toggled)
        self.usage_label = QLabel(objectName="offsiteUsage")
        self.list = table(self.COLUMNS, "offsiteTable")
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(objectName="offsiteEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(objectName="offsiteStack")
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        self.message = MessageLabel()
        self.message.setObjectName("offsiteMessage")
        self.upload_button = QPushButton(objectName="offsiteUpload")
        self.upload_button.clicked.connect(self.upload)
        self.refresh_button = QPushButton(objectName="offsiteRefresh")
        self.refresh_button.clicked.connect(self.load)
        self.restore_button = QPushButton(objectName="offsiteRestore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.nearest_button = QPushButton(objectName="offsiteNearest")
        self.nearest_button.clicked.connect(self.restore_nearest)
        self.close_button = QPushButton(objectName="closeOffsite")
        self.close_button.clicked.connect(self.close)
        # Two rows: the Persian labels of all four buttons do not fit one row of the dialog.
        actions = QHBoxLayout()
        actions.addWidget(self.upload_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        restores = QHBoxLayout()
        restores.addWidget(self.restore_button)
        restores.addWidget(self.nearest_button)
        restores.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.auto)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.usage_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)
        layout.addLayout(restores)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(820, 480)
        self.retranslate()

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Off-site backups"))
        self.title.setText(self.tr("Off-site backups"))
        self.intro.setText(
            self.tr("A copy of your backups on ClubDesk's server, in case this computer is "
                    "lost, stolen or broken. Backups are encrypted here before they leave: the "
                    "server keeps them without being able to read them, and restoring one "
                    "needs your backup passphrase.")
        )  # fmt: skip
        self.auto.setText(self.tr("Also upload automatic backups (about every six hours)"))
        self.list.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Kind"), self.tr("Members"), self.tr("Size")]
        )
        self.empty.setText(self.tr("No off-site backups yet. Upload one to keep a copy away "
                                   "from this computer."))  # fmt: skip
        self.refresh_button.setText(self.tr("Refresh"))
        self.restore_button.setText(self.tr("Restore this one…"))
        self.nearest_button.setText(self.tr("Restore nearest good…"))
        self.close_button.setText(self.tr("Close"))
        self._render()

    def set_backup(self, path: Path | None) -> None:
        """What Upload sends: ``path``, or with None a new backup made first."""
        self.backup = path
        self._render_upload()

    def _render_upload(self) -> None:
        if self.backup is None:
            self.upload_button.setText(self.tr("Back up now and upload"))
            self.upload_button.setToolTip("")
        else:
            self.upload_button.setText(self.tr("Upload the selected backup"))
            self.upload_button.setToolTip(self.backup.name)

    def _render(self) -> None:
        self._render_upload()
        if self.enabled is not None:
            self.auto.blockSignals(True)  # showing the setting is not the owner changing it
            self.auto.setChecked(self.enabled)
            self.auto.blockSignals(False)
        if self.usage is None:
            self.usage_label.setText(self.tr("Asking the server…"))
            self.stack.setCurrentWidget(self.list)
            self._update_buttons()
            return
        self.usage_label.setText(
            self.tr("Using %1 of the %2 your plan includes.")
            .replace("%1", size_text(self.usage.used_bytes))
            .replace("%2", size_text(self.usage.quota_bytes))
        )
        chosen = self.selected()
        backups = self.usage.backups
        self.list.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            members = backup.manifest.get("member_count")
            cells = [
                i18n.moment(_made_at(backup)),
                kind_text(str(backup.manifest.get("kind") or "")),
                i18n.number(members) if isinstance(members, int) else "—",
                size_text(backup.size),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.list.setItem(row, column, item)
        self.stack.setCurrentWidget(self.list if backups else self.empty)
        ids = [b.backup_id for b in backups]
        if chosen is not None and chosen.backup_id in ids:
            select_row(self.list, ids.index(chosen.backup_id))
        elif backups and self.selected() is None:
            select_row(self.list, 0)
        self._update_buttons()

    def selected(self) -> CloudBackupInfo | None:
        if self.usage is None:
            return None
        rows = {index.row() for index in self.list.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.usage.backups[row] if row < len(self.usage.backups) else None

    def _update_buttons(self) -> None:
        idle = not self.busy
        listed = self.usage is not None
        self.upload_button.setEnabled(idle)
        self.refresh_button.setEnabled(idle)
        self.restore_button.setEnabled(idle and listed and self.selected() is not None)
        self.nearest_button.setEnabled(idle and listed and bool(self.usage and self.usage.backups))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """The setting and the server's list, in the background."""
        club = self.club
        run_op(self, lambda: _offsite_state(club), self.show_state, self._load_failed)

    def show_state(self, state: tuple[bool, CloudUsage]) -> None:
        self.enabled, self.usage = state
        self._render()

    def _load_failed(self, error: BaseException) -> None:
        self.usage_label.setText("")
        self._update_buttons()
        self.message.error(error_text(error))

    def _auto_toggled(self, on: bool) -> None:
        club = self.club
        run_op(self, lambda: _offsite_switch(club, on), self._switched, self._switch_failed)

    def _switched(self, on: bool) -> None:
        self.enabled = on
        if on:
            self.message.success(
                self.tr("Automatic backups will be uploaded too, about every six hours.")
            )
        else:
            self.message.hint(self.tr("Automatic backups stay on this computer only."))

    def _switch_failed(self, error: BaseException) -> None:
        self._render()  # back to what the setting is
        self.message.error(error_text(error))

    # ------------------------------------------------------------------ upload

    def upload(self) -> None:
        club, path = self.club, self.backup
        self._set_busy(True)
        self.message.hint(self.tr("Uploading…"))
        run_op(
            self,
            lambda progress: _offsite_upload(club, path, progress),
            self._uploaded,
            self._failed,
            progress_label=self.tr("Uploading the encrypted backup…"),
        )

    def _uploaded(self, backup: CloudBackupInfo) -> None:
        self._set_busy(False)
        self.message.success(
            self.tr("Uploaded: the backup of %1 is kept off-site.").replace(
                "%1", i18n.moment(_made_at(backup))
            )
        )
        self.load()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Stopped; what was sent is kept and the next try "
                                      "continues from there."))  # fmt: skip
            return
        self.message.error(error_text(error))

    # ------------------------------------------------------------------ restore

    def restore_confirmation(self, backup: CloudBackupInfo | None) -> QMessageBox:
        """The question before a restore (``backup`` None: the nearest good one)."""
        if backup is None:
            question = self.tr("Download and restore the newest off-site backup that is good?")
        else:
            members = backup.manifest.get("member_count")
            question = (
                self.tr("Download and restore the off-site backup of %1 (%2 members)?")
                .replace("%1", i18n.moment(_made_at(backup)))
                .replace("%2", i18n.number(members) if isinstance(members, int) else "—")
            )
        details = self.tr(
            "Your current data is backed up first, so this can be undone. Members "
            "added since that backup will not be in the restored data."
        )
        return restore_question(self, "offsiteRestoreConfirm", question, details)

    def confirm_restore(self, backup: CloudBackupInfo | None) -> bool:
        return ask(self, self.restore_confirmation(backup))

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is not None and self.confirm_restore(backup):
            self.restore(backup.backup_id)

    def restore_nearest(self) -> None:
        if self.confirm_restore(None):
            self.restore(None)

    def restore(self, backup_id: str | None, secret: str = "") -> None:
        club = self.club
        self._set_busy(True)
        self.message.hint(self.tr("Downloading and restoring…"))
        run_op(
            self,
            lambda progress: _offsite_restore(club, backup_id, secret, progress),
            self._restored,
            lambda error: self._restore_failed(backup_id, secret, error),
            progress_label=self.tr("Downloading the backup, then restoring it…"),
        )

    def _restore_failed(self, backup_id: str | None, secret: str, error: BaseException) -> None:
        self._set_busy(False)
        if needs_passphrase(error):
            typed = ask_passphrase(self, error, again=bool(secret))
            if typed:
                self.restore(backup_id, typed)
                return
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Stopped; nothing was changed."))
            return
        self.message.error(error_text(error))

    def _restored(self, outcome: OffsiteRestore) -> None:
        self._set_busy(False)
        text = restore_report(outcome.result)
        if outcome.skipped:
            text += "\n" + self.tr("Skipped %1 off-site backups that were damaged.").replace(
                "%1", i18n.number(len(outcome.skipped))
            )
        self.message.success(text)
        self.restored.emit(outcome.result)
        self.load()


# ---------------------------------------------------------------------- export


class ExportDialog(Retranslating, QDialog):
    """Removable drives with their free space, or any folder; the copy is read back and its
    hash checked before success is said."""

    exported = Signal(object)  # Path of the copy

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.club = club
        self.backup: Path | None = None
        self.drives: list[Drive] | None = None
        self.folder: Path | None = None
        self.result_path: Path | None = None
        self.title = heading(size=16)
        self.what = QLabel(objectName="exportWhat")
        self.what.setWordWrap(True)
        self.drive_list = QListWidget(objectName="driveList")
        self.drive_list.currentRowChanged.connect(self._drive_chosen)
        self.drive_list.itemDoubleClicked.connect(lambda _item: self.export())
        self.no_drives = QLabel(objectName="noDrives")
        self.no_drives.setWordWrap(True)
        self.no_drives.setStyleSheet("color: #5f6368;")
        self.no_drives.hide()
        self.refresh_button = QPushButton(objectName="refreshDrives")
        self.refresh_button.clicked.connect(self.load)
        self.folder_button = QPushButton(objectName="chooseFolder")
        self.folder_button.clicked.connect(self.choose_folder)
        self.target = QLabel(objectName="exportTarget")
        self.target.setWordWrap(True)
        self.message = MessageLabel()
        self.message.setObjectName("exportMessage")
        self.export_button = QPushButton(objectName="startExport")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton(objectName="closeExport")
        self.close_button.clicked.connect(self.close)
        pick = QHBoxLayout()
        pick.addWidget(self.refresh_button)
        pick.addWidget(self.folder_button)
        pick.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.what)
        layout.addWidget(self.drive_list, 1)
        layout.addWidget(self.no_drives)
        layout.addLayout(pick)
        layout.addWidget(self.target)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(640, 440)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export a backup"))
        self.title.setText(self.tr("Export a backup to a USB drive"))
        self.no_drives.setText(
            self.tr("No USB drive found. Plug one in and press Refresh, or choose a folder.")
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self.folder_button.setText(self.tr("Choose folder…"))
        self.export_button.setText(self.tr("Export"))
        self.close_button.setText(self.tr("Close"))
        self._render()

    def set_backup(self, path: Path | None) -> None:
        self.backup = path
        self.result_path = None
        self.message.clear_message()
        self._render()

    def _render(self) -> None:
        if self.backup is None:
            self.what.setText(self.tr("A new backup is made now and copied."))
        else:
            self.what.setText(
                self.tr("The backup %1 is copied, then read back and checked.").replace(
                    "%1", isolate(self.backup.name)
                )
            )
        if self.drives is not None:
            row = self.drive_list.currentRow()
            self.drive_list.blockSignals(True)  # rebuilding is not the owner choosing
            self.drive_list.clear()
            for drive in self.drives:
                item = QListWidgetItem(self.drive_text(drive))
                item.setToolTip(str(drive.path))
                self.drive_list.addItem(item)
            if 0 <= row < len(self.drives):
                self.drive_list.setCurrentRow(row)
            self.drive_list.blockSignals(False)
            self.no_drives.setVisible(not self.drives)
        self._render_target()

    def _render_target(self) -> None:
        if self.folder is None:
            self.target.setText(self.tr("Choose a drive or a folder."))
        else:
            self.target.setText(self.tr("Copy to: %1").replace("%1", isolate(str(self.folder))))
        self.export_button.setEnabled(self.folder is not None)

    def drive_text(self, drive: Drive) -> str:
        free = (
            self.tr("%1 free of %2")
            .replace("%1", size_text(drive.free))
            .replace("%2", size_text(drive.total))
        )
        label = drive.label or drive.path.name or str(drive.path)
        parts = [isolate(label), isolate(str(drive.path)), free]
        if drive.fs_type:
            parts.append(isolate(drive.fs_type.upper()))
        line = "  ·  ".join(parts)
        return f"\u200f{line}" if i18n.current().rtl else line  # reads from the right

    def load(self) -> None:
        run_op(self, lambda: _drives(), self.show_drives, self._drives_failed)

    def show_drives(self, drives: list[Drive]) -> None:
        self.drives = list(drives)
        self._render()
        if self.drives and self.drive_list.currentRow() < 0 and self.folder is None:
            self.drive_list.setCurrentRow(0)

    def _drives_failed(self, error: BaseException) -> None:
        self.drives = []
        self._render()
        self.message.error(error_text(error))

    def _drive_chosen(self, row: int) -> None:
        if self.drives is not None and 0 <= row < len(self.drives):
            self.folder = self.drives[row].path
            self._render_target()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose where to copy the backup"))
        if chosen:
            self.choose(Path(chosen))

    def choose(self, folder: Path) -> None:
        self.drive_list.blockSignals(True)
        self.drive_list.clearSelection()
        self.drive_list.setCurrentRow(-1)
        self.drive_list.blockSignals(False)
        self.folder = folder
        self._render_target()

    def export(self) -> None:
        if self.folder is None:
            return
        club, backup, folder = self.club, self.backup, self.folder
        self.export_button.setEnabled(False)
        self.message.hint(self.tr("Copying…"))
        run_op(
            self,
            lambda progress: _export(club, backup, folder, progress),
            self._exported,
            self._failed,
            progress_label=self.tr("Copying the backup and reading it back…"),
        )

    def _exported(self, path: Path) -> None:
        self.result_path = Path(path)
        self.export_button.setEnabled(True)
        self.message.success(
            self.tr("Done: the copy was read back and is identical. %1").replace(
                "%1", isolate(str(path))
            )
        )
        self.exported.emit(self.result_path)
        self.load()  # free space changed

    def _failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(self.folder is not None)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Stopped; no partial file was left."))
            return
        self.message.error(error_text(error))


# ---------------------------------------------------------------------- the window's part


class SetupBanner(Retranslating, QWidget):
    """ "Backups are not set up" above the counter: a reminder, never a modal that blocks a
    sale; it stays until the owner acts (Later hides it until the next start)."""

    setup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupBanner")
        self.state = SETUP
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#backupBanner { background: #e8f0fe; }")
        self.text = QLabel(objectName="backupBannerText")
        self.text.setWordWrap(True)
        self.setup_button = QPushButton(objectName="backupBannerSetup")
        self.setup_button.clicked.connect(self.setup_requested.emit)
        self.later_button = QPushButton(objectName="backupBannerLater")
        self.later_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.setup_button)
        layout.addWidget(self.later_button)
        self.retranslate()

    def retranslate(self) -> None:
        if self.state == UNLOCK:
            self.text.setText(
                self.tr("Automatic backups are paused: type the backup passphrase once on "
                        "this computer to resume them.")
            )  # fmt: skip
            self.setup_button.setText(self.tr("Type the passphrase…"))
        else:
            self.text.setText(
                self.tr("Backups are not set up: if this computer breaks, the members and "
                        "points are lost. Setting up takes a minute.")
            )  # fmt: skip
            self.setup_button.setText(self.tr("Set up backups…"))
        self.later_button.setText(self.tr("Later"))

    def show_state(self, state: str) -> None:
        self.state = state
        self.retranslate()
        self.setVisible(state != READY)


class BackupCentre(QObject):
    """The main window's backup features in one place: the not-set-up banner, the Backups and
    setup screens, the restore offer when damage is found, and the backup on exit.

    ``restored(result)`` after data was restored and reloaded: the window refreshes its views.
    """

    restored = Signal(object)

    def __init__(self, window: QWidget, club: ClubServices) -> None:
        super().__init__(window)
        self.window = window
        self.club = club
        self.state: str | None = None  # known once the shop is open
        self.banner = SetupBanner()
        self.banner.hide()
        self.banner.setup_requested.connect(self._banner_clicked)
        self.dialog: BackupsDialog | None = None
        self.setup_dialog: QDialog | None = None
        self.damaged_dialog: QDialog | None = None
        self.on_exit = False  # run_app turns it on: tests and screenshots close windows freely
        self.exit_state = "idle"  # idle -> running -> done
        self.exit_progress: QProgressDialog | None = None

    @property
    def configured(self) -> bool | None:
        return None if self.state is None else self.state == READY

    def check_setup(self) -> None:
        """Once the shop is open: a banner if backups cannot run by themselves."""
        club = self.club
        run_op(
            self.window,
            lambda: setup_state(club),
            self._state_known,
            lambda error: log.info("backup setup not checked: %s", error),
        )

    def _state_known(self, state: str) -> None:
        self.state = state
        self.banner.show_state(state)
        if self.dialog is not None:
            self.dialog.show_state(state)

    def _banner_clicked(self) -> None:
        if self.state == UNLOCK:
            self.unlock()
        else:
            self.open_setup()

    def open_backups(self) -> BackupsDialog:
        if self.dialog is None:
            self.dialog = BackupsDialog(self.club, self.window)
            self.dialog.setup_requested.connect(lambda: self.open_setup())
            self.dialog.unlock_requested.connect(lambda: self.unlock())
            self.dialog.restored.connect(self._restored)
        self.dialog.load()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def open_setup(self) -> QDialog:
        """First setup, or a passphrase change when backups are already set up."""
        from clubdesk.ui.backup_setup import BackupSetupDialog

        parent = self.dialog if self.dialog is not None and self.dialog.isVisible() else None
        dialog = BackupSetupDialog(self.club, parent or self.window, change=self.state == READY)
        dialog.finished_setup.connect(self._set_up)
        self.setup_dialog = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def _set_up(self) -> None:
        self._state_known(READY)
        if self.dialog is not None:
            self.dialog.message.success(self.tr("The backup passphrase was saved."))
            self.dialog.load()

    def unlock(self, error: BaseException | None = None) -> None:
        """Backups restored onto a new computer: the passphrase puts the key in its keyring."""
        parent = self.dialog if self.dialog is not None and self.dialog.isVisible() else None
        secret = ask_passphrase(parent or self.window, error, again=error is not None)
        if not secret:
            return
        club = self.club
        run_op(
            self.window,
            lambda: club.backups().unlock(secret),
            lambda _none: self._set_up(),
            self._unlock_failed,
        )

    def _unlock_failed(self, error: BaseException) -> None:
        if isinstance(error, WrongPassphrase):
            self.unlock(error)
            return
        QMessageBox.warning(self.window, self.tr("Backups"), error_text(error))

    def _restored(self, result: RestoreResult) -> None:
        self.restored.emit(result)
        self.check_setup()  # a restore on a new computer may bring keys this one must unlock

    def offer_restore(self, error: BaseException) -> QDialog:
        """Damage found while running: offer the nearest good backup (nothing happens alone)."""
        from clubdesk.ui.restore_prompt import DamagedDialog

        club, folders = self.club, saved_folders()
        dialog = DamagedDialog(
            error,
            lambda secret, progress: _restore(club, None, secret, folders, progress),
            self.window,
            offer_other=False,
        )
        dialog.restored.connect(self._restored)
        self.damaged_dialog = dialog
        dialog.open()
        return dialog

    def hold_exit(self, close: Callable[[], Any]) -> bool:
        """Called from the window's closeEvent: True while the exit backup runs (the close
        waits); ``close`` is called again when it ends, fails or is skipped, so the exit is
        never lost."""
        if not self.on_exit or self.exit_state == "done":
            return False
        if self.exit_state == "running":
            return True
        self.exit_state = "running"
        club = self.club

        def finish(_outcome: object = None) -> None:
            if self.exit_state == "done":
                return
            self.exit_state = "done"
            if self.exit_progress is not None:
                self.exit_progress.reset()
            close()

        def failed(error: BaseException) -> None:
            log.warning("backup on exit failed: %s", error)
            finish()

        self.exit_progress = QProgressDialog(
            self.tr("Backing up before closing…"), self.tr("Skip"), 0, 0, self.window
        )
        self.exit_progress.setObjectName("exitBackupProgress")
        self.exit_progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.exit_progress.setMinimumDuration(500)  # a quick backup never flashes a dialog
        # Skip closes at once; the backup finishes in the background or is cleaned up next time.
        self.exit_progress.canceled.connect(finish)
        run_op(self.window, lambda: _exit_backup(club), finish, failed)
        return True


def _exit_backup(club: ClubServices) -> BackupInfo | None:
    """The backup on exit (the service decides whether one is due)."""
    return club.backup_on_exit()
