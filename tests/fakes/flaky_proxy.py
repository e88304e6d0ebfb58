"""A flaky network between the app and the real server: an HTTP proxy on 127.0.0.1 that
forwards every request and, when told, drops or damages some.

The app's real HTTP client talks to it as if it were the server, so retries and resumes are
tested over real sockets, never by patching the app's code (DESIGN.md, Testing).

    with FlakyProxy(server.url) as proxy:
        client = LicenceClient(proxy.url)
        proxy.fail("POST", "/v1/sync/push", "drop_after")          # the next push: answer lost
        proxy.fail("GET", "/v1/sync/changes", "drop_before", skip=1)  # the second pull: lost
        proxy.fail("PUT", "/v1/cloud-backups/*/chunks/*", "corrupt")  # a byte flipped
        proxy.target = other_server.url                              # a restarted server

``fail(method, path, mode, skip=0, times=1)``: of the requests with this method whose path
(without the query) matches ``path`` (a glob: ``*`` for any part), let ``skip`` through, then
treat the next ``times`` by ``mode``:

- ``drop_before``: the request never reaches the server; the socket closes without an answer.
- ``drop_after``: the server handles it, but its answer is lost (the socket closes).
- ``corrupt``: the body reaches the server with its first byte flipped (headers unchanged).
- ``cut``: the answer's headers and half its body arrive, then the socket closes.

``broken`` lists the faults applied as ``(method, path, mode)``; ``log`` every request that
came through, as ``Passed(method, path, status, range)`` (status: the server's, or the mode).
"""

from __future__ import annotations

import fnmatch
import http.client
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

MODES = ("drop_before", "drop_after", "corrupt", "cut")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
              "trailer", "upgrade", "content-length"}  # fmt: skip


@dataclass(frozen=True)
class Passed:
    method: str
    path: str
    status: int | str
    range: str | None = None


@dataclass
class _Rule:
    method: str
    path: str
    mode: str
    skip: int
    times: int


class FlakyProxy:
    def __init__(self, target: str) -> None:
        self.target = target
        self.broken: list[tuple[str, str, str]] = []
        self.log: list[Passed] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FlakyProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def fail(self, method: str, path: str, mode: str, *, skip: int = 0, times: int = 1) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        with self._lock:
            self._rules.append(_Rule(method.upper(), path, mode, skip, times))

    def requests(self, method: str, path: str = "*") -> list[Passed]:
        """What came through with this method and a path matching the glob ``path``."""
        with self._lock:
            return [p for p in self.log if p.method == method and fnmatch.fnmatchcase(p.path, path)]

    def _fault(self, method: str, path: str) -> str | None:
        with self._lock:
            for rule in self._rules:
                if rule.times <= 0 or rule.method != method:
                    continue
                if not fnmatch.fnmatchcase(path, rule.path):
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    return None
                rule.times -= 1
                self.broken.append((method, path, rule.mode))
                return rule.mode
            return None

    def _record(self, passed: Passed) -> None:
        with self._lock:
            self.log.append(passed)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: tests read ``proxy.log``

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = urlsplit(self.path).path
                asked_range = self.headers.get("Range")
                fault = proxy._fault(self.command, path)
                if fault == "drop_before":
                    proxy._record(Passed(self.command, path, fault, asked_range))
                    self._hang_up()
                    return
                if fault == "corrupt" and body:
                    body = bytes([body[0] ^ 0xFF]) + body[1:]
                target = urlsplit(proxy.target)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream = http.client.HTTPConnection(
                    target.hostname or "127.0.0.1", target.port or 80, timeout=120
                )
                try:
                    upstream.request(self.command, self.path, body=body or None, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                    answer_headers = [
                        (k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP
                    ]
                finally:
                    upstream.close()
                if fault == "drop_after":
                    proxy._record(Passed(self.command, path, fault, asked_range))
                    self._hang_up()
                    return
                self.send_response(answer.status)
                for key, value in answer_headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if fault == "cut" and len(data) > 1:
                    self.wfile.write(data[: len(data) // 2])
                    proxy._record(Passed(self.command, path, fault, asked_range))
                    self._hang_up()
                    return
                self.wfile.write(data)
                proxy._record(Passed(self.command, path, answer.status, asked_range))

            def _hang_up(self) -> None:
                self.close_connection = True
                try:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _relay  # noqa: N815

        return Handler
