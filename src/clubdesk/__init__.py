"""ClubDesk: the customer club at the shop counter."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata costs ~80 ms at start-up; only --version and About need it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clubdesk")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(name)
