"""Releases and news: what the admin CLI publishes and ``/v1/releases`` and ``/v1/news`` serve.

Publishing a release also publishes a news item announcing it (the terms: updates are announced
in the system's news), unless the vendor says otherwise. A version number names one installer
for good: publishing it again is refused; a release found bad is withdrawn and a newer one
published.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from clubdesk.core.files import SHA256_HEX
from clubdesk.core.i18n import to_persian_digits
from clubdesk.core.updates import InvalidVersionNumber, parse_version
from clubdesk.protocol import PLATFORMS, NewsInfo, ReleaseInfo
from clubdesk_server.clock import iso
from clubdesk_server.errors import BadAdminInput, NotFound
from clubdesk_server.licensing import is_public_id
from clubdesk_server.models import NewsItem, Release

TITLE_MAX = 200
BODY_MAX = 20_000
NEWS_LIMIT = 50  # the newest items a client gets; older ones have had their day


def _version(text: str, field: str) -> str:
    try:
        return str(parse_version(text))
    except InvalidVersionNumber as exc:
        raise BadAdminInput(field=field, problem="a version number such as 1.4.2") from exc


def _required(text: str | None, field: str, max_len: int) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise BadAdminInput(field=field, problem="required")
    if len(cleaned) > max_len:
        raise BadAdminInput(field=field, problem=f"at most {max_len} characters")
    return cleaned


def _download_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise BadAdminInput(field="url", problem="an http(s) address the app can download from")
    if len(url.strip()) > 500:
        raise BadAdminInput(field="url", problem="at most 500 characters")
    return url.strip()


# -- releases -----------------------------------------------------------------------------------


def release_info(release: Release) -> ReleaseInfo:
    return ReleaseInfo(
        release_id=release.public_id,
        platform=release.platform,  # type: ignore[arg-type]
        version=release.version,
        notes_fa=release.notes_fa,
        notes_en=release.notes_en,
        url=release.url,
        sha256=release.sha256,
        size=release.size,
        min_supported=release.min_supported,
        published_at=release.published_at,
    )


def release_json(release: Release) -> dict[str, Any]:
    return release_info(release).model_dump(mode="json") | {
        "withdrawn_at": iso(release.withdrawn_at),
        "published_by": release.published_by,
    }


def publish_release(
    session: Session,
    now: datetime,
    actor: str,
    *,
    platform: str,
    version: str,
    url: str,
    sha256: str,
    notes_fa: str,
    notes_en: str,
    min_supported: str | None = None,
    size: int | None = None,
    announce: bool = True,
) -> Release:
    """A new release (and, with ``announce``, its news item). ``min_supported`` defaults to
    the current minimum of the platform: publishing never forces an update by accident."""
    if platform not in PLATFORMS:
        raise BadAdminInput(field="platform", problem="one of " + ", ".join(PLATFORMS))
    number = _version(version, "version")
    digest = sha256.strip().lower()
    if not SHA256_HEX.fullmatch(digest):
        raise BadAdminInput(field="sha256", problem="64 hexadecimal digits")
    if size is not None and size <= 0:
        raise BadAdminInput(field="size", problem="a positive number of bytes")
    current = latest_release(session, platform)
    floor = _version(min_supported, "min-supported") if min_supported else None
    if floor is None:  # the first release forces nobody
        floor = current.min_supported if current is not None else "0"
    if parse_version(floor) > parse_version(number):
        raise BadAdminInput(field="min-supported", problem=f"not above the version {number}")
    if current is not None and parse_version(number) <= parse_version(current.version):
        raise BadAdminInput(
            field="version",
            problem=f"must be above the newest {platform} release, {current.version}",
        )
    taken = session.scalars(
        select(Release.id).where(Release.platform == platform, Release.version == number)
    ).first()
    if taken is not None:
        raise BadAdminInput(
            field="version", problem=f"{number} was published for {platform} before; use a new one"
        )
    release = Release(
        platform=platform,
        version=number,
        url=_download_url(url),
        sha256=digest,
        size=size,
        notes_fa=_required(notes_fa, "notes-fa", BODY_MAX),
        notes_en=_required(notes_en, "notes-en", BODY_MAX),
        min_supported=floor,
        published_at=now,
        published_by=actor,
    )
    session.add(release)
    if announce:
        session.add(
            NewsItem(
                kind="release",
                title_fa=f"نسخهٔ {to_persian_digits(number)} کلاب‌دسک منتشر شد",
                title_en=f"ClubDesk {number} is available",
                body_fa=release.notes_fa,
                body_en=release.notes_en,
                release=release,
                published_at=now,
                published_by=actor,
            )
        )
    session.flush()
    return release


def latest_release(session: Session, platform: str) -> Release | None:
    """The newest release of ``platform`` not withdrawn (by version, not by date)."""
    found = session.scalars(
        select(Release).where(Release.platform == platform, Release.withdrawn_at.is_(None))
    ).all()
    return max(found, key=lambda r: parse_version(r.version), default=None)


def list_releases(session: Session, platform: str | None = None) -> list[Release]:
    query = select(Release).order_by(Release.published_at.desc(), Release.id.desc())
    if platform:
        query = query.where(Release.platform == platform)
    return list(session.scalars(query))


def _by_public_id(session: Session, model: Any, ref: str, what: str) -> Any:
    ref = ref.strip().lower()
    row = (
        session.scalars(select(model).where(model.public_id == ref)).one_or_none()
        if is_public_id(ref)
        else None
    )
    if row is None:
        raise NotFound(what=f"{what} {ref!r}")
    return row


def withdraw_release(session: Session, now: datetime, ref: str) -> Release:
    """No longer offered (its news item too); the previous release becomes the newest."""
    release: Release = _by_public_id(session, Release, ref, "Release")
    if release.withdrawn_at is None:
        release.withdrawn_at = now
        for item in session.scalars(select(NewsItem).where(NewsItem.release_id == release.id)):
            item.withdrawn_at = item.withdrawn_at or now
    return release


# -- news ---------------------------------------------------------------------------------------


def news_info(item: NewsItem) -> NewsInfo:
    return NewsInfo(
        news_id=item.public_id,
        kind=item.kind,  # type: ignore[arg-type]
        title_fa=item.title_fa,
        title_en=item.title_en,
        body_fa=item.body_fa,
        body_en=item.body_en,
        published_at=item.published_at,
        version=item.release.version if item.release is not None else None,
    )


def news_json(item: NewsItem) -> dict[str, Any]:
    return news_info(item).model_dump(mode="json") | {
        "withdrawn_at": iso(item.withdrawn_at),
        "published_by": item.published_by,
    }


def publish_news(
    session: Session,
    now: datetime,
    actor: str,
    *,
    title_fa: str,
    title_en: str,
    body_fa: str,
    body_en: str,
) -> NewsItem:
    item = NewsItem(
        kind="news",
        title_fa=_required(title_fa, "title-fa", TITLE_MAX),
        title_en=_required(title_en, "title-en", TITLE_MAX),
        body_fa=_required(body_fa, "body-fa", BODY_MAX),
        body_en=_required(body_en, "body-en", BODY_MAX),
        published_at=now,
        published_by=actor,
    )
    session.add(item)
    session.flush()
    return item


def current_news(session: Session, *, include_withdrawn: bool = False) -> list[NewsItem]:
    """The newest items first, at most ``NEWS_LIMIT``."""
    query = select(NewsItem).order_by(NewsItem.published_at.desc(), NewsItem.id.desc())
    if not include_withdrawn:
        query = query.where(NewsItem.withdrawn_at.is_(None))
    return list(session.scalars(query.limit(NEWS_LIMIT)))


def withdraw_news(session: Session, now: datetime, ref: str) -> NewsItem:
    item: NewsItem = _by_public_id(session, NewsItem, ref, "News item")
    item.withdrawn_at = item.withdrawn_at or now
    return item
