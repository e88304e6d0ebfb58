"""The HTTP API, one module of routes per area; ``ROUTERS`` is what the app serves."""

from fastapi import APIRouter

from clubdesk_server.api import (
    cloud_backups,
    licensing,
    member_sms,
    payments,
    releases,
    support,
    sync,
)
from clubdesk_server.api.common import ServerState, install_error_handlers, state_of

ROUTERS: tuple[APIRouter, ...] = (
    licensing.router,
    licensing.health,
    payments.router,
    support.router,
    sync.router,
    cloud_backups.router,
    member_sms.router,
    releases.router,
)

__all__ = ["ROUTERS", "ServerState", "install_error_handlers", "state_of"]
