"""HTTP helpers for the server tests (a module name no other test folder uses)."""

from __future__ import annotations

import requests

from clubdesk.protocol import Problem


class Api:
    """Thin ``requests`` helper for one server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def activate(
        self,
        key: str,
        fingerprint: str = "fp-0000000000000001",
        device_name: str = "Counter 1",
        **headers: str,
    ) -> requests.Response:
        body = {"licence_key": key, "fingerprint": fingerprint, "device_name": device_name}
        return self.http.post(f"{self.url}/v1/activations", json=body, headers=headers, timeout=30)

    def refresh(self, token: str) -> requests.Response:
        return self.http.post(f"{self.url}/v1/lease", headers=_bearer(token), timeout=30)

    def licence(self, token: str) -> requests.Response:
        return self.http.get(f"{self.url}/v1/licence", headers=_bearer(token), timeout=30)

    def deactivate(self, token: str) -> requests.Response:
        return self.http.delete(
            f"{self.url}/v1/activations/current", headers=_bearer(token), timeout=30
        )

    # -- support tickets --

    def open_ticket(
        self, token: str, subject: str = "سلام", text: str = "متن", **body: object
    ) -> requests.Response:
        return self.http.post(
            f"{self.url}/v1/tickets",
            json={"subject": subject, "text": text, **body},
            headers=_bearer(token),
            timeout=30,
        )

    def tickets(self, token: str) -> requests.Response:
        return self.http.get(f"{self.url}/v1/tickets", headers=_bearer(token), timeout=30)

    def ticket(self, token: str, ticket_id: str) -> requests.Response:
        return self.http.get(
            f"{self.url}/v1/tickets/{ticket_id}", headers=_bearer(token), timeout=30
        )

    def reply_ticket(self, token: str, ticket_id: str, text: str) -> requests.Response:
        return self.http.post(
            f"{self.url}/v1/tickets/{ticket_id}/messages",
            json={"text": text},
            headers=_bearer(token),
            timeout=30,
        )

    # -- plans and payments --

    def plans(self) -> requests.Response:
        return self.http.get(f"{self.url}/v1/plans", timeout=30)

    def start_payment(self, token: str, plan: str) -> requests.Response:
        return self.http.post(
            f"{self.url}/v1/payments", json={"plan": plan}, headers=_bearer(token), timeout=30
        )

    def payments(self, token: str) -> requests.Response:
        return self.http.get(f"{self.url}/v1/payments", headers=_bearer(token), timeout=30)

    def payment(self, token: str, payment_id: str) -> requests.Response:
        return self.http.get(
            f"{self.url}/v1/payments/{payment_id}", headers=_bearer(token), timeout=30
        )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def problem_of(response: requests.Response, status: int, code: str) -> Problem:
    """The response is RFC 9457 problem+json with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = Problem.model_validate(response.json())
    assert problem.status == status
    assert problem.code == code
    assert problem.title
    assert problem.detail
    return problem
