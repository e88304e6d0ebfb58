"""The FastAPI application: ``create_app(settings)``; the schema must already be at HEAD.

``clubdesk-server serve`` (and the tests' ``running_server``) migrate first, then create the app.
``jobs=True`` runs the scheduled jobs in the app's process while it serves (``serve``: in each
worker; ``jobs.run_claimed`` lets one of them run each scheduled moment).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import clubdesk_server
from clubdesk_server import api
from clubdesk_server.api.health import allowed_networks
from clubdesk_server.api.middleware import RequestMiddleware
from clubdesk_server.db import engine_for, session_factory
from clubdesk_server.keys import load_signer
from clubdesk_server.logs import register_settings_secrets
from clubdesk_server.payments.gateways import make_gateway
from clubdesk_server.ratelimit import RateLimiter, make_limiters
from clubdesk_server.settings import Settings


def create_app(
    settings: Settings,
    *,
    activation_limiter: RateLimiter | None = None,
    failed_key_limiter: RateLimiter | None = None,
    jobs: bool = False,
) -> FastAPI:
    register_settings_secrets(settings)  # never written to a log line from here on
    allowed_networks(settings.metrics_allow)  # a mistyped CLUBDESK_SERVER_METRICS_ALLOW stops here
    engine = engine_for(settings)
    sessions = session_factory(engine)
    limiters = make_limiters(settings)  # in Redis when settings.redis_url names one
    state = api.ServerState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        signer=load_signer(settings.keys_dir),
        activation_limiter=activation_limiter or limiters.activation,
        failed_key_limiter=failed_key_limiter or limiters.failed_key,
        gateway=make_gateway(settings, sessions),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runner = None
        if jobs:
            from clubdesk_server.jobs import JobRunner

            runner = JobRunner(settings, engine=engine).start()  # the app's pool, shared
        try:
            yield
        finally:
            if runner is not None:
                await asyncio.to_thread(runner.stop)  # waits for a job still running
        close_gateway = getattr(state.gateway, "close", None)  # Zarinpal's HTTP session
        if callable(close_gateway):
            close_gateway()
        limiters.close()
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
    # Request ids, the access log and the request metrics (api.middleware).
    app.add_middleware(RequestMiddleware)
    return app
