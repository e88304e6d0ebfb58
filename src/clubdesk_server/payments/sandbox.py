"""The sandbox gateway: a pretend bank served by this server, for demos and tests.

It keeps its side of each payment in ``sandbox_payments`` (so every worker of the server sees
it) and answers ``verify`` the way Zarinpal does: 100 the first time a paid payment is
verified, 101 after that, -51 not paid (waiting or cancelled), -50 another amount, -54 an
unknown authority. Its pay page (``/sandbox/pay/{authority}``, routes in ``api/payments.py``)
lets the payer press Pay or Cancel and sends the browser back to the callback URL as Zarinpal
does (``?Authority=...&Status=OK|NOK``).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clubdesk_server.clock import clock
from clubdesk_server.db import transaction
from clubdesk_server.models import SandboxPayment
from clubdesk_server.payments.gateway import GatewayError, Started, Verification, VerifyOutcome

PAY_PATH = "/sandbox/pay/"
_AUTHORITY_ALPHABET = string.ascii_lowercase + string.digits

# Zarinpal's verify codes, which the sandbox mimics.
VERIFIED = 100
ALREADY_VERIFIED = 101
AMOUNT_MISMATCH = -50
NOT_PAID = -51
UNKNOWN_AUTHORITY = -54


def new_authority() -> str:
    """36 characters like Zarinpal's (``S`` + 35 random), so column sizes are exercised."""
    return "S" + "".join(secrets.choice(_AUTHORITY_ALPHABET) for _ in range(35))


def masked_pan() -> str:
    return f"603799******{secrets.randbelow(10_000):04d}"


@dataclass(frozen=True)
class SandboxView:
    """What the pay page shows."""

    authority: str
    amount_tomans: int
    description: str
    state: str  # waiting, paid, cancelled


class SandboxGateway:
    """``Gateway`` for demos; ``base_url`` None: the pay page is on the callback's own origin."""

    name = "sandbox"

    def __init__(self, sessions: sessionmaker[Session], base_url: str | None = None) -> None:
        self.sessions = sessions
        self.base_url = base_url.rstrip("/") if base_url else None

    # -- the Gateway interface ---------------------------------------------------------------

    def request(
        self,
        *,
        amount_tomans: int,
        description: str,
        callback_url: str,
        mobile: str | None,
        order_id: str,
    ) -> Started:
        if amount_tomans <= 0:
            raise GatewayError("amount must be positive", code=-9, retryable=False)
        authority = new_authority()
        with transaction(self.sessions) as session:
            session.add(
                SandboxPayment(
                    authority=authority,
                    amount_rials=amount_tomans * 10,
                    description=description[:255],
                    callback_url=callback_url,
                    state="waiting",
                    created_at=clock(),
                )
            )
        return Started(authority=authority, pay_url=self.pay_url(authority, callback_url))

    def verify(self, *, authority: str, amount_tomans: int) -> Verification:
        with transaction(self.sessions) as session:
            row = _row(session, authority, lock=True)
            if row is None:
                return Verification(VerifyOutcome.INVALID_AUTHORITY, UNKNOWN_AUTHORITY)
            if row.state != "paid":
                return Verification(VerifyOutcome.NOT_PAID, NOT_PAID, message=row.state)
            if row.amount_rials != amount_tomans * 10:
                return Verification(VerifyOutcome.AMOUNT_MISMATCH, AMOUNT_MISMATCH)
            outcome, code = (
                (VerifyOutcome.ALREADY_VERIFIED, ALREADY_VERIFIED)
                if row.verified
                else (VerifyOutcome.VERIFIED, VERIFIED)
            )
            row.verified = True
            return Verification(outcome, code, ref_id=row.ref_id, card_pan=row.card_pan)

    # -- the pay page ------------------------------------------------------------------------

    def pay_url(self, authority: str, callback_url: str) -> str:
        if self.base_url:
            base = self.base_url
        else:
            parts = urlsplit(callback_url)
            base = f"{parts.scheme}://{parts.netloc}"
        return f"{base}{PAY_PATH}{authority}"

    def view(self, authority: str) -> SandboxView | None:
        with transaction(self.sessions) as session:
            row = _row(session, authority)
            if row is None:
                return None
            return SandboxView(row.authority, row.amount_rials // 10, row.description, row.state)

    def choose(self, authority: str, *, pay: bool) -> str | None:
        """The payer pressed Pay or Cancel: where to send the browser (None: unknown).

        Only the first choice counts, as at a bank: pressing again (or Back and the other
        button) redirects with the outcome already recorded.
        """
        with transaction(self.sessions) as session:
            row = _row(session, authority, lock=True)
            if row is None:
                return None
            if row.state == "waiting":
                if pay:
                    row.state = "paid"
                    row.ref_id = str(secrets.randbelow(9 * 10**11) + 10**11)
                    row.card_pan = masked_pan()
                else:
                    row.state = "cancelled"
            status = "OK" if row.state == "paid" else "NOK"
            separator = "&" if "?" in row.callback_url else "?"
            query = urlencode({"Authority": row.authority, "Status": status})
            return f"{row.callback_url}{separator}{query}"


def _row(session: Session, authority: str, *, lock: bool = False) -> SandboxPayment | None:
    query = select(SandboxPayment).where(SandboxPayment.authority == authority)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()
