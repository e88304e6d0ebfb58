"""The vendor's SMS line: clubdesk-server sends through its own Kavenegar account and charges
the licence's SMS credit per part. The device's bearer token names the licence.

Each message carries its public id as an idempotency key, so a batch sent again after a
timeout is answered from the server's record and never sent twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import requests

from clubdesk.core.errors import ClubDeskError
from clubdesk.core.sms import SmsOutOfCredit, SmsUnreachable
from clubdesk.messaging.line import Outcome, Outgoing, held
from clubdesk.protocol import (
    API_PREFIX,
    MEMBER_SMS_BATCH_LIMIT,
    MemberSms,
    MemberSmsBatch,
    MemberSmsCredit,
    MemberSmsSent,
    MemberSmsStatuses,
)

if TYPE_CHECKING:
    from clubdesk.licensing.client import LicenceClient

TIMEOUT = (5, 60)  # the server talks to Kavenegar for the whole batch
STATUS_BATCH = 200


def _problem(response: requests.Response) -> ClubDeskError:
    """The server's problem+json as the owner's error: no credit is the SMS error; the
    licence's own problems (expired, revoked, ...) are the licence client's translated ones."""
    from clubdesk.licensing.client import ServerUnreachable, refusal

    try:
        body: Any = response.json()
    except ValueError:
        body = {}
    if isinstance(body, dict) and body.get("code") == "SMS_CREDIT_LOW":
        return SmsOutOfCredit()
    error = refusal(response)
    return SmsUnreachable() if isinstance(error, ServerUnreachable) else error


class VendorLine:
    """``SmsLine`` over clubdesk-server; ``connection()`` gives the licence client and token
    (it raises NotActivated when this computer has no licence)."""

    def __init__(self, connection: Callable[[], tuple[LicenceClient, str]]) -> None:
        self._connection = connection

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        client, token = self._connection()
        try:
            response = client.http.request(
                method, f"{client.base_url}{API_PREFIX}{path}", timeout=TIMEOUT,
                headers={"Authorization": f"Bearer {token}"}, **kwargs,
            )  # fmt: skip
        except requests.RequestException:
            raise SmsUnreachable() from None
        if response.status_code >= 400:
            raise _problem(response)
        return response.json()

    def send(self, batch: Sequence[Outgoing]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for start in range(0, len(batch), MEMBER_SMS_BATCH_LIMIT):
            part = batch[start : start + MEMBER_SMS_BATCH_LIMIT]
            body = MemberSmsBatch(
                messages=[MemberSms(key=m.key, phone=m.phone, text=m.text) for m in part]
            )
            try:
                answer = MemberSmsSent.model_validate(
                    self._call("POST", "/member-sms/send", json=body.model_dump())
                )
            except SmsUnreachable as problem:  # safe to send again: the keys dedupe
                outcomes.extend(Outcome("retry", error="offline", problem=problem) for _ in part)
                outcomes.extend(held(batch[start + len(part) :], problem))
                return outcomes
            except ClubDeskError as problem:
                outcomes.extend(held(batch[start:], problem))
                return outcomes
            by_key = {result.key: result for result in answer.results}
            for item in part:
                result = by_key.get(item.key)
                if result is None:
                    outcomes.append(Outcome("retry", error="no answer for this message"))
                else:
                    outcomes.append(
                        Outcome(result.status, result.provider_id, result.cost, result.error)
                    )
        return outcomes

    def delivery(self, provider_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(provider_ids), STATUS_BATCH):
            ids = ",".join(provider_ids[start : start + STATUS_BATCH])
            answer = self._call("GET", "/member-sms/status", params={"ids": ids})
            found.update(MemberSmsStatuses.model_validate(answer).statuses)
        return found

    def credit(self) -> int:
        return MemberSmsCredit.model_validate(self._call("GET", "/member-sms/credit")).credit
