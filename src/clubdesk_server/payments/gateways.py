"""The gateway the settings name: Zarinpal (production, the default) or the sandbox (demos,
tests, and an operator who asks for it explicitly).

Made once when the app starts, so a misconfigured gateway stops ``serve`` with a clear message
instead of failing the first shop that tries to pay.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from clubdesk_server.errors import GatewayNotConfigured
from clubdesk_server.payments.gateway import Gateway
from clubdesk_server.settings import Settings

GATEWAYS = ("sandbox", "zarinpal")


def check_gateway(settings: Settings) -> None:
    """Raises ``GatewayNotConfigured`` (exit code 2) unless the settings name a usable gateway;
    ``serve`` calls it first, so a server missing its merchant id changes nothing and stops."""
    if settings.gateway not in GATEWAYS:
        raise GatewayNotConfigured(
            gateway=settings.gateway, problem=f"unknown; choose one of {', '.join(GATEWAYS)}"
        )
    if settings.gateway == "zarinpal":
        if not settings.zarinpal_merchant_id:
            raise GatewayNotConfigured(gateway="zarinpal", problem="no merchant id is set")
        if not settings.zarinpal_url.startswith(("https://", "http://")):
            raise GatewayNotConfigured(gateway="zarinpal", problem="its URL is not http(s)")


def make_gateway(settings: Settings, sessions: sessionmaker[Session]) -> Gateway:
    check_gateway(settings)
    if settings.gateway == "sandbox":
        from clubdesk_server.payments.sandbox import SandboxGateway

        return SandboxGateway(sessions, settings.public_url)
    from clubdesk_server.payments.zarinpal import ZarinpalGateway

    assert settings.zarinpal_merchant_id is not None  # check_gateway saw to it
    return ZarinpalGateway(
        settings.zarinpal_url, settings.zarinpal_merchant_id, settings.gateway_timeout_s
    )
