"""ClubDesk: the customer club at the shop counter."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata costs ~80 ms at start-up; only --version and About need it.
    from importlib.metadata import PackageNotFoundError, version

    # The app is the "clubdesk" distribution; a vendor's server has these Qt-free modules from
    # the "clubdesk-server" one (scripts/build_server_wheel.py), built from the same version.
    for distribution in ("clubdesk", "clubdesk-server"):
        try:
            return version(distribution)
        except PackageNotFoundError:
            continue
    return "0.0.0+unknown"  # a source tree that was never installed


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(name)
