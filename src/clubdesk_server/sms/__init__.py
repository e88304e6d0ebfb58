"""SMS to shop owners: the sender interface, Kavenegar and console senders, and the outbox."""
