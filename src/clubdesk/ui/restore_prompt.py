"""The shop's database is damaged: offer to restore the nearest good backup, never silently.

Shown when opening fails because the file is not SQLite or is damaged, and when the background
integrity check finds damage later. Nothing is changed until the owner chooses: restoring keeps
the damaged file aside for support (it is renamed, not deleted) and asks for the backup
passphrase only when this computer's keyring does not hold the backup key (a new computer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import Cancelled
from clubdesk.ui.backups import error_text, isolate, needs_passphrase, restore_report
from clubdesk.ui.ops import Progress, run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.backup.service import RestoreResult

# restore(secret, progress) -> RestoreResult, run on a worker
Restorer = Callable[[str | None, Progress], "RestoreResult"]


class DamagedDialog(Retranslating, QDialog):
    """``choice`` is RESTORED, OTHER (open another folder) or QUIT once the dialog closes.
    ``offer_other=False`` (damage found while running) offers Close instead of the folder."""

    RESTORED, OTHER, QUIT = "restored", "other", "quit"
    OFFER, DONE = range(2)

    restored = Signal(object)  # RestoreResult

    def __init__(
        self,
        error: BaseException,
        restore: Restorer,
        parent: QWidget | None = None,
        *,
        offer_other: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDialog")
        self.error = error
        self.restorer = restore
        self.offer_other = offer_other
        self.choice = self.QUIT
        self.result_data: RestoreResult | None = None
        self.asking_secret = False
        self.pages = QStackedWidget(objectName="damagedPages")
        self.pages.addWidget(self._build_offer())
        self.pages.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setMinimumWidth(620)
        self.retranslate()

    def _build_offer(self) -> QWidget:
        page = QWidget(objectName="offerPage")
        self.title = heading(size=16)
        self.title.setWordWrap(True)
        self.problem = QLabel(objectName="damageProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.explain = QLabel(objectName="damageExplain")
        self.explain.setWordWrap(True)
        self.secret_label = QLabel(objectName="secretLabel")
        self.secret_label.setWordWrap(True)
        self.secret = QLineEdit(objectName="restoreSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.restore)
        self.secret_label.hide()
        self.secret.hide()
        self.message = MessageLabel()
        self.message.setObjectName("damagedMessage")
        self.restore_button = QPushButton(objectName="restoreNearestGood")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.other_button = QPushButton(objectName="openAnotherFolder")
        self.other_button.clicked.connect(lambda: self._finish(self.OTHER))
        self.other_button.setVisible(self.offer_other)
        self.quit_button = QPushButton(objectName="quitDamaged")
        self.quit_button.clicked.connect(lambda: self._finish(self.QUIT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.other_button)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addWidget(self.problem)
        layout.addWidget(self.explain)
        layout.addWidget(self.secret_label)
        layout.addWidget(self.secret)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _build_done(self) -> QWidget:
        page = QWidget(objectName="donePage")
        self.done_title = heading(size=16)
        self.done_title.setWordWrap(True)
        self.report = QLabel(objectName="restoreReport")
        self.report.setWordWrap(True)
        self.continue_button = QPushButton(objectName="continueAfterRestore")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(lambda: self._finish(self.RESTORED))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_title)
        layout.addWidget(self.report)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ClubDesk"))
        self.title.setText(self.tr("The shop's data file is damaged"))
        self.problem.setText(error_text(self.error))
        self.explain.setText(
            self.tr("ClubDesk can restore the nearest good backup: the newest one that opens "
                    "and checks out, going back past damaged ones. The damaged file is not "
                    "deleted: it is kept aside in the data folder for support. Nothing changes "
                    "until you choose.")
        )  # fmt: skip
        self.secret_label.setText(
            self.tr("This computer does not hold the backup key (for example after a new "
                    "installation). Type the backup passphrase or the recovery code from the "
                    "recovery sheet.")
        )  # fmt: skip
        self.restore_button.setText(self.tr("Restore the nearest good backup"))
        self.other_button.setText(self.tr("Open another folder…"))
        self.quit_button.setText(self.tr("Quit") if self.offer_other else self.tr("Close"))
        self.done_title.setText(self.tr("The shop's data was restored"))
        self.continue_button.setText(self.tr("Open ClubDesk") if self.offer_other
                                     else self.tr("Close"))  # fmt: skip
        if self.result_data is not None:
            self.report.setText(self._report(self.result_data))

    def _report(self, result: RestoreResult) -> str:
        text = restore_report(result)
        if result.kept_aside is not None:
            text += "\n" + self.tr("The damaged file was kept for support: %1").replace(
                "%1", isolate(str(result.kept_aside))
            )
        return text

    def restore(self) -> None:
        secret = self.secret.text() if self.asking_secret else None
        if self.asking_secret and not secret:
            self.message.error(self.tr("Type the backup passphrase or the recovery code."))
            return
        restorer = self.restorer
        self._busy(True)
        self.message.hint(self.tr("Restoring…"))
        run_op(
            self,
            lambda progress: restorer(secret, progress),
            self._restored,
            lambda error: self._failed(error, secret),
            progress_label=self.tr("Restoring the nearest good backup…"),
        )

    def _busy(self, busy: bool) -> None:
        for widget in (self.restore_button, self.other_button, self.quit_button, self.secret):
            widget.setEnabled(not busy)

    def _failed(self, error: BaseException, secret: str | None) -> None:
        self._busy(False)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Stopped; nothing was changed."))
            return
        if needs_passphrase(error):
            self.asking_secret = True
            self.secret_label.show()
            self.secret.show()
            self.secret.setFocus()
            if secret:  # a typed passphrase was wrong: say so; otherwise the label says why
                self.message.error(error_text(error))
            else:
                self.message.clear_message()
            return
        self.message.error(error_text(error))

    def _restored(self, result: RestoreResult) -> None:
        self._busy(False)
        self.result_data = result
        self.report.setText(self._report(result))
        self.pages.setCurrentIndex(self.DONE)
        self.continue_button.setFocus()
        self.restored.emit(result)

    def _finish(self, choice: str) -> None:
        self.choice = choice
        if choice == self.RESTORED:
            self.accept()
        else:
            self.reject()

    def closeEvent(self, event: Any) -> None:  # the window's X: restored data still counts
        if self.result_data is not None:
            self.choice = self.RESTORED
        super().closeEvent(event)
