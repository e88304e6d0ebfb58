"""Small widgets shared by the screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QWidget,
)

from clubdesk.ui import i18n


class Retranslating:
    """Mixin (list it before the Qt class): re-render texts when the language changes.

    Qt sends LanguageChange to every widget when a translator is installed or removed; a
    widget that re-renders from what it holds keeps whatever the cashier typed.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def save_cancel_buttons() -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setObjectName("save")
    save.setDefault(True)
    return buttons


def retranslate_buttons(buttons: QDialogButtonBox) -> None:
    """Our own words for Save/Cancel, so they follow the app's language, not the system's."""
    texts = {
        QDialogButtonBox.StandardButton.Save: QCoreApplication.translate("buttons", "Save"),
        QDialogButtonBox.StandardButton.Cancel: QCoreApplication.translate("buttons", "Cancel"),
    }
    for which, text in texts.items():
        button = buttons.button(which)
        if button is not None:
            button.setText(text)


class MessageLabel(QLabel):
    """An inline message under a field: empty, a hint (grey) or an error (red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.clear_message()

    def error(self, text: str) -> None:
        self._show(text, "error", "color: #b3261e;")

    def hint(self, text: str) -> None:
        self._show(text, "hint", "color: #5f6368;")

    def success(self, text: str) -> None:
        self._show(text, "success", "color: #1e7d32; font-weight: bold;")

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.setVisible(False)

    def _show(self, text: str, kind: str, style: str) -> None:
        self.kind = kind
        self.setStyleSheet(style)
        self.setText(text)
        self.setVisible(bool(text))


def heading(text: str = "", size: int = 16, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    return label


class ClickableLabel(QLabel):
    """A label that acts as a link-like button (the licence indicator opens renewal)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, **kwargs: object) -> None:
        super().__init__(parent, **kwargs)  # type: ignore[arg-type]
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CountLink(Retranslating, ClickableLabel):
    """A count as a link-like pill ("2 unread news"), hidden while it is zero; subclasses
    say the words."""

    def __init__(self, parent: QWidget | None = None, **kwargs: object) -> None:
        super().__init__(parent, **kwargs)
        self.unread = 0
        self.setStyleSheet(
            "color: #0b57d0; background: #e8f0fe; font-weight: bold;"
            " border-radius: 10px; padding: 2px 10px;"
        )
        self.retranslate()

    def set_unread(self, unread: int) -> None:
        self.unread = unread
        self.retranslate()

    def words(self) -> tuple[str, str]:
        """The text (with %1 for the count) and the tooltip."""
        raise NotImplementedError

    def retranslate(self) -> None:
        text, tip = self.words()
        self.setText(text.replace("%1", i18n.number(self.unread)))
        self.setToolTip(tip)
        self.setVisible(self.unread > 0)


class SupportNews(CountLink):
    """ "1 new reply from support": the status bar and the lock screen show one each, and a
    click opens Support."""

    def words(self) -> tuple[str, str]:
        text = (
            self.tr("%1 new reply from support")
            if self.unread == 1
            else self.tr("%1 new replies from support")
        )
        return text, self.tr("Open Support to read it")


class VendorNews(CountLink):
    """ "2 unread news" from the vendor in the status bar; a click opens the News panel."""

    def words(self) -> tuple[str, str]:
        text = self.tr("%1 unread news item") if self.unread == 1 else self.tr("%1 unread news")
        return text, self.tr("Announcements and updates from ClubDesk")


def table(columns: int, name: str) -> QTableWidget:
    """A read-only, whole-row-selecting table as the renewal and support lists use."""
    widget = QTableWidget(0, columns, objectName=name)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.verticalHeader().setVisible(False)
    widget.setAlternatingRowColors(True)
    widget.setWordWrap(False)
    header = widget.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return widget


def select_row(view: QTableWidget, row: int) -> None:
    """Select a whole row. ``QTableView.selectRow`` finds no column at the viewport's edge in
    right-to-left layouts and silently selects nothing, so select through the model."""
    index = view.model().index(row, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.selectionModel().setCurrentIndex(index, flags)


def ask(dialog: Any, box: QMessageBox) -> bool:
    """Show the question ``box`` (kept in ``dialog.confirm_box`` meanwhile, so tests can
    answer it); True when its default button was pressed."""
    yes = box.defaultButton()
    dialog.confirm_box = box
    box.exec()
    dialog.confirm_box = None
    return box.clickedButton() is yes
