"""Which release is offered, and when one is required (core.updates)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clubdesk.core.updates import InvalidVersionNumber, decide, is_newer, parse_version
from clubdesk.protocol import ReleaseInfo


def release(version: str, min_supported: str = "0") -> ReleaseInfo:
    return ReleaseInfo(
        release_id="01a24ef8-bcec-76b8-bbd4-e67667dbb592",
        platform="linux",
        version=version,
        notes_fa="ن",
        notes_en="n",
        url="https://dl.example.ir/x.deb",
        sha256="0" * 64,
        min_supported=min_supported,
        published_at=datetime(2026, 12, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("candidate", "running", "newer"),
    [
        ("1.10.0", "1.9.3", True),  # numbers, not text
        ("1.2", "1.2.0", False),  # the same version written shorter
        ("1.2.1", "1.2.1", False),
        ("2.0.0", "2.0.0rc1", True),  # a release candidate is older than its release
        ("0.2.0", "0.0.0+unknown", True),  # a source tree never installed
        ("0.2.0", "not a version", True),
    ],
)
def test_versions_compare_as_numbers(candidate: str, running: str, newer: bool) -> None:
    assert is_newer(candidate, running) is newer


def test_a_release_is_offered_when_newer_and_required_below_the_minimum() -> None:
    nothing = decide(None, "1.0.0")
    assert (nothing.available, nothing.required, nothing.version) == (False, False, "")
    offered = decide(release("1.1.0", min_supported="0.9"), "1.0.0")
    assert (offered.available, offered.required) == (True, False)
    required = decide(release("1.1.0", min_supported="1.0.1"), "1.0.0")
    assert (required.available, required.required) == (True, True)
    # Already on the newest: nothing to do, whatever the minimum says.
    current = decide(release("1.1.0", min_supported="1.1.0"), "1.1.0")
    assert (current.available, current.required) == (False, False)


def test_a_bad_version_number_says_so() -> None:
    with pytest.raises(InvalidVersionNumber) as bad:
        parse_version("one.two")
    assert "one.two" in bad.value.render()
