"""App updates: which release is newer, when one must be installed, and the installer's hash.

The vendor publishes a release per platform with its installer's SHA-256 and the oldest version
still supported. The app offers a newer version and forces one only when it is itself below
that minimum; a downloaded file is offered for installation only when its hash matches.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from clubdesk.core.errors import ClubDeskError, ExitCode, InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from clubdesk.protocol import ReleaseInfo


class InvalidVersionNumber(InvalidInput):
    code = "INVALID_VERSION"
    default_message = QT_TRANSLATE_NOOP("errors", "{version!r} is not a version number.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Write it as numbers with dots, for example 1.4.2.")


class DownloadTampered(ClubDeskError):
    """The downloaded installer is not the file the vendor published: it is deleted."""

    code = "UPDATE_HASH_MISMATCH"
    exit_code = ExitCode.VERIFICATION_FAILED
    default_message = QT_TRANSLATE_NOOP(
        "errors",
        "The downloaded installer does not match the one the vendor published, so it was "
        "deleted and not run.",
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors",
        "The file was damaged or changed on the way. Try again later; if it happens again, "
        "contact support.",
    )


class DownloadFailed(ClubDeskError):
    code = "UPDATE_DOWNLOAD_FAILED"
    default_message = QT_TRANSLATE_NOOP("errors", "The update could not be downloaded.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors",
        "Check the internet connection and try again; ClubDesk keeps working meanwhile.",
    )


def parse_version(text: str) -> Version:
    try:
        return Version(text.strip())
    except InvalidVersion as exc:
        raise InvalidVersionNumber(version=text) from exc


def is_newer(candidate: str, running: str) -> bool:
    """Whether ``candidate`` is a later version than ``running`` (an unreadable running
    version, as in a source tree never installed, is older than every release)."""
    try:
        current = Version(running)
    except InvalidVersion:
        return True
    return parse_version(candidate) > current


def current_platform() -> str:
    """The release channel this program installs from: windows, macos or linux."""
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


@dataclass(frozen=True)
class UpdateDecision:
    """What the app does about the newest release: nothing, offer it, or require it."""

    release: ReleaseInfo | None
    available: bool  # a newer version exists
    required: bool  # this version is below the minimum supported one

    @property
    def version(self) -> str:
        return self.release.version if self.release is not None else ""


def decide(release: ReleaseInfo | None, running: str) -> UpdateDecision:
    if release is None:
        return UpdateDecision(None, available=False, required=False)
    available = is_newer(release.version, running)
    required = available and is_newer(release.min_supported, running)
    return UpdateDecision(release, available=available, required=required)
