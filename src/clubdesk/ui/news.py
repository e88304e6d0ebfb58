"""The News panel: the vendor's announcements and release notes, newest first, unread ones
marked. An item is read once it has been shown; the list works offline from what was fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.renewal import tehran_day
from clubdesk.news import NewsFeed
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.news import NewsService
    from clubdesk.protocol import NewsInfo

UNREAD_MARK = "●"


def title_of(item: NewsInfo) -> str:
    return i18n.localized(item.title_fa, item.title_en)


def body_of(item: NewsInfo) -> str:
    return i18n.localized(item.body_fa, item.body_en)


class NewsDialog(Retranslating, QDialog):
    """Emits ``changed(NewsFeed)`` whenever the unread count may have changed."""

    changed = Signal(object)

    def __init__(self, service: NewsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newsDialog")
        self.service = service
        self.feed = NewsFeed()
        self.title = heading(size=16)
        self.items = QListWidget(objectName="newsList")
        self.items.currentRowChanged.connect(self._show_item)
        self.item_title = heading(size=14)
        self.item_title.setObjectName("newsTitle")
        self.item_title.setWordWrap(True)
        self.item_date = QLabel(objectName="newsDate")
        self.body = QTextBrowser(objectName="newsBody")
        self.body.setOpenExternalLinks(True)
        self.empty = QLabel(objectName="newsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = MessageLabel()
        self.message.setObjectName("newsMessage")
        self.refresh_button = QPushButton(objectName="newsRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.read_all_button = QPushButton(objectName="newsReadAll")
        self.read_all_button.clicked.connect(self.mark_all_read)
        self.close_button = QPushButton(objectName="newsClose")
        self.close_button.clicked.connect(self.accept)
        reader = QWidget()
        reader_layout = QVBoxLayout(reader)
        reader_layout.addWidget(self.item_title)
        reader_layout.addWidget(self.item_date)
        reader_layout.addWidget(self.body, 1)
        self.split = QSplitter(objectName="newsSplit")
        self.split.addWidget(self.items)
        self.split.addWidget(reader)
        self.split.setSizes([300, 520])
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.read_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(860, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("News"))
        self.title.setText(self.tr("News from ClubDesk"))
        self.empty.setText(
            self.tr("No news yet. Announcements and new versions from ClubDesk appear here; "
                    "the list is checked a few times a day while the internet is connected.")
        )  # fmt: skip
        self.refresh_button.setText(self.tr("Check now"))
        self.read_all_button.setText(self.tr("Mark all as read"))
        self.close_button.setText(self.tr("Close"))
        self.show_feed(self.feed, keep_row=True)

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        """What was fetched last (no network), then a fresh look in the background."""
        self.show_feed(self.service.feed())
        self.refresh()

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.message.hint(self.tr("Checking for news…"))
        run_op(self, self.service.refresh, self._refreshed, self._failed)

    def _refreshed(self, feed: NewsFeed) -> None:
        self.refresh_button.setEnabled(True)
        self.message.clear_message()
        self.show_feed(feed, keep_row=True)

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.message.error(i18n.error_text(error))

    def show_feed(self, feed: NewsFeed, *, keep_row: bool = False) -> None:
        current = self.items.currentRow() if keep_row else -1
        self.feed = feed
        self.items.blockSignals(True)
        self.items.clear()
        for news in feed.items:
            unread = feed.is_unread(news)
            text = f"{UNREAD_MARK} {title_of(news)}" if unread else title_of(news)
            row = QListWidgetItem(f"{text}\n{i18n.day(tehran_day(news.published_at))}")
            font = QFont(self.items.font())
            font.setBold(unread)
            row.setFont(font)
            row.setData(Qt.ItemDataRole.UserRole, news.news_id)
            row.setToolTip(self.tr("Unread") if unread else "")
            self.items.addItem(row)
        self.items.blockSignals(False)
        has_items = bool(feed.items)
        self.empty.setVisible(not has_items)
        self.split.setVisible(has_items)
        self.read_all_button.setEnabled(feed.unread > 0)
        self.changed.emit(feed)
        if has_items:
            self.items.setCurrentRow(current if 0 <= current < len(feed.items) else 0)

    def _show_item(self, row: int) -> None:
        if not 0 <= row < len(self.feed.items):
            return
        news = self.feed.items[row]
        self.item_title.setText(title_of(news))
        self.item_date.setText(i18n.day(tehran_day(news.published_at)))
        self.body.setPlainText(body_of(news))
        if self.feed.is_unread(news):
            self._mark_read([news.news_id])

    def mark_all_read(self) -> None:
        self._mark_read([news.news_id for news in self.feed.items])

    def _mark_read(self, ids: list[str]) -> None:
        service = self.service

        def marked(saved: NewsFeed) -> None:
            """The items on screen stay; only which of them are read changes."""
            self.show_feed(NewsFeed(self.feed.items, saved.read), keep_row=True)

        run_op(self, lambda: service.mark_read(ids), marked, self._failed)
