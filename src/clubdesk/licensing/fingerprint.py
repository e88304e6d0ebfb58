"""A stable, private name for this computer: a salted hash of the OS's machine identifier.

The same machine gives the same value across restarts and reinstalls of the app; the raw
identifier never leaves the device.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

SALT = b"clubdesk-device-v1:"
OVERRIDE_ENV = "CLUBDESK_DEVICE_ID"  # tests and support: pretend to be another machine


def machine_id() -> str:
    """The OS's own machine identifier, or '' if none can be read."""
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        return override
    if sys.platform.startswith("win"):
        return _windows_machine_guid()
    if sys.platform == "darwin":
        return _mac_platform_uuid()
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            value = Path(path).read_text(encoding="ascii").strip()
        except OSError:
            continue
        if value:
            return value
    return ""


def _windows_machine_guid() -> str:
    try:
        import winreg  # type: ignore[import-not-found]

        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography")
        return str(winreg.QueryValueEx(key, "MachineGuid")[0])
    except OSError:
        return ""


def _mac_platform_uuid() -> str:
    try:
        out = subprocess.run(
            ["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"],
            capture_output=True, text=True, timeout=5, check=False,
        ).stdout  # fmt: skip
    except OSError:
        return ""
    for line in out.splitlines():
        if "IOPlatformUUID" in line:
            return line.split("=")[-1].strip().strip('"')
    return ""


def fingerprint(fallback_dir: Path | None = None) -> str:
    """SHA-256 of the salted machine id. Without one, a random id kept in ``fallback_dir``."""
    raw = machine_id()
    if not raw and fallback_dir is not None:
        raw = _fallback_id(fallback_dir)
    if not raw:
        raise RuntimeError("no machine identifier available")
    return hashlib.sha256(SALT + raw.encode()).hexdigest()


def _fallback_id(folder: Path) -> str:
    path = folder / "device-id"
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        folder.mkdir(parents=True, exist_ok=True)
        value = os.urandom(16).hex()
        path.write_text(value, encoding="ascii")
        return value
