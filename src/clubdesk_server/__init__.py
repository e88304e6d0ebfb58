"""clubdesk-server: the vendor's licence service (licences, device activations, signed leases)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("clubdesk")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"
