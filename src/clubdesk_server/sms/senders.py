"""The SMS sender the settings name: ``console`` (demos) or ``kavenegar`` (production)."""

from __future__ import annotations

from clubdesk_server.errors import SmsNotConfigured
from clubdesk_server.settings import Settings
from clubdesk_server.sms.console import ConsoleSender
from clubdesk_server.sms.kavenegar import KavenegarSender
from clubdesk_server.sms.sender import SmsSender

SENDERS = ("console", "kavenegar")


def make_sender(settings: Settings) -> SmsSender:
    """Raises ``SmsNotConfigured`` (exit code 2) rather than failing at the first message."""
    if settings.sms_sender == "console":
        return ConsoleSender(settings.data_dir)
    if settings.sms_sender == "kavenegar":
        if not settings.kavenegar_api_key or "/" in settings.kavenegar_api_key:
            raise SmsNotConfigured(sender="kavenegar", problem="no API key, or not a valid one")
        return KavenegarSender(
            settings.kavenegar_url,
            settings.kavenegar_api_key,
            line=settings.kavenegar_line,
            timeout_s=settings.sms_timeout_s,
        )
    raise SmsNotConfigured(
        sender=settings.sms_sender, problem=f"unknown sender (choose {' or '.join(SENDERS)})"
    )
