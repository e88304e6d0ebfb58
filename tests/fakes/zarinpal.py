"""A fake Zarinpal: a real HTTP server on 127.0.0.1 that follows the published v4 protocol.

Zarinpal cannot be reached from tests, so this stands in for it and the real adapter
(``clubdesk_server.payments.zarinpal``) runs over real HTTP (DESIGN.md, Testing).

    with FakeZarinpal() as zp:                           # a free port; always stopped
        gateway = ZarinpalGateway(zp.url, zp.merchant_id, timeout_s=5)
        started = gateway.request(amount_tomans=150_000, ...)
        callback = zp.pay(started.authority)             # the payer pays; or zp.cancel(...)
        # callback == "<callback_url>?Authority=A...&Status=OK": what the browser opens next
        gateway.verify(authority=started.authority, amount_tomans=150_000)   # 100, then 101
        zp.calls("request.json")[0].body["currency"] == "IRR"

Protocol (docs.zarinpal.com/paymentGateway): POST /pg/v4/payment/request.json and
/pg/v4/payment/verify.json answer ``{"data": {...}, "errors": []}`` or, on a refusal,
``{"data": [], "errors": {"code", "message", "validations"}}`` with HTTP ``error_status``.
GET /pg/StartPay/{authority} shows a page whose two links pay or cancel and redirect the
browser to the callback, as ``pay``/``cancel`` do for tests without a browser.

Codes: request -9 (bad fields), -10 (unknown merchant id), -11 (inactive merchant id), -41 (above
100,000,000 tomans); verify 100 (first time after paying), 101 (after that), -50 (another
amount), -51 (not paid or cancelled), -53 (another merchant's authority), -54 (unknown).

Faults for the next API calls (request.json / verify.json), queued in order:
``fail_next(status)`` answers that HTTP status without acting; ``refuse_next(code)`` answers
that Zarinpal error code without acting; ``garbage_next()`` answers 200 with a body that is not
JSON; ``delay_next(seconds)`` acts, then holds the answer back (until the seconds pass,
``release()`` or the end of the ``with``), so a client with a shorter timeout gives up while
the gateway has done the work, as a real slow gateway does.

Every call is recorded (``received``, ``calls``) and never logged: bodies hold the merchant id.
The import path is ``fakes.zarinpal`` (tests/ is on sys.path; bench scripts add ROOT/"tests").
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import secrets
import threading
import uuid
from collections import deque
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from html import escape
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from clubdesk_server.serving import bind_socket, serve_in_thread, url_of

DEFAULT_CARD_PAN = "502229******5995"
MIN_AMOUNT_RIALS = 1_000
MAX_AMOUNT_RIALS = 100_000_000 * 10  # -41: "Maximum amount is 100,000,000 tomans."
MAX_DESCRIPTION = 500
ERROR_STATUS = 422  # the HTTP status the fake gives refusals (configurable per fake)

# Zarinpal's own English words for the codes the fake answers (paymentGateway/errorList).
MESSAGES: dict[int, str] = {
    100: "Success",
    101: "Verified",
    -9: "Validation error",
    -10: "Terminal is not valid, please check merchant_id or ip address.",
    -11: "Terminal is not active, please contact our support team.",
    -12: "To many attempts, please try again later.",
    -41: "Maximum amount is 100,000,000 tomans.",
    -50: "Session is not valid, amounts values is not the same.",
    -51: "Session is not valid, session is not active paid try.",
    -52: "Oops!!, please contact our support team",
    -53: "Session is not this merchant_id session",
    -54: "Invalid authority.",
    -55: "Manual payment request not found.",
}

_MOBILE = re.compile(r"09\d{9}")


@dataclass(frozen=True)
class Received:
    """One HTTP call as the fake received it (``body``: parsed JSON, None if it was not)."""

    method: str
    path: str
    body: Any
    raw: bytes
    headers: dict[str, str]  # lower-case names


@dataclass
class FakePayment:
    authority: str
    merchant_id: str
    amount: int  # as sent (rials when currency is IRR)
    currency: str
    description: str
    callback_url: str
    metadata: dict[str, Any]
    state: str = "pending"  # pending -> paid -> verified, or pending -> cancelled
    card_pan: str | None = None
    ref_id: int | None = None


@dataclass
class _Fault:
    kind: str  # "fail", "garbage", "delay", "refuse"
    status: int = 500
    seconds: float = 0.0
    code: int = 0
    message: str | None = None


class _Refusal(Exception):
    """Zarinpal refuses the call with ``code`` (and, for -9, the fields it found invalid)."""

    def __init__(self, code: int, validations: list[dict[str, str]] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.validations = validations or []


class FakeZarinpal:
    """A Zarinpal v4 server for tests; a context manager that always stops its server."""

    def __init__(
        self,
        merchant_id: str | None = None,
        *,
        other_merchants: Iterable[str] = (),
        inactive_merchants: Iterable[str] = (),
        error_status: int = ERROR_STATUS,
    ) -> None:
        self.merchant_id = merchant_id or str(uuid.uuid4())
        # Other terminals that exist at this Zarinpal (their authorities give -53 to us).
        self.other_merchants = set(other_merchants)
        self.inactive_merchants = set(inactive_merchants)
        self.error_status = error_status
        self.url = ""  # "http://127.0.0.1:PORT" once started
        self._lock = threading.Lock()
        self._payments: dict[str, FakePayment] = {}
        self._received: list[Received] = []
        self._faults: deque[_Fault] = deque()
        self._next_ref_id = 201_000_001
        self._released = threading.Event()
        self._stopping = False
        self._stack: ExitStack | None = None
        self.app = self._make_app()

    # -- lifecycle --

    def start(self) -> FakeZarinpal:
        if self._stack is not None:
            raise RuntimeError("the fake Zarinpal is already running")
        stack = ExitStack()
        try:
            sock = bind_socket("127.0.0.1", 0)
            self.url = url_of(sock)
            stack.enter_context(serve_in_thread(self.app, sock))
        except BaseException:
            stack.close()
            raise
        with self._lock:
            self._stopping = False
            self._released = threading.Event()
        self._stack = stack
        return self

    def stop(self) -> None:
        """Ends held answers first, so that stopping never waits for a delay."""
        stack, self._stack = self._stack, None
        self._stopping = True
        self.release()
        if stack is not None:
            stack.close()

    def __enter__(self) -> FakeZarinpal:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what tests look at --

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def calls(self, path_suffix: str) -> list[Received]:
        """The calls whose path ends with ``path_suffix`` ("request.json", "verify.json")."""
        return [call for call in self.received if call.path.endswith(path_suffix)]

    def payment(self, authority: str) -> FakePayment:
        with self._lock:
            return self._payments[authority]

    @property
    def payments(self) -> list[FakePayment]:
        with self._lock:
            return list(self._payments.values())

    def pay_url(self, authority: str) -> str:
        return f"{self.url}/pg/StartPay/{authority}"

    # -- the payer, at the gateway --

    def pay(self, authority: str, card_pan: str = DEFAULT_CARD_PAN) -> str:
        """The payer pays; returns the callback URL the browser is sent to (Status=OK)."""
        with self._lock:
            payment = self._pending(authority)
            payment.state = "paid"
            payment.card_pan = card_pan
            payment.ref_id = self._next_ref_id
            self._next_ref_id += 1
        return _callback(payment.callback_url, authority, "OK")

    def cancel(self, authority: str) -> str:
        """The payer cancels; returns the callback URL the browser is sent to (Status=NOK)."""
        with self._lock:
            payment = self._pending(authority)
            payment.state = "cancelled"
        return _callback(payment.callback_url, authority, "NOK")

    def _pending(self, authority: str) -> FakePayment:
        payment = self._payments.get(authority)
        if payment is None:
            raise KeyError(f"no payment {authority} at the fake Zarinpal")
        if payment.state != "pending":
            raise ValueError(f"payment {authority} is {payment.state}, not pending")
        return payment

    # -- faults --

    def fail_next(self, status: int = 500, count: int = 1) -> None:
        """The next ``count`` API calls answer ``status`` (with a text body) and do nothing."""
        self._queue(_Fault("fail", status=status), count)

    def garbage_next(self, count: int = 1) -> None:
        """The next ``count`` API calls answer 200 with a body that is not JSON."""
        self._queue(_Fault("garbage"), count)

    def refuse_next(self, code: int, message: str | None = None, count: int = 1) -> None:
        """The next ``count`` API calls are refused with Zarinpal ``code`` and do nothing.

        For codes the fake does not reach by itself (-12 too many attempts, -52 unexpected,
        -55, ...); ``message`` replaces Zarinpal's words (to test what the adapter repeats).
        """
        self._queue(_Fault("refuse", code=code, message=message), count)

    def delay_next(self, seconds: float = 30.0, count: int = 1) -> None:
        """The next ``count`` API calls act, then answer after ``seconds`` (or ``release()``)."""
        self._queue(_Fault("delay", seconds=seconds), count)

    def release(self) -> None:
        """Sends every held answer now; later ``delay_next`` calls hold again."""
        with self._lock:
            released, self._released = self._released, threading.Event()
            if self._stopping:
                self._released.set()
        released.set()

    def _queue(self, fault: _Fault, count: int) -> None:
        with self._lock:
            self._faults.extend([fault] * count)

    # -- the server --

    def _make_app(self) -> FastAPI:
        app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

        @app.post("/pg/v4/payment/request.json")
        async def request_json(request: Request) -> Response:
            return await self._api(request, self._request)

        @app.post("/pg/v4/payment/verify.json")
        async def verify_json(request: Request) -> Response:
            return await self._api(request, self._verify)

        @app.get("/pg/StartPay/{authority}")
        async def start_pay(authority: str) -> Response:
            with self._lock:
                payment = self._payments.get(authority)
            if payment is None or payment.state != "pending":
                return HTMLResponse("<p>Invalid or used authority.</p>", status_code=404)
            amount = f"{payment.amount:,} {escape(payment.currency)}"
            return HTMLResponse(
                "<!doctype html><meta charset='utf-8'><title>Fake Zarinpal</title>"
                f"<p>{escape(payment.description)}: {amount}</p>"
                f"<p><a id='pay' href='/_fake/pay/{escape(authority)}'>Pay</a> "
                f"<a id='cancel' href='/_fake/cancel/{escape(authority)}'>Cancel</a></p>"
            )

        @app.get("/_fake/{action}/{authority}")
        async def browser_action(action: str, authority: str) -> Response:
            act = {"pay": self.pay, "cancel": self.cancel}.get(action)
            if act is None:
                return HTMLResponse("<p>Unknown action.</p>", status_code=404)
            try:
                target = act(authority)
            except (KeyError, ValueError):
                return HTMLResponse("<p>Invalid or used authority.</p>", status_code=404)
            return RedirectResponse(target, status_code=303)

        return app

    async def _api(self, request: Request, handle: Any) -> Response:
        raw = await request.body()
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = None
        headers = {name.lower(): value for name, value in request.headers.items()}
        with self._lock:
            self._received.append(Received(request.method, request.url.path, body, raw, headers))
            fault = self._faults.popleft() if self._faults else None
            released = self._released
        if fault is not None and fault.kind == "fail":
            return Response("upstream trouble", status_code=fault.status, media_type="text/plain")
        if fault is not None and fault.kind == "garbage":
            return Response("<html>502 Bad Gateway</html>{", media_type="application/json")
        if fault is not None and fault.kind == "refuse":
            return self._refusal(fault.code, fault.message)
        try:
            with self._lock:
                data = handle(body)
            answer: Response = JSONResponse({"data": data, "errors": []})
        except _Refusal as refusal:
            answer = self._refusal(refusal.code, None, refusal.validations)
        if fault is not None and fault.kind == "delay":
            await asyncio.to_thread(released.wait, fault.seconds)
        return answer

    def _refusal(
        self, code: int, message: str | None, validations: list[dict[str, str]] | None = None
    ) -> Response:
        error = {
            "code": code,
            "message": message if message is not None else MESSAGES.get(code, "Error"),
            "validations": validations or [],
        }
        return JSONResponse({"data": [], "errors": error}, status_code=self.error_status)

    def _merchant(self, body: Any) -> str:
        if not isinstance(body, dict):
            raise _Refusal(-9, [{"body": "The body must be a JSON object."}])
        merchant_id = body.get("merchant_id")
        if not isinstance(merchant_id, str) or len(merchant_id) != 36:
            raise _Refusal(-9, [{"merchant_id": "The merchant id must be 36 characters."}])
        if merchant_id in self.inactive_merchants:
            raise _Refusal(-11)
        if merchant_id != self.merchant_id and merchant_id not in self.other_merchants:
            raise _Refusal(-10)
        return merchant_id

    def _request(self, body: Any) -> dict[str, Any]:
        merchant_id = self._merchant(body)
        invalid: list[dict[str, str]] = []
        amount = body.get("amount")
        currency = body.get("currency", "IRR")
        if currency not in ("IRR", "IRT"):
            invalid.append({"currency": "The currency must be IRR or IRT."})
        if isinstance(amount, bool) or not isinstance(amount, int):
            invalid.append({"amount": "The amount must be an integer."})
            rials = 0
        else:
            rials = amount * 10 if currency == "IRT" else amount
            if rials < MIN_AMOUNT_RIALS:
                invalid.append({"amount": "The amount must be at least 1000 rials."})
        description = body.get("description")
        if not isinstance(description, str) or not description.strip():
            invalid.append({"description": "The description field is required."})
        elif len(description) > MAX_DESCRIPTION:
            invalid.append({"description": "The description may not exceed 500 characters."})
        callback_url = body.get("callback_url")
        if not isinstance(callback_url, str) or not re.match(r"https?://[^\s]+$", callback_url):
            invalid.append({"callback_url": "The callback url must be a valid URL."})
        metadata = body.get("metadata", {})
        if not isinstance(metadata, dict):
            invalid.append({"metadata": "The metadata must be an object."})
            metadata = {}
        mobile = metadata.get("mobile")
        if mobile is not None and not (isinstance(mobile, str) and _MOBILE.fullmatch(mobile)):
            invalid.append({"metadata.mobile": "The mobile must be 09xxxxxxxxx."})
        order_id = metadata.get("order_id")
        if order_id is not None and not isinstance(order_id, str):
            invalid.append({"metadata.order_id": "The order id must be a string."})
        if invalid:
            raise _Refusal(-9, invalid)
        if rials > MAX_AMOUNT_RIALS:
            raise _Refusal(-41)
        authority = "A" + f"{secrets.randbelow(10**35):035d}"
        self._payments[authority] = FakePayment(
            authority=authority,
            merchant_id=merchant_id,
            amount=amount,
            currency=currency,
            description=description,
            callback_url=callback_url,
            metadata=dict(metadata),
        )
        return {
            "code": 100,
            "message": MESSAGES[100],
            "authority": authority,
            "fee_type": "Merchant",
            "fee": 0,
        }

    def _verify(self, body: Any) -> dict[str, Any]:
        merchant_id = self._merchant(body)
        authority = body.get("authority")
        amount = body.get("amount")
        invalid: list[dict[str, str]] = []
        if not isinstance(authority, str) or not authority:
            invalid.append({"authority": "The authority field is required."})
        if isinstance(amount, bool) or not isinstance(amount, int):
            invalid.append({"amount": "The amount must be an integer."})
        if invalid:
            raise _Refusal(-9, invalid)
        payment = self._payments.get(authority)
        if payment is None:
            raise _Refusal(-54)
        if payment.merchant_id != merchant_id:
            raise _Refusal(-53)
        if amount != payment.amount:
            raise _Refusal(-50)
        if payment.state in ("pending", "cancelled"):
            raise _Refusal(-51)
        code = 100 if payment.state == "paid" else 101
        payment.state = "verified"
        pan = payment.card_pan or ""
        return {
            "code": code,
            "message": MESSAGES[code],
            "card_hash": hashlib.sha256(pan.encode()).hexdigest().upper(),
            "card_pan": pan,
            "ref_id": payment.ref_id,
            "fee_type": "Merchant",
            "fee": 0,
        }


def _callback(callback_url: str, authority: str, status: str) -> str:
    """``callback_url`` with Authority and Status added to whatever query it has."""
    parts = urlsplit(callback_url)
    query = [*parse_qsl(parts.query, keep_blank_values=True)]
    query += [("Authority", authority), ("Status", status)]
    return urlunsplit(parts._replace(query=urlencode(query)))
