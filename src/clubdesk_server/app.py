"""The FastAPI application: ``create_app(settings)``; the schema must already be at HEAD.

``clubdesk-server serve`` (and the tests' ``running_server``) migrate first, then create the app.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import clubdesk_server
from clubdesk_server import api
from clubdesk_server.db import make_engine, session_factory
from clubdesk_server.keys import load_signer
from clubdesk_server.payments.gateways import make_gateway
from clubdesk_server.ratelimit import RateLimiter, TokenBucketLimiter
from clubdesk_server.settings import Settings


def create_app(
    settings: Settings,
    *,
    activation_limiter: RateLimiter | None = None,
    failed_key_limiter: RateLimiter | None = None,
) -> FastAPI:
    engine = make_engine(settings.database_url)
    sessions = session_factory(engine)
    state = api.ServerState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        signer=load_signer(settings.keys_dir),
        activation_limiter=activation_limiter or TokenBucketLimiter(settings.activation_limit),
        failed_key_limiter=failed_key_limiter or TokenBucketLimiter(settings.failed_key_limit),
        gateway=make_gateway(settings, sessions),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        close_gateway = getattr(state.gateway, "close", None)  # Zarinpal's HTTP session
        if callable(close_gateway):
            close_gateway()
        engine.dispose()

    app = FastAPI(
        title="ClubDesk licence server",
        version=clubdesk_server.__version__,
        lifespan=lifespan,
    )
    app.state.clubdesk = state
    api.install_error_handlers(app)
    for router in api.ROUTERS:
        app.include_router(router)
    return app
