"""The vendor as this build knows it (resources/vendor.json): support contact and the address of
the licence server, which also publishes releases and news."""

from __future__ import annotations

import json
import os
from functools import cache

from clubdesk.paths import resources_dir


@cache
def vendor_info() -> dict[str, str]:
    """Name, phone, email, website and ``licence_server``; empty if the file is missing."""
    try:
        return json.loads((resources_dir() / "vendor.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


SERVER_ENV = "CLUBDESK_LICENCE_SERVER"  # a demo or staging server instead of the vendor's


def default_server() -> str:
    """The licence server a new installation activates against (and asks for updates)."""
    return os.environ.get(SERVER_ENV) or vendor_info().get("licence_server", "")
