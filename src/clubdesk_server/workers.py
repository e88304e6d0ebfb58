"""``clubdesk-server serve --workers N``: N worker processes serving one socket.

The parent (``serve``) checks the settings, migrates the database once, binds the socket, then
starts the workers with uvicorn's process supervisor (``uvicorn.supervisors.Multiprocess``),
which restarts a worker that dies, stops them all on SIGINT/SIGTERM, replaces them one by one on
SIGHUP (after ``keys rotate``, say) and adds or removes one on SIGTTIN/SIGTTOU. Workers are new
interpreters (spawned, not forked): each builds its own app from the parent's settings
(``worker_app``, pickled to it with the uvicorn config), with its own database pool, its own
Redis client and its own scheduler. A worker never migrates.

``serve`` prints its ready line once *every* worker has finished starting (its app built, its
jobs scheduled, the socket served): ``Supervisor`` asks each one over uvicorn's pipe. A worker
that dies while starting stops the start, and ``serve`` exits with an error.

Nothing a request needs is kept in one worker's memory only: licences, payments (the sandbox
gateway's too), jobs' runs and everything else are in the database, rate limits in Redis, and
the support pages' sign-in is an HMAC cookie any worker checks. Each answer names the process
that made it (``X-ClubDesk-Worker: pid``), for operators following a request across workers.

``app_from_env`` is the same app for another process manager
(``uvicorn --factory clubdesk_server.workers:app_from_env``), its settings from the environment.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from socket import socket
from typing import Any

from fastapi import FastAPI
from uvicorn import Config
from uvicorn.supervisors.multiprocess import Multiprocess

from clubdesk_server.app import create_app
from clubdesk_server.settings import Settings

log = logging.getLogger(__name__)

WORKER_HEADER = "X-ClubDesk-Worker"
STARTUP_TIMEOUT_S = 120  # every worker imports the server and connects before it is ready
_READY_POLL_S = 0.05


class WorkerHeader:
    """ASGI middleware: every HTTP answer carries ``X-ClubDesk-Worker: <pid>``."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.header = (WORKER_HEADER.lower().encode(), str(os.getpid()).encode())

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_header(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        await self.app(scope, receive, with_header)


def worker_app(settings: Settings, *, jobs: bool) -> FastAPI:
    """A worker's app (uvicorn calls this in the worker, ``factory=True``)."""
    root = logging.getLogger()
    if not root.handlers:  # uvicorn's own log config leaves the server's loggers without one
        logging.basicConfig(
            level=logging.INFO,
            stream=sys.stderr,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    app = create_app(settings, jobs=jobs)
    app.add_middleware(WorkerHeader)
    log.info("worker %d: app built%s", os.getpid(), ", jobs scheduled at startup" if jobs else "")
    return app


def app_from_env() -> FastAPI:
    """The app with ``Settings.from_env()`` and the scheduled jobs, for an outside process
    manager; the database must be migrated first (``clubdesk-server db upgrade``)."""
    return worker_app(Settings.from_env(), jobs=True)


class Supervisor(Multiprocess):
    """uvicorn's supervisor, calling ``on_ready`` once every worker has started serving."""

    def __init__(self, config: Config, sockets: list[socket], on_ready: Callable[[], None]):
        super().__init__(config, sockets)
        self._on_ready = on_ready
        self.started = False

    def run(self) -> None:
        log.info("starting %d workers (parent process %d)", self.processes_num, os.getpid())
        self.init_processes()
        self.started = self._all_ready()
        if self.started:
            self._on_ready()
        else:
            self.should_exit.set()
        while not self.should_exit.wait(0.5):
            self.handle_signals()
            self.keep_subprocess_alive()
        self.terminate_all()
        self.join_all()
        log.info("workers stopped (parent process %d)", os.getpid())

    def _all_ready(self) -> bool:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        for worker in self.processes:
            while not worker.is_ready(timeout=1):
                self.handle_signals()
                if self.should_exit.is_set():
                    return False
                if not worker.process.is_alive():
                    log.error("worker %s died while starting: see its messages above", worker.pid)
                    return False
                if time.monotonic() > deadline:
                    log.error("worker %s did not start within %d s", worker.pid, STARTUP_TIMEOUT_S)
                    return False
                self.should_exit.wait(_READY_POLL_S)
        return True


def serve_workers(config: Config, sock: socket, on_ready: Callable[[], None]) -> bool:
    """Run ``config.workers`` workers on ``sock`` until SIGINT/SIGTERM; False if they never
    all started. ``config.app`` is a picklable factory (``functools.partial(worker_app, ...)``).
    """
    supervisor = Supervisor(config, [sock], on_ready)
    try:
        supervisor.run()
    finally:
        sock.close()
    return supervisor.started
