"""SMS to members: the shop's own Kavenegar line or the vendor's line, and the service the UI,
the CLI and the scheduler use (``SmsService``)."""
