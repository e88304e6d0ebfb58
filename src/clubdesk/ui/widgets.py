"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


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
