"""A new version of ClubDesk: the banner that offers it, and the screen that requires it.

The installer is downloaded in the background (progress, Cancel) and offered only once its
SHA-256 is the one the vendor published; a file that does not match is deleted and the owner
told so. Installing opens the installer the way the OS opens a downloaded file (a setup
program on Windows, the package installer on Linux, the disk image on macOS).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import Cancelled
from clubdesk.core.updates import UpdateDecision
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.protocol import ReleaseInfo
    from clubdesk.updates import Downloaded, UpdateService


def open_installer(path: Path) -> bool:
    """Hand the verified installer to the OS, as a double-click would."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def release_notes(release: ReleaseInfo) -> str:
    return i18n.localized(release.notes_fa, release.notes_en)


class UpdatePanel(Retranslating, QWidget):
    """The offer of ``decision.release``: a slim banner above the counter (``required=False``,
    with Later) or the page that replaces every member screen (``required=True``).

    ``installing`` is emitted once the installer was handed to the OS (the window then offers
    to close, so the installer can replace the program); ``dismissed`` after Later;
    ``backups_requested``/``support_requested`` from the required page's buttons."""

    installing = Signal()
    dismissed = Signal()
    backups_requested = Signal()
    support_requested = Signal()

    def __init__(
        self,
        service: UpdateService,
        *,
        required: bool = False,
        opener: Callable[[Path], bool] = open_installer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.required = required
        self.opener = opener
        self.decision: UpdateDecision | None = None
        self.downloaded: Downloaded | None = None
        self.setObjectName("updateRequired" if required else "updateBanner")
        self.title = heading(size=20 if required else 11)
        self.title.setObjectName("updateTitle")
        self.title.setWordWrap(True)
        self.text = QLabel(objectName="updateText")
        self.text.setWordWrap(True)
        self.notes = QTextBrowser(objectName="updateNotes")
        self.notes.setOpenLinks(False)
        self.message = MessageLabel()
        self.message.setObjectName("updateMessage")
        self.notes_button = QPushButton(objectName="updateNotesButton")
        self.notes_button.setCheckable(True)
        self.notes_button.toggled.connect(self._toggle_notes)
        self.download_button = QPushButton(objectName="updateDownload")
        self.download_button.setDefault(True)
        self.download_button.clicked.connect(self.download)
        self.install_button = QPushButton(objectName="updateInstall")
        self.install_button.clicked.connect(self.install)
        self.install_button.hide()
        self.later_button = QPushButton(objectName="updateLater")
        self.later_button.clicked.connect(self._later)
        self.backups_button = QPushButton(objectName="updateBackups")
        self.backups_button.clicked.connect(self.backups_requested.emit)
        self.support_button = QPushButton(objectName="updateSupport")
        self.support_button.clicked.connect(self.support_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.install_button)
        if required:
            buttons.addWidget(self.backups_button)
            buttons.addWidget(self.support_button)
            self.notes_button.hide()
            self.later_button.hide()
        else:
            buttons.addWidget(self.notes_button)
            buttons.addWidget(self.later_button)
            self.backups_button.hide()
            self.support_button.hide()
            self.notes.hide()
            self.notes.setMaximumHeight(160)
            self.setStyleSheet("#updateBanner { background: #e8f0fe; }")
            self.setAutoFillBackground(True)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        if required:
            layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.notes, 1 if required else 0)
        if required:
            layout.addStretch(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.notes_button.setText(self.tr("What's new"))
        self.download_button.setText(self.tr("Download and install"))
        self.install_button.setText(self.tr("Install now"))
        self.later_button.setText(self.tr("Later"))
        self.backups_button.setText(self.tr("Backups…"))
        self.support_button.setText(self.tr("Support…"))
        self._render()

    def show_decision(self, decision: UpdateDecision) -> None:
        """Show this offer; a newer release replaces an older one not yet installed."""
        if self.decision is None or self.decision.version != decision.version:
            self.downloaded = None
            self.install_button.hide()
            self.download_button.show()
            self.message.clear_message()
        self.decision = decision
        self._render()

    def _render(self) -> None:
        decision = self.decision
        if decision is None or decision.release is None:
            return
        version = i18n.digits(decision.version)
        running = i18n.digits(self.service.version)
        if self.required:
            self.title.setText(self.tr("This version of ClubDesk must be updated"))
            self.text.setText(
                self.tr("Version %1 is no longer supported. Install version %2 to keep using "
                        "ClubDesk; your members, points and settings are kept.")
                .replace("%1", running).replace("%2", version)
            )  # fmt: skip
        else:
            self.title.setText(self.tr("ClubDesk %1 is available").replace("%1", version))
            self.text.setText(
                self.tr("You have version %1. The update is downloaded and checked before it "
                        "is installed.").replace("%1", running)
            )  # fmt: skip
        self.notes.setPlainText(release_notes(decision.release))

    def _toggle_notes(self, shown: bool) -> None:
        self.notes.setVisible(shown)

    def _later(self) -> None:
        self.hide()
        self.dismissed.emit()

    # ---------------------------------------------------------------- download

    def download(self) -> None:
        if self.decision is None or self.decision.release is None:
            return
        release = self.decision.release
        service = self.service
        self.download_button.setEnabled(False)
        self.message.hint(self.tr("Downloading version %1…").replace("%1", release.version))
        run_op(
            self,
            lambda progress: service.download(release, progress.update),
            self._downloaded,
            self._failed,
            progress_label=self.tr("Downloading the update…"),
        )

    def _downloaded(self, downloaded: Downloaded) -> None:
        self.downloaded = downloaded
        self.download_button.setEnabled(True)
        self.download_button.hide()
        self.install_button.show()
        self.install_button.setFocus()
        self.message.success(
            self.tr("The installer was downloaded and checked: it is the vendor's file. Save "
                    "your work, then install it.")
        )  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        self.download_button.setEnabled(True)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("The download was cancelled."))
            return
        self.message.error(i18n.error_text(error))

    def install(self) -> None:
        if self.downloaded is None:
            return
        if self.opener(self.downloaded.path):
            self.message.success(self.tr("The installer has started."))
            self.installing.emit()
        else:
            self.message.error(
                self.tr("The installer could not be started. Open it yourself: %1")
                .replace("%1", f"{i18n.LRI}{self.downloaded.path}{i18n.PDI}")
            )  # fmt: skip
