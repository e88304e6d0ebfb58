"""The HTTP API, one module of routes per area; ``ROUTERS`` is what the app serves."""

from fastapi import APIRouter

from clubdesk_server.api import licensing, payments, support
from clubdesk_server.api.common import ServerState, install_error_handlers, state_of

ROUTERS: tuple[APIRouter, ...] = (
    licensing.router,
    licensing.health,
    payments.router,
    support.router,
)

__all__ = ["ROUTERS", "ServerState", "install_error_handlers", "state_of"]
