"""Running uvicorn in-process on a socket bound beforehand (so ``--port 0`` knows its port).

``NotifyingServer`` tells when it is ready to take requests (``ready`` event, ``on_started``
callback); ``serve_in_thread`` runs it on a background thread of this process, which the tests
use so that time-machine moves the server's clock with the test's.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

STARTUP_TIMEOUT_S = 60


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose
    # proto says TCP, and a proto of 0 costs every keep-alive response a 40 ms delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class NotifyingServer(uvicorn.Server):
    def __init__(
        self, config: uvicorn.Config, on_started: Callable[[], None] | None = None
    ) -> None:
        super().__init__(config)
        self.ready = threading.Event()  # set once started, or once starting has failed
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            if self.started and self._on_started is not None:
                self._on_started()
            self.ready.set()

    def run(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            super().run(sockets=sockets)
        finally:
            self.ready.set()


@contextmanager
def serve_in_thread(app: Any, sock: socket.socket, **config: Any) -> Iterator[NotifyingServer]:
    """Serve ``app`` on ``sock`` from a daemon thread; always stopped and joined on exit."""
    options: dict[str, Any] = {"log_config": None, "access_log": False, "lifespan": "on"}
    server = NotifyingServer(uvicorn.Config(app, **(options | config)))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="clubdesk-server", daemon=True
    )
    thread.start()
    try:
        if not server.ready.wait(STARTUP_TIMEOUT_S) or not server.started:
            raise RuntimeError("the licence server did not start; see the log above")
        yield server
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT_S)
        sock.close()
