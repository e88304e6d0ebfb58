"""The HTTP API, one module of routes per area; ``ROUTERS`` is what the app serves."""

from fastapi import APIRouter

from clubdesk_server.api import (
    cloud_backups,
    health,
    licensing,
    member_sms,
    payments,
    releases,
    support,
    sync,
    terms,
)
from clubdesk_server.api.common import ServerState, install_error_handlers, state_of

ROUTERS: tuple[APIRouter, ...] = (
    licensing.router,
    health.router,
    payments.router,
    support.router,
    sync.router,
    cloud_backups.router,
    member_sms.router,
    releases.router,
    terms.router,
)

__all__ = ["ROUTERS", "ServerState", "install_error_handlers", "state_of"]
