"""The vendor's news (announcements and release notes), kept for reading offline.

The items and which of them were read live in DATA_DIR/news.json: read on this computer is read
for whoever works at it. ``refresh`` does HTTP (a worker or the scheduler calls it).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from clubdesk.core.files import write_atomic
from clubdesk.licensing.client import LicenceClient, ServerUnreachable
from clubdesk.protocol import NewsInfo

log = logging.getLogger(__name__)
NEWS_FILE = "news.json"
_ITEMS = TypeAdapter(list[NewsInfo])


@dataclass(frozen=True)
class NewsFeed:
    """The items newest first, and the ids read here."""

    items: list[NewsInfo] = field(default_factory=list)
    read: frozenset[str] = frozenset()

    def is_unread(self, item: NewsInfo) -> bool:
        return item.news_id not in self.read

    @property
    def unread(self) -> int:
        return sum(1 for item in self.items if self.is_unread(item))


class NewsService:
    def __init__(
        self,
        data_dir: Path,
        server: Callable[[], str],
        client_factory: Callable[[str], LicenceClient] = LicenceClient,
    ) -> None:
        self.path = Path(data_dir) / NEWS_FILE
        self.server = server
        self.client_factory = client_factory
        self._lock = threading.Lock()

    def feed(self) -> NewsFeed:
        """What was fetched last, read marks included (no network)."""
        with self._lock:
            return self._load()

    def refresh(self) -> NewsFeed:
        """Fetch the news now; items the vendor withdrew disappear, read marks stay."""
        url = self.server()
        if not url:
            raise ServerUnreachable()
        items = self.client_factory(url).news()
        with self._lock:
            known = self._load()
            ids = {item.news_id for item in items}
            feed = NewsFeed(items, frozenset(known.read & ids))
            self._save(feed)
        return feed

    def mark_read(self, news_ids: Iterable[str]) -> NewsFeed:
        with self._lock:
            known = self._load()
            feed = NewsFeed(known.items, known.read | frozenset(news_ids))
            self._save(feed)
        return feed

    def _load(self) -> NewsFeed:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return NewsFeed(_ITEMS.validate_python(data["items"]), frozenset(data["read"]))
        except FileNotFoundError:
            return NewsFeed()
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            log.warning("%s is unreadable; the news are fetched again", self.path)
            return NewsFeed()

    def _save(self, feed: NewsFeed) -> None:
        data = {
            "items": _ITEMS.dump_python(feed.items, mode="json"),
            "read": sorted(feed.read),
        }
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False))
        except OSError:
            log.warning("could not save the news", exc_info=True)
