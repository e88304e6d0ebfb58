"""A fake Kavenegar: a real HTTP server on 127.0.0.1 that follows the published REST protocol.

Kavenegar cannot be reached from tests, so this stands in for it and the real adapter
(``clubdesk_server.sms.kavenegar``) runs over real HTTP (DESIGN.md, Testing).

    with FakeKavenegar() as kn:                          # a free port; always stopped
        sender = KavenegarSender(kn.url, kn.api_key, line=kn.line, timeout_s=5)
        sender.send_template("+989121234567", "clubdesk-expiry-reminder", {"token": "1405/09/14"})
        kn.messages[0].receptor == "09121234567"

Protocol (kavenegar.com/rest.html): GET or POST ``/v1/{API-KEY}/verify/lookup.json`` (receptor,
template, token, token2, token3, token10, token20), ``/v1/{API-KEY}/sms/send.json``
(receptor, sender, message) and ``/v1/{API-KEY}/sms/status.json`` (messageid, comma separated:
one entry per id with its delivery status, 100 for an id never given out) and
``/v1/{API-KEY}/sms/sendarray.json`` (receptor, sender, message: JSON arrays of one length),
``/v1/{API-KEY}/account/info.json`` (entries: remaincredit in rials, expiredate, type; each
accepted message costs ``cost_per_message`` of ``remaining``), parameters in the
query or a form body. Every answer is
``{"return": {"status", "message"}, "entries": [...]}`` with the HTTP status equal to
``return.status``. Statuses the fake gives: 200; 403 (invalid API key); 411 (invalid receptor);
412 (invalid sender); 413 (empty message); 418 (credit not enough, ``out_of_credit()``);
424 (template not found: not in ``templates``); 431 (token with a space, newline or underscore
in token/token2/token3); 406 (required parameter empty).

Faults for the next calls, in order: ``fail_next(status)`` answers that HTTP status with a
non-JSON body (a proxy's error page); ``delay_next(seconds)`` acts, then holds the answer back
(until the seconds pass, ``release()`` or the end of the ``with``), so a client with a shorter
timeout gives up while the message went out, as with a real slow provider.

Accepted messages are recorded (``messages``), each with a delivery status that the test
controls: ``delivery_default`` for new messages (5, sent to the operator), then
``set_delivery(messageid, status)``, e.g. 10 delivered or 11 undelivered; ``status_calls``
counts sms/status calls. Nothing is logged (paths hold the key).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from collections import deque
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from clubdesk_server.serving import bind_socket, serve_in_thread, url_of
from clubdesk_server.sms.outbox import DEFAULT_TEMPLATES

API_KEY = "4F2B6C6D2F7A4E6B71775A3D3D-fake-key"
LINE = "10004346"
_RECEPTOR = re.compile(r"09\d{9}")
_BAD_TOKEN = re.compile(r"[\s_]")

MESSAGES: dict[int, str] = {
    200: "تایید شد",
    403: "کد شناسائی API-Key معتبر نمیباشد",
    406: "پارامترهای اجباری خالی ارسال شده اند",
    411: "دریافت کننده نامعتبر است",
    412: "ارسال کننده نامعتبر است",
    413: "پیام خالی است و یا طول پیام بیش از حد مجاز میباشد",
    418: "اعتبار حساب شما کافی نیست",
    424: "الگوی مورد نظر پیدا نشد",
    431: "ساختار کد صحیح نمیباشد",
}
STATUS_TEXTS: dict[int, str] = {
    1: "در صف ارسال قرار دارد",
    2: "زمان بندی شده (ارسال در تاریخ معین)",
    4: "ارسال شده به مخابرات",
    5: "ارسال شده به مخابرات",
    6: "خطا در ارسال پیام",
    10: "رسیده به گیرنده",
    11: "نرسیده به گیرنده",
    13: "ارسال پیام از سمت کاربر لغو شده یا در ارسال آن مشکلی پیش آمده",
    14: "بلاک شده است",
    100: "شناسه پیامک نامعتبر است",
}


@dataclass(frozen=True)
class Received:
    """One accepted message."""

    method: str  # "verify/lookup", "sms/send" or "sms/sendarray"
    messageid: int
    receptor: str
    template: str | None = None
    tokens: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    sender: str | None = None


@dataclass(frozen=True)
class _Fault:
    kind: str  # "fail", "delay"
    status: int = 500
    seconds: float = 30.0


class FakeKavenegar:
    def __init__(self, api_key: str = API_KEY, line: str = LINE) -> None:
        self.api_key = api_key
        self.line = line
        self.templates: set[str] = set(DEFAULT_TEMPLATES.values())
        self.url = ""
        self.calls = 0  # every API call that reached the fake, faults included
        self.status_calls = 0  # sms/status calls among them
        self.delivery_default = 5  # the delivery status of a newly accepted message
        self._delivery: dict[int, int] = {}
        self._messages: list[Received] = []
        self._faults: deque[_Fault] = deque()
        self._credit = True
        self.remaining = 1_000_000  # rials: account/info.json's remaincredit
        self.cost_per_message = 120  # rials, as sms/send's "cost" entry
        self._ids = itertools.count(8_792_340)
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._stack: ExitStack | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeKavenegar:
        stack = ExitStack()
        try:
            sock = bind_socket("127.0.0.1", 0)
            self.url = url_of(sock)
            stack.enter_context(serve_in_thread(self._app(), sock))
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return self

    def stop(self) -> None:
        """Ends held answers first, so that stopping never waits for a delay."""
        self.release()
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    def __enter__(self) -> FakeKavenegar:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- controls -----------------------------------------------------------------------------

    @property
    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)

    def delivery(self, messageid: int) -> int:
        """The delivery status sms/status gives for ``messageid`` now."""
        with self._lock:
            return self._delivery.get(messageid, 100)

    def set_delivery(self, messageid: int, status: int) -> None:
        """What sms/status says of an accepted message from now on (10 delivered, ...)."""
        with self._lock:
            if messageid not in self._delivery:
                raise KeyError(f"no message {messageid} was accepted")
            self._delivery[messageid] = status

    def out_of_credit(self, empty: bool = True) -> None:
        """From now on every send answers 418 (``out_of_credit(False)`` tops the account up)."""
        with self._lock:
            self._credit = not empty

    def fail_next(self, status: int = 500, count: int = 1) -> None:
        with self._lock:
            self._faults.extend(_Fault("fail", status=status) for _ in range(count))

    def delay_next(self, seconds: float = 30.0, count: int = 1) -> None:
        with self._lock:
            self._faults.extend(_Fault("delay", seconds=seconds) for _ in range(count))

    def release(self) -> None:
        """Sends every held answer now; later ``delay_next`` calls hold again."""
        with self._lock:
            released, self._released = self._released, threading.Event()
        released.set()

    # -- the protocol ---------------------------------------------------------------------------

    def _app(self) -> FastAPI:
        app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

        @app.api_route("/v1/{api_key}/{group}/{method}.json", methods=["GET", "POST"])
        async def api(api_key: str, group: str, method: str, request: Request) -> Response:
            params = dict(request.query_params)
            if request.method == "POST":
                params |= dict(parse_qsl((await request.body()).decode("utf-8")))
            with self._lock:
                self.calls += 1
                self.status_calls += f"{group}/{method}" == "sms/status"
                fault = self._faults.popleft() if self._faults else None
                released = self._released
            if fault is not None and fault.kind == "fail":
                return PlainTextResponse("<html>502 Bad Gateway</html>", status_code=fault.status)
            answer = self._answer(api_key, f"{group}/{method}", params)
            if fault is not None and fault.kind == "delay":
                await asyncio.to_thread(released.wait, fault.seconds)
            return answer

        return app

    def _answer(self, api_key: str, method: str, params: dict[str, str]) -> JSONResponse:
        if api_key != self.api_key:
            return _reply(403)
        if method == "sms/status":
            return self._status(params)
        if method == "account/info":
            with self._lock:
                remaining = self.remaining
            info = {"remaincredit": remaining, "expiredate": 1893456000, "type": "Master"}
            return _reply(200, entries=info)
        if method == "sms/sendarray":
            return self._send_array(params)
        if method not in ("verify/lookup", "sms/send"):
            return _reply(404, "متد نامشخص است")
        receptor = params.get("receptor", "")
        if not receptor:
            return _reply(406)
        if not _RECEPTOR.fullmatch(receptor):
            return _reply(411)
        if method == "verify/lookup":
            template = params.get("template", "")
            tokens = {k: v for k, v in params.items() if k.startswith("token")}
            if not template or not tokens.get("token"):
                return _reply(406)
            if template not in self.templates:
                return _reply(424)
            if any(_BAD_TOKEN.search(tokens.get(k, "")) for k in ("token", "token2", "token3")):
                return _reply(431)
            received = Received(method, 0, receptor, template=template, tokens=tokens)
        else:
            text = params.get("message", "")
            if not text:
                return _reply(413)
            if params.get("sender") not in (None, self.line):
                return _reply(412)
            received = Received(method, 0, receptor, message=text, sender=params.get("sender"))
        with self._lock:
            if not self._credit or self.remaining < self.cost_per_message:
                return _reply(418)
            self.remaining -= self.cost_per_message
            received = replace(received, messageid=next(self._ids))
            self._messages.append(received)
            self._delivery[received.messageid] = self.delivery_default
        entry: dict[str, Any] = {
            "messageid": received.messageid,
            "message": received.message or "",
            "status": 5,
            "statustext": "ارسال به مخابرات",
            "sender": received.sender or self.line,
            "receptor": receptor,
            "date": int(time.time()),
            "cost": self.cost_per_message,
        }
        return _reply(200, entries=[entry])

    def _send_array(self, params: dict[str, str]) -> JSONResponse:
        """sms/sendarray: receptor, sender and message as JSON arrays of one length (419
        otherwise); the whole call is refused for one bad receptor (411) or empty text (413)."""
        try:
            receptors, senders, texts = (
                json.loads(params.get(name, "")) for name in ("receptor", "sender", "message")
            )
        except ValueError:
            return _reply(400)
        if not receptors or not all(isinstance(x, list) for x in (receptors, senders, texts)):
            return _reply(406)
        if not len(receptors) == len(senders) == len(texts):
            return _reply(419, "طول آرایه ها برابر نیست")
        if not all(_RECEPTOR.fullmatch(str(r)) for r in receptors):
            return _reply(411)
        if not all(texts):
            return _reply(413)
        if any(sender != self.line for sender in senders):
            return _reply(412)
        entries = []
        with self._lock:
            if not self._credit or self.remaining < self.cost_per_message * len(receptors):
                return _reply(418)
            for number, text, sender in zip(receptors, texts, senders, strict=True):
                received = Received("sms/sendarray", next(self._ids), str(number), message=text,
                                    sender=sender)  # fmt: skip
                self._messages.append(received)
                self._delivery[received.messageid] = self.delivery_default
                self.remaining -= self.cost_per_message
                entries.append(self._entry(received))
        return _reply(200, entries=entries)

    def _entry(self, received: Received) -> dict[str, Any]:
        return {
            "messageid": received.messageid,
            "message": received.message or "",
            "status": 5,
            "statustext": "ارسال به مخابرات",
            "sender": received.sender or self.line,
            "receptor": received.receptor,
            "date": int(time.time()),
            "cost": self.cost_per_message,
        }

    def _status(self, params: dict[str, str]) -> JSONResponse:
        raw = [part.strip() for part in params.get("messageid", "").split(",") if part.strip()]
        if not raw:
            return _reply(406)
        if len(raw) > 500:
            return _reply(414)
        entries = []
        with self._lock:
            for part in raw:
                known = self._delivery.get(int(part)) if part.isdigit() else None
                status = 100 if known is None else known
                messageid: int | str = int(part) if part.isdigit() else part
                entries.append(
                    {
                        "messageid": messageid,
                        "status": status,
                        "statustext": STATUS_TEXTS.get(status, ""),
                    }
                )
        return _reply(200, entries=entries)


def _reply(
    status: int,
    message: str | None = None,
    entries: list[dict[str, Any]] | dict[str, Any] | None = None,
) -> JSONResponse:
    body = {"return": {"status": status, "message": message or MESSAGES.get(status, "")}}
    return JSONResponse(body | {"entries": entries}, status_code=status)
