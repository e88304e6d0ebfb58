"""App updates: ask the vendor's server for the newest release, download its installer and
check its hash before anything offers to run it.

Every method may do HTTP, so the UI runs them on a worker (``ui.ops.run_op``) and the scheduler
on its thread. The last answer is kept in DATA_DIR/updates/state.json, so a version the vendor no
longer supports is held back at the next start even without a connection.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from pydantic import ValidationError

import clubdesk
from clubdesk.core.files import write_atomic
from clubdesk.core.updates import (
    DownloadFailed,
    DownloadTampered,
    UpdateDecision,
    current_platform,
    decide,
)
from clubdesk.licensing.client import LicenceClient, ServerUnreachable
from clubdesk.protocol import ReleaseInfo

log = logging.getLogger(__name__)
FOLDER = "updates"
STATE_FILE = "state.json"
DOWNLOAD_TIMEOUT = (10, 60)
BLOCK = 256 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Downloaded:
    """An installer whose SHA-256 is the one the vendor published."""

    release: ReleaseInfo
    path: Path


def installer_name(release: ReleaseInfo) -> str:
    """The download's file name from its URL (safe on every file system), or a made-up one."""
    name = unquote(Path(urlsplit(release.url).path).name)
    name = _SAFE_NAME.sub("-", name).strip(".-")
    return name or f"ClubDesk-{release.version}-{release.platform}-setup"


class UpdateService:
    """Updates of this installation; ``server()`` names the vendor's server to ask."""

    def __init__(
        self,
        data_dir: Path,
        server: Callable[[], str],
        *,
        version: str | None = None,
        platform: str | None = None,
        client_factory: Callable[[str], LicenceClient] = LicenceClient,
    ) -> None:
        self.folder = Path(data_dir) / FOLDER
        self.server = server
        self.version = version or clubdesk.__version__
        self.platform = platform or current_platform()
        self.client_factory = client_factory

    # ------------------------------------------------------------------ checking

    def check(self) -> UpdateDecision:
        """Ask the server now; the answer is remembered for starts without a connection."""
        url = self.server()
        if not url:
            raise ServerUnreachable()
        latest = self.client_factory(url).latest_release(self.platform)
        self._remember(latest.release)
        return decide(latest.release, self.version)

    def last_known(self) -> UpdateDecision:
        """The last answer the server gave (nothing if it was never asked)."""
        try:
            data = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
            release = ReleaseInfo.model_validate(data["release"]) if data.get("release") else None
        except (OSError, ValueError, KeyError, ValidationError):
            release = None
        return decide(release, self.version)

    def _remember(self, release: ReleaseInfo | None) -> None:
        state = {"release": release.model_dump(mode="json") if release is not None else None}
        try:
            write_atomic(self.folder / STATE_FILE, json.dumps(state))
        except OSError:
            log.warning("could not remember the update check", exc_info=True)

    # ---------------------------------------------------------------- downloading

    def download(
        self, release: ReleaseInfo, progress: Callable[[int, int], None] | None = None
    ) -> Downloaded:
        """Fetch the installer into DATA_DIR/updates and check its SHA-256 (and size). A file
        that does not match is deleted and ``DownloadTampered`` raised: it is never offered.
        ``progress(done, total)`` follows the download and may raise ``Cancelled``; a broken
        connection or a missing file is ``DownloadFailed``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / installer_name(release)
        partial = target.with_name(target.name + ".part")
        try:
            digest, size = self._fetch(release, partial, progress)
            if digest != release.sha256 or (release.size is not None and size != release.size):
                log.warning(
                    "update %s refused: sha256 %s, %d bytes; published %s, %s bytes",
                    release.version, digest, size, release.sha256, release.size,
                )  # fmt: skip
                raise DownloadTampered(version=release.version)
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self._forget_others(target)
        return Downloaded(release, target)

    def _fetch(
        self, release: ReleaseInfo, partial: Path, progress: Callable[[int, int], None] | None
    ) -> tuple[str, int]:
        digest = hashlib.sha256()
        done = 0
        try:
            with requests.get(release.url, stream=True, timeout=DOWNLOAD_TIMEOUT) as response:
                if response.status_code >= 400:
                    raise DownloadFailed(status=response.status_code)
                total = release.size or int(response.headers.get("Content-Length") or 0)
                with partial.open("wb") as handle:
                    for block in response.iter_content(BLOCK):
                        handle.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
                    handle.flush()
                    os.fsync(handle.fileno())
        except requests.RequestException as exc:
            raise DownloadFailed(status=0) from exc
        return digest.hexdigest(), done

    def _forget_others(self, keep: Path) -> None:
        """Installers of earlier downloads: only the newest is worth its disk space."""
        for old in self.folder.iterdir():
            if old != keep and old.name != STATE_FILE and old.is_file():
                with contextlib.suppress(OSError):
                    old.unlink()
