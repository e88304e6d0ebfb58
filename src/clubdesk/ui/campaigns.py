"""SMS to members: a segment builder, a template editor with variable buttons, the live count
and cost shown before anything is sent, a confirmation naming them, progress with Cancel,
past campaigns with their delivery counts, and a member's own messages by phone number.

Counting runs in the background a moment after the last change; an answer that arrives after
a newer change is dropped. Queueing is one transaction (Cancel queues nothing), and the
campaign id made when the confirmation opens makes a second click harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core import sms
from clubdesk.core.errors import Cancelled, ClubDeskError
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import new_public_id
from clubdesk.core.money import parse_whole
from clubdesk.messaging.service import CampaignPreview, CampaignView, MessageView, SendReport
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.sms_settings import follow_script
from clubdesk.ui.widgets import MessageLabel, Retranslating, ask, heading, table

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

CONTEXT = "CampaignsDialog"
PREVIEW_DELAY_MS = 350
JALALI_MONTHS = (
    QT_TRANSLATE_NOOP("CampaignsDialog", "Farvardin"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Ordibehesht"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Khordad"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Tir"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Mordad"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Shahrivar"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Mehr"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Aban"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Azar"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Dey"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Bahman"),
    QT_TRANSLATE_NOOP("CampaignsDialog", "Esfand"),
)
STATUS_TEXT = {
    "queued": QT_TRANSLATE_NOOP("CampaignsDialog", "waiting to send"),
    "sending": QT_TRANSLATE_NOOP("CampaignsDialog", "sending"),
    "sent": QT_TRANSLATE_NOOP("CampaignsDialog", "sent"),
    "delivered": QT_TRANSLATE_NOOP("CampaignsDialog", "delivered"),
    "undelivered": QT_TRANSLATE_NOOP("CampaignsDialog", "not delivered"),
    "failed": QT_TRANSLATE_NOOP("CampaignsDialog", "failed"),
    "unknown": QT_TRANSLATE_NOOP("CampaignsDialog", "unknown (interrupted; not resent)"),
}
KIND_TEXT = {
    "service": QT_TRANSLATE_NOOP("CampaignsDialog", "service"),
    "marketing": QT_TRANSLATE_NOOP("CampaignsDialog", "campaign"),
}


def tr(text: str) -> str:
    return i18n.translate(CONTEXT, text)


class DaysFilter(QWidget):
    """A check box that switches a number of days on."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(objectName=f"{name}On")
        self.days = QSpinBox(objectName=f"{name}Days", minimum=1, maximum=sms.MAX_DAYS)
        self.days.setValue(30)
        self.days.setEnabled(False)
        self.check.toggled.connect(self.days.setEnabled)
        self.check.toggled.connect(self.changed)
        self.days.valueChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.days)
        layout.addStretch(1)

    def value(self) -> int | None:
        return self.days.value() if self.check.isChecked() else None


class CampaignsDialog(Retranslating, QDialog):
    queued = Signal(object)  # the CampaignView

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignsDialog")
        self.club = club
        self.service = club.sms()
        self.preview: CampaignPreview | None = None
        self.report: SendReport | None = None
        self.confirm_box: QMessageBox | None = None
        self.draft_id = new_public_id()
        self._generation = 0
        self.tabs = QTabWidget(objectName="campaignTabs")
        self.tabs.addTab(self._compose_tab(), "")
        self.tabs.addTab(self._history_tab(), "")
        self.tabs.addTab(self._member_tab(), "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.close_button = QPushButton(objectName="closeCampaigns")
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.confirm_and_send)
        self.resize(820, 680)
        self.retranslate()
        self.schedule_preview()

    # ------------------------------------------------------------------------------- layout

    def _compose_tab(self) -> QWidget:
        page = QWidget(objectName="composeTab")
        self.title = heading()
        self.name = QLineEdit(objectName="campaignName")
        self.segment_box = QGroupBox(objectName="segmentBox")
        self.levels = QLineEdit(objectName="segmentLevels")
        self.visited = DaysFilter("segmentVisited")
        self.absent = DaysFilter("segmentAbsent")
        self.expiring = DaysFilter("segmentExpiring")
        self.spent_min = QLineEdit(objectName="segmentSpentMin")
        self.spent_max = QLineEdit(objectName="segmentSpentMax")
        self.birthday = QComboBox(objectName="segmentBirthday")
        self.birthday.addItems([""] * 13)
        segment_form = QFormLayout(self.segment_box)
        self.segment_labels = [QLabel() for _ in range(7)]
        for label, field in zip(
            self.segment_labels,
            (self.levels, self.visited, self.absent, self.spent_min, self.spent_max,
             self.birthday, self.expiring),
            strict=True,
        ):  # fmt: skip
            segment_form.addRow(label, field)
        self.template = QPlainTextEdit(objectName="campaignTemplate")
        self.template.setTabChangesFocus(True)
        self.template.setFixedHeight(90)
        follow_script(self.template)
        self.variable_buttons: list[QPushButton] = []
        variables = QHBoxLayout()
        for name in ("name", "points", "balance", "credit", "level", "shop"):
            button = QPushButton("{" + name + "}", objectName=f"insert_{name}")
            button.setToolTip(name)
            button.clicked.connect(lambda _c=False, n=name: self.insert_variable(n))
            variables.addWidget(button)
            self.variable_buttons.append(button)
        variables.addStretch(1)
        self.summary = QLabel(objectName="campaignSummary", wordWrap=True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.sample = QLabel(objectName="campaignSample", wordWrap=True)
        self.sample.setStyleSheet("color: #5f6368;")
        self.message = MessageLabel()
        self.send_button = QPushButton(objectName="campaignSend")
        self.send_button.clicked.connect(self.confirm_and_send)
        self.send_button.setEnabled(False)
        self.settings_button = QPushButton(objectName="campaignSmsSettings")
        self.settings_button.clicked.connect(self.open_settings)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        buttons.addWidget(self.settings_button)
        form = QFormLayout()
        self.name_label, self.template_label = QLabel(), QLabel()
        form.addRow(self.name_label, self.name)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.segment_box)
        layout.addWidget(self.template_label)
        layout.addWidget(self.template)
        layout.addLayout(variables)
        for widget in (self.summary, self.sample, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        for edit in (self.levels, self.spent_min, self.spent_max):
            edit.textChanged.connect(self.schedule_preview)
        for days in (self.visited, self.absent, self.expiring):
            days.changed.connect(self.schedule_preview)
        self.birthday.currentIndexChanged.connect(self.schedule_preview)
        self.template.textChanged.connect(self.schedule_preview)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget(objectName="historyTab")
        self.history = table(7, "campaignHistory")
        self.history_empty = QLabel(objectName="historyEmpty", wordWrap=True)
        self.queue_label = QLabel(objectName="queueLabel", wordWrap=True)
        self.send_now = QPushButton(objectName="sendPendingNow")
        self.send_now.clicked.connect(self.send_pending)
        row = QHBoxLayout()
        row.addWidget(self.queue_label, 1)
        row.addWidget(self.send_now)
        layout = QVBoxLayout(page)
        layout.addWidget(self.history)
        layout.addWidget(self.history_empty)
        layout.addLayout(row)
        return page

    def _member_tab(self) -> QWidget:
        page = QWidget(objectName="memberTab")
        self.member_phone = QLineEdit(objectName="memberPhone")
        self.member_phone.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.member_phone.returnPressed.connect(self.show_member_messages)
        self.member_button = QPushButton(objectName="memberShow")
        self.member_button.clicked.connect(self.show_member_messages)
        self.member_messages = table(4, "memberMessages")
        self.member_hint = MessageLabel()
        row = QHBoxLayout()
        row.addWidget(self.member_phone, 1)
        row.addWidget(self.member_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.member_hint)
        layout.addWidget(self.member_messages)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("SMS to members"))
        self.tabs.setTabText(0, self.tr("New campaign"))
        self.tabs.setTabText(1, self.tr("Past campaigns"))
        self.tabs.setTabText(2, self.tr("A member's messages"))
        self.title.setText(self.tr("SMS to members"))
        self.name_label.setText(self.tr("Campaign name:"))
        self.name.setPlaceholderText(self.tr("e.g. Nowruz greetings"))
        self.segment_box.setTitle(
            self.tr("Who receives it (only members who agreed to receive SMS)")
        )
        texts = (
            self.tr("Levels:"),
            self.tr("Visited in the last:"),
            self.tr("No visit in the last:"),
            self.tr("Spent at least (tomans):"),
            self.tr("Spent at most (tomans):"),
            self.tr("Birthday month:"),
            self.tr("Points expiring within:"),
        )
        for label, text in zip(self.segment_labels, texts, strict=True):
            label.setText(text)
        self.levels.setPlaceholderText(self.tr("all levels; or e.g. gold, silver"))
        for days in (self.visited, self.absent, self.expiring):
            days.days.setSuffix(self.tr(" days"))
        self.birthday.setItemText(0, self.tr("any month"))
        for index, month in enumerate(JALALI_MONTHS, start=1):
            self.birthday.setItemText(index, tr(month))
        self.template_label.setText(self.tr("Message (click a variable to insert it):"))
        self.template.setPlaceholderText(
            self.tr("e.g. {name}, you have {points} points at {shop}. See you soon!")
        )
        self.send_button.setText(self.tr("Send… (Ctrl+Enter)"))
        self.settings_button.setText(self.tr("SMS settings…"))
        self.close_button.setText(self.tr("Close"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("Campaign"), self.tr("Date"), self.tr("Recipients"), self.tr("Delivered"),
             self.tr("Waiting or sent"), self.tr("Failed"), self.tr("Cost (rials)")]
        )  # fmt: skip
        self.history_empty.setText(
            self.tr("No campaign has been sent yet. Write one in the New campaign tab.")
        )
        self.send_now.setText(self.tr("Send waiting messages now"))
        self.member_phone.setPlaceholderText(self.tr("The member's mobile number"))
        self.member_button.setText(self.tr("Show messages"))
        self.member_messages.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Kind"), self.tr("Status"), self.tr("Text")]
        )
        self._render_preview()

    # ------------------------------------------------------------------------------ compose

    def insert_variable(self, name: str) -> None:
        self.template.insertPlainText("{" + name + "}")
        self.template.setFocus()

    def segment(self) -> sms.Segment:
        """The filter as chosen; InvalidSegment says what is wrong."""
        levels = tuple(part.strip() for part in self.levels.text().split(",") if part.strip())
        month = self.birthday.currentIndex() or None
        return sms.Segment(
            levels=levels,
            visited_within_days=self.visited.value(),
            not_visited_for_days=self.absent.value(),
            spent_at_least=self._tomans(self.spent_min),
            spent_at_most=self._tomans(self.spent_max),
            birthday_month=month,
            points_expiring_within_days=self.expiring.value(),
        )

    def _tomans(self, edit: QLineEdit) -> int | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return parse_whole(text)
        except ValueError:
            raise sms.InvalidSegment(
                QT_TRANSLATE_NOOP("errors", "'{entered}' is not a whole number of tomans."),
                entered=text,
            ) from None

    def schedule_preview(self) -> None:
        self._generation += 1
        self.send_button.setEnabled(False)
        self.timer.start()

    def refresh_preview(self) -> None:
        generation = self._generation
        template = self.template.toPlainText()
        if not template.strip():
            self.preview = None
            self.message.hint(self.tr("Write the message to see how many members get it."))
            self._render_preview()
            return
        try:
            segment = self.segment()
        except ClubDeskError as error:
            self._preview_failed(generation, error)
            return
        run_op(
            self,
            lambda: self.service.preview_campaign(template, segment),
            lambda found: self._preview_done(generation, found),
            lambda error: self._preview_failed(generation, error),
        )

    def _preview_done(self, generation: int, found: CampaignPreview) -> None:
        if generation != self._generation:
            return  # the owner changed something since: a newer count is on its way
        self.preview = found
        self.message.clear_message()
        self._render_preview()

    def _preview_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.preview = None
        self._render_preview()
        self.message.error(i18n.error_text(error))

    def _render_preview(self) -> None:
        found = self.preview
        if found is None:
            self.summary.setText("")
            self.sample.setText("")
            self.send_button.setEnabled(False)
            return
        self.summary.setText(self._figures(found))
        self.sample.setText(
            self.tr("The first member receives: %1").replace("%1", found.sample)
            if found.sample
            else self.tr("No member matches: widen the filter.")
        )
        self.send_button.setEnabled(found.recipients > 0)

    def _figures(self, found: CampaignPreview) -> str:
        text = self.tr("%1 members, about %2 SMS parts, about %3 rials")
        for marker, value in (("%1", found.recipients), ("%2", found.parts), ("%3", found.cost)):
            text = text.replace(marker, i18n.number(value))
        return text

    # --------------------------------------------------------------------------------- send

    def confirm_and_send(self) -> None:
        found = self.preview
        if found is None or found.recipients == 0 or not self.send_button.isEnabled():
            return
        question = self.tr("Send to %1 members, about %2 parts, about %3 rials?")
        for marker, value in (("%1", found.recipients), ("%2", found.parts), ("%3", found.cost)):
            question = question.replace(marker, i18n.number(value))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Send the campaign"), question,
                          parent=self)  # fmt: skip
        yes = box.addButton(self.tr("Send"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        if not ask(self, box):
            return
        name = self.name.text().strip() or self.tr("Campaign")
        template = self.template.toPlainText()
        try:
            segment = self.segment()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return
        self.send_button.setEnabled(False)
        campaign_id = self.draft_id
        run_op(
            self,
            lambda progress: self._queue_and_send(name, template, segment, campaign_id, progress),
            self._sent,
            self._send_failed,
            progress_label=self.tr("Queuing and sending the messages…"),
        )

    def _queue_and_send(
        self, name: str, template: str, segment: sms.Segment, campaign_id: str, progress: Any
    ) -> tuple[CampaignView, SendReport]:
        """Queue all (one transaction; Cancel queues nothing), then send what the line takes;
        Cancel while sending leaves the rest queued for the minute job."""
        campaign = self.service.send_campaign(
            name, template, segment, progress.update, campaign_id=campaign_id
        )
        try:
            report = self.service.send_pending(progress.update)
        except Cancelled:  # queued already: the minute job sends the rest
            report = SendReport(waiting=self.service.queue_counts().get("queued", 0))
        except ClubDeskError as error:
            report = SendReport(problem=error, waiting=campaign.recipients)
        return campaign, report

    def _sent(self, result: tuple[CampaignView, SendReport]) -> None:
        campaign, report = result
        self.report = report
        self.draft_id = new_public_id()  # the next Send is a new campaign
        text = self.tr("Queued for %1 members: %2 sent, %3 waiting.")
        for marker, value in (
            ("%1", campaign.recipients), ("%2", report.sent), ("%3", report.waiting)
        ):  # fmt: skip
            text = text.replace(marker, i18n.number(value))
        if report.problem is not None:
            self.message.error(f"{text} {i18n.error_text(report.problem)}")
        else:
            self.message.success(text)
        self.queued.emit(campaign)
        self.schedule_preview()

    def _send_failed(self, error: BaseException) -> None:
        self.send_button.setEnabled(self.preview is not None)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Cancelled: no message was queued."))
            return
        self.message.error(i18n.error_text(error))

    def send_pending(self) -> None:
        self.send_now.setEnabled(False)
        run_op(self, lambda: self.service.send_pending(), self._pending_done, self._pending_failed)

    def _pending_done(self, report: SendReport) -> None:
        self.send_now.setEnabled(True)
        self.report = report
        self.load_history()
        if report.problem is not None:
            self.queue_label.setText(i18n.error_text(report.problem))

    def _pending_failed(self, error: BaseException) -> None:
        self.send_now.setEnabled(True)
        self.queue_label.setText(i18n.error_text(error))

    def open_settings(self) -> None:
        from clubdesk.ui.sms_settings import SmsSettingsDialog

        self.settings_dialog = SmsSettingsDialog(self.club, self)
        self.settings_dialog.accepted.connect(self.schedule_preview)
        self.settings_dialog.open()

    # ------------------------------------------------------------------------------ history

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.load_history()
        elif index == 2:
            self.member_phone.setFocus()

    def load_history(self) -> None:
        run_op(
            self,
            lambda: (self.service.campaigns(), self.service.queue_counts()),
            self._show_history,
        )

    def _show_history(self, result: tuple[list[CampaignView], dict[str, int]]) -> None:
        campaigns, queue = result
        self.history.setRowCount(len(campaigns))
        for row, campaign in enumerate(campaigns):
            cells = (
                campaign.name,
                i18n.moment(campaign.created_at),
                i18n.number(campaign.recipients),
                i18n.number(campaign.count("delivered")),
                i18n.number(campaign.count("queued", "sending", "sent")),
                i18n.number(campaign.count("failed", "undelivered", "unknown")),
                i18n.number(campaign.cost),
            )
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history_empty.setVisible(not campaigns)
        waiting = queue.get("queued", 0)
        self.queue_label.setText(
            self.tr("%1 messages wait to be sent.").replace("%1", i18n.number(waiting))
            if waiting
            else self.tr("No message is waiting.")
        )

    def show_member_messages(self) -> None:
        phone = self.member_phone.text()

        def load() -> list[MessageView]:
            member = self.club.member_by_phone(phone)
            return self.service.messages_for(member.id)

        run_op(self, load, self._show_member_messages, self._member_failed)

    def _show_member_messages(self, messages: list[MessageView]) -> None:
        self.member_hint.clear_message()
        self.member_messages.setRowCount(len(messages))
        for row, message in enumerate(messages):
            status = tr(STATUS_TEXT.get(message.status, message.status))
            if message.error and message.status in ("failed", "undelivered", "unknown"):
                status = f"{status}: {message.error}"
            cells = (
                i18n.moment(message.created_at),
                message.campaign or tr(KIND_TEXT.get(message.kind, message.kind)),
                status,
                message.text,
            )
            for column, text in enumerate(cells):
                self.member_messages.setItem(row, column, QTableWidgetItem(text))
        if not messages:
            self.member_hint.hint(self.tr("No SMS has been sent to this member."))

    def _member_failed(self, error: BaseException) -> None:
        self.member_messages.setRowCount(0)
        self.member_hint.error(i18n.error_text(error))
