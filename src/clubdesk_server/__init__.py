"""clubdesk-server: the vendor's licence service (licences, device activations, signed leases)."""

from __future__ import annotations

# One version for both distributions: "clubdesk" in a checkout, "clubdesk-server" on a server.
from clubdesk import __version__ as __version__
