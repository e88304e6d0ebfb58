"""Releases and news, for every app whether activated or not (no token).

    GET /v1/releases/latest?platform=windows|linux|macos   the newest release, or none
    GET /v1/news                                           the vendor's news, newest first

A locked app asks too: a version below the minimum supported must still find its update.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from clubdesk.protocol import API_PREFIX, LatestRelease, NewsInfo, Platform
from clubdesk_server import releases
from clubdesk_server.api.common import state_of
from clubdesk_server.db import transaction

router = APIRouter(prefix=API_PREFIX)
# Every app asks at start and daily: a proxy or CDN may answer for a few minutes.
CACHE = "public, max-age=300"


@router.get("/releases/latest", response_model=LatestRelease)
def latest_release(
    request: Request, response: Response, platform: Annotated[Platform, Query()]
) -> LatestRelease:
    response.headers["Cache-Control"] = CACHE
    with transaction(state_of(request).sessions) as session:
        found = releases.latest_release(session, platform)
        info = releases.release_info(found) if found is not None else None
    return LatestRelease(platform=platform, release=info)


@router.get("/news", response_model=list[NewsInfo])
def news(request: Request, response: Response) -> list[NewsInfo]:
    response.headers["Cache-Control"] = CACHE
    with transaction(state_of(request).sessions) as session:
        return [releases.news_info(item) for item in releases.current_news(session)]
