"""Support tickets for shops, and the support team's admin pages."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
