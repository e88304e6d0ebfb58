"""Plans, payments and the payment gateways' pages (renewal)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
