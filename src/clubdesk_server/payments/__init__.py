"""Payments: plans, the gateway interface and its implementations, and the payment lifecycle."""
