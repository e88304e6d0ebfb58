"""The Qt bindings must not leak references to None, True or False: PySide6 6.12.0 lost one
on every call that returns nothing, and on Python 3.11 the till aborted after about 30,000 of
them ("none_dealloc") — a morning of sales. pyproject.toml keeps that version out; this test
fails if it ever comes back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QCheckBox, QLabel

CALLS = 5_000


def test_void_calls_keep_their_references(qapp) -> None:
    label, box = QLabel(), QCheckBox()
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(CALLS):
        label.setText("x")
        label.setVisible(True)
        box.setChecked(False)
        box.isChecked()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # A few references come and go with Python's own bookkeeping; a leak is thousands.
    assert all(abs(a - b) < CALLS // 10 for a, b in zip(before, after, strict=True))
