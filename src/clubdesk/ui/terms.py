"""The vendor's terms of service: read them (the first run, before activating) and accept a new
version (the page that replaces every member screen until the owner does; renewal, support and
backups stay reachable from it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.renewal import tehran_day
from clubdesk.core.roles import Permission
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.protocol import TermsInfo
    from clubdesk.services import ClubServices


def terms_text(terms: TermsInfo) -> str:
    return i18n.localized(terms.text_fa, terms.text_en)


def terms_summary(terms: TermsInfo) -> str:
    return i18n.localized(terms.summary_fa, terms.summary_en)


class TermsDialog(Retranslating, QDialog):
    """The whole text of one version, to read (the first run's "Read the terms…")."""

    def __init__(self, terms: TermsInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("termsDialog")
        self.terms = terms
        self.title = heading(size=14)
        self.text = QTextBrowser(objectName="termsText")
        self.close_button = QPushButton(objectName="termsClose")
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.resize(720, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Terms of service"))
        self.title.setText(
            self.tr("Terms of service, version %1").replace("%1", i18n.number(self.terms.version))
        )
        self.text.setPlainText(terms_text(self.terms))
        self.close_button.setText(self.tr("Close"))


class TermsPanel(Retranslating, QWidget):
    """New terms wait for the owner: their text, what changed, the owner's name and Accept.
    ``accepted`` once the server recorded it; the other signals ask the window for renewal,
    support or backups, which work meanwhile."""

    accepted = Signal()
    renew_requested = Signal()
    support_requested = Signal()
    backups_requested = Signal()

    def __init__(
        self,
        licence: LicenceManager,
        club: ClubServices,
        owner_name: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("termsPanel")
        self.licence = licence
        self.club = club
        self.owner_name = owner_name
        self.terms: TermsInfo | None = None
        self.title = heading(size=20)
        self.title.setObjectName("termsTitle")
        self.intro = QLabel(objectName="termsIntro")
        self.intro.setWordWrap(True)
        self.summary = QLabel(objectName="termsSummary")
        self.summary.setWordWrap(True)
        self.text = QTextBrowser(objectName="termsText")
        self.name = QLineEdit(objectName="termsAcceptedBy")
        self.name_label = QLabel()
        self.accept_button = QPushButton(objectName="acceptTerms")
        self.accept_button.setDefault(True)
        self.accept_button.setEnabled(False)  # until the text is on screen
        self.accept_button.clicked.connect(self.accept)
        self.renew_button = QPushButton(objectName="termsRenew")
        self.renew_button.clicked.connect(self.renew_requested.emit)
        self.support_button = QPushButton(objectName="termsSupport")
        self.support_button.clicked.connect(self.support_requested.emit)
        self.backups_button = QPushButton(objectName="termsBackups")
        self.backups_button.clicked.connect(self.backups_requested.emit)
        self.message = MessageLabel()
        self.message.setObjectName("termsMessage")
        accept_row = QHBoxLayout()
        accept_row.addWidget(self.name_label)
        accept_row.addWidget(self.name, 1)
        accept_row.addWidget(self.accept_button)
        others = QHBoxLayout()
        for button in (self.renew_button, self.support_button, self.backups_button):
            others.addWidget(button)
        others.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addLayout(accept_row)
        layout.addWidget(self.message)
        layout.addLayout(others)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("New terms of service"))
        version = i18n.number(self.licence.terms_required or 0)
        self.intro.setText(
            self.tr("The vendor has published version %1 of ClubDesk's terms of service. The "
                    "owner reads and accepts them to go on; until then renewal, support and "
                    "backups work, and your members and points are kept.").replace("%1", version)
        )  # fmt: skip
        self.name_label.setText(self.tr("Accepted by"))
        self.name.setPlaceholderText(self.tr("the owner's name"))
        self.accept_button.setText(self.tr("I have read and accept them"))
        self.renew_button.setText(self.tr("Renew…"))
        self.support_button.setText(self.tr("Support…"))
        self.backups_button.setText(self.tr("Backups…"))
        self._render()

    def load(self) -> None:
        """The text of the current terms, from the server (in the background)."""
        if not self.name.text():
            self.name.setText(self.owner_name())
        self.message.hint(self.tr("Loading the terms…"))
        run_op(self, self.licence.fetch_terms, self.show_terms, self._failed)

    def show_terms(self, terms: TermsInfo | None) -> None:
        self.terms = terms
        self.message.clear_message()
        self._render()

    def _render(self) -> None:
        terms = self.terms
        self.accept_button.setEnabled(terms is not None)
        if terms is None:
            return
        day = i18n.day(tehran_day(terms.published_at))
        what = terms_summary(terms)
        self.summary.setText(
            self.tr("Published %1. What changed: %2").replace("%1", day).replace("%2", what)
            if what
            else self.tr("Published %1.").replace("%1", day)
        )
        self.text.setPlainText(terms_text(terms))

    def accept(self) -> None:
        terms, name = self.terms, " ".join(self.name.text().split())
        if terms is None:
            return
        if not name:
            self.message.error(self.tr("Type the name of the person accepting the terms."))
            self.name.setFocus()
            return
        club, licence = self.club, self.licence

        def work() -> None:
            club.require(Permission.CHANGE_SETTINGS)  # the owner, or a cashier with their PIN
            licence.accept_terms(terms.version, name)

        self.accept_button.setEnabled(False)
        self.message.hint(self.tr("Recording your acceptance…"))
        run_op(self, work, lambda _none: self._done(), self._failed)

    def _done(self) -> None:
        self.accept_button.setEnabled(True)
        self.message.success(self.tr("Thank you; the terms are accepted."))
        self.accepted.emit()

    def _failed(self, error: BaseException) -> None:
        self.accept_button.setEnabled(self.terms is not None)
        self.message.error(i18n.error_text(error))
        if getattr(error, "server_code", "") == "TERMS_OUTDATED":  # newer ones came meanwhile
            run_op(self, self.licence.fetch_terms, self.show_terms, lambda _error: None)
