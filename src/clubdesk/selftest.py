"""`clubdesk self-test`: does this installation work? Run headless, by an installer's smoke test
or by support on a shop's computer.

    clubdesk --data-dir DIR self-test [--screenshot FILE] [--require-licence] [--json]

It opens the shop's database (in a folder without a shop yet, a new one in a throwaway folder,
so that ClubDesk still opens its first-run wizard there), reads the licence and checks
the lease against the public keys this build trusts (offline: no server is asked), imports
every ``clubdesk.ui`` module (a frozen build that lacks a library, Qt Charts for example, fails
here and not in the shop), checks that vendor.json, the bundled Vazirmatn font and the Persian
catalogue load, and renders the main window offscreen to a PNG (default ``DIR/self-test.png``).

Exit codes (``core.errors.ExitCode``): 0 when everything works; 4 when a lease is present but
its signature does not verify, the screenshot could not be made, or a module, vendor.json, the
font or the catalogue is missing; 3 with ``--require-licence`` when the licence is locked
(without it a locked or missing licence is reported, not a failure).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import clubdesk
from clubdesk.core.errors import ClubDeskError, ExitCode
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, Lang
from clubdesk.core.licence import LockReason, State, Status

SCREENSHOT_FILE = "self-test.png"
WINDOW_SIZE = (1200, 760)
# A string every build translates: proves the Persian catalogue (.qm) shipped and loaded.
PROBE_CONTEXT, PROBE_TEXT = "errors", "Something went wrong."


class SelfTestFailed(ClubDeskError):
    code = "SELF_TEST_FAILED"
    exit_code = ExitCode.VERIFICATION_FAILED
    default_message = QT_TRANSLATE_NOOP("errors", "The self-test found problems: {problems}.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Reinstall ClubDesk; if that does not help, send this output to support."
    )


def run(data_path: Path, screenshot: Path | None = None, lang: Lang = Lang.FA) -> dict[str, Any]:
    """Every check, as the JSON report (``problems`` lists what failed; empty when all work).

    A data folder that holds no shop yet stays that way: ClubDesk opens its first-run wizard
    there, and a database made by the self-test would skip it. Its checks then run on a
    throwaway folder (the database created and migrated all the same; ``database.new``)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from clubdesk.paths import first_run_needed
    from clubdesk.ui.app import make_qapp

    make_qapp(lang)
    shot = screenshot or data_path / SCREENSHOT_FILE
    if not first_run_needed(data_path):
        return _run(data_path, shot, lang, new=False)
    with tempfile.TemporaryDirectory(
        prefix="clubdesk-self-test-", ignore_cleanup_errors=True
    ) as tmp:
        return _run(Path(tmp), shot, lang, new=True)


def _run(data_path: Path, shot: Path, lang: Lang, *, new: bool) -> dict[str, Any]:
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.services import ClubServices

    licence = LicenceManager(data_path)
    club = ClubServices.open(data_path, licence=licence)
    try:
        report: dict[str, Any] = {
            "version": clubdesk.__version__,
            "frozen": bool(getattr(sys, "frozen", False)),
            "database": _database(club) | {"new": new},
            "licence": _licence(licence),
            "vendor": _vendor(),
            "fonts": _fonts(),
            "translations": _translations(lang),
            "modules": _modules(),
        }
        report["screenshot"] = str(shot) if _screenshot(club, licence, shot) else None
    finally:
        club.close()
    report["problems"] = _problems(report)
    return report


def check(report: dict[str, Any], *, require_licence: bool = False) -> None:
    """Raises the error whose exit code tells the outcome (none: everything works)."""
    if report["problems"]:
        raise SelfTestFailed(problems="; ".join(report["problems"]))
    licence = report["licence"]
    if require_licence and licence["state"] == State.LOCKED.value:
        reason = LockReason(licence["reason"] or LockReason.NO_LICENCE.value)
        raise Status(State.LOCKED, reason).error()


def human(report: dict[str, Any]) -> str:
    database, licence = report["database"], report["licence"]
    lines = [
        f"clubdesk {report['version']}" + (" (frozen build)" if report["frozen"] else ""),
        (
            f"database: none yet (a new installation; checked on a temporary one), "
            f"schema {database['schema']}"
            if database["new"]
            else f"database: {database['path']} schema {database['schema']}, "
            f"{'?' if database['members'] is None else database['members']} members"
        ),
        f"licence: {licence['state']}"
        + (f" ({licence['reason']})" if licence["reason"] else "")
        + f", signature {_yes_no(licence['signature_ok'])}, {licence['keys']} trusted key(s)",
        f"licence server: {report['vendor']['licence_server'] or 'MISSING'}",
        f"font {report['fonts']['family']}: {_yes_no(report['fonts']['loaded'])}",
        f"modules: {len(report['modules']['imported'])} imported, "
        f"{len(report['modules']['failed'])} failed",
        f"screenshot: {report['screenshot'] or 'not made'}",
    ]
    lines += [f"problem: {problem}" for problem in report["problems"]]
    return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    return {True: "ok", False: "FAILED", None: "n/a"}[value]


def _database(club: Any) -> dict[str, Any]:
    from sqlalchemy import text

    from clubdesk.core.licence import LicenceLocked

    with club.db.read() as session:
        schema = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    try:
        members = club.count_members()
    except LicenceLocked:  # member data stays behind the licence, even its count
        members = None
    return {"path": str(club.db.path), "schema": schema, "members": members}


def _licence(licence: Any) -> dict[str, Any]:
    status = licence.status()
    # A lease file is present when one was read, or when one could not be read (damaged).
    present = licence.signed is not None or not licence.signature_ok
    return {
        "state": status.state.value,
        "reason": status.reason.value if status.reason else None,
        "signature_ok": licence.signature_ok if present else None,
        "paid_until": status.paid_until.isoformat() if status.paid_until else None,
        "keys": len(licence.keys),
    }


def _vendor() -> dict[str, Any]:
    """resources/vendor.json: the support contact and the licence server the lock screen offers."""
    from clubdesk.vendor import vendor_info

    facts = vendor_info()
    return {"licence_server": facts.get("licence_server"), "phone": facts.get("phone")}


def _fonts() -> dict[str, Any]:
    from clubdesk.ui import i18n

    return {"family": i18n.FONT_FAMILY, "loaded": i18n.FONT_FAMILY in i18n.load_fonts()}


def _translations(lang: Lang) -> dict[str, Any]:
    from clubdesk.ui import i18n

    translated = i18n.translate(PROBE_CONTEXT, PROBE_TEXT) != PROBE_TEXT
    return {"lang": lang.value, "loaded": translated if lang is Lang.FA else None}


def _modules() -> dict[str, Any]:
    """Imports every clubdesk.ui module; a frozen build lists the ones it carries (build.spec
    collects them all), so a library missing from it shows as a failed import here."""
    import clubdesk.ui

    imported: list[str] = []
    failed: dict[str, str] = {}
    for module in sorted(
        m.name for m in pkgutil.iter_modules(clubdesk.ui.__path__, "clubdesk.ui.")
    ):
        try:
            importlib.import_module(module)
        except Exception as exc:  # any import failure is the finding, not a crash
            failed[module] = f"{type(exc).__name__}: {exc}"
        else:
            imported.append(module)
    return {"imported": imported, "failed": failed}


def _screenshot(club: Any, licence: Any, path: Path) -> bool:
    """The main window as the shop sees it now (the lock screen while locked), offscreen.
    The licence is shown, not attached: no background job or server call starts."""
    from PySide6.QtCore import QThreadPool

    from clubdesk.ui.main_window import MainWindow
    from clubdesk.ui.screenshots import wait_until

    window = MainWindow(club, club.data_dir)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.licence = licence
    window.apply_licence(licence.status())
    wait_until(lambda: window.backup_centre.state is not None)  # the start-up check reported
    wait_until(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        image = window.grab()
        saved = not image.isNull() and image.save(str(path), "PNG")
    except OSError:
        saved = False
    # Hidden, not closed: closing saves the window geometry into the user's settings.
    window.hide()
    window.deleteLater()
    return bool(saved) and path.is_file() and path.stat().st_size > 0


def _problems(report: dict[str, Any]) -> list[str]:
    problems = []
    if report["licence"]["signature_ok"] is False:
        problems.append("the licence lease does not verify against this build's keys")
    if not report["vendor"]["licence_server"]:
        problems.append("the vendor's contact and licence server (vendor.json) are missing")
    if not report["fonts"]["loaded"]:
        problems.append(f"the {report['fonts']['family']} font did not load")
    if report["translations"]["loaded"] is False:
        problems.append("the Persian translation did not load")
    problems += [
        f"{name} does not import ({why})" for name, why in report["modules"]["failed"].items()
    ]
    if report["screenshot"] is None:
        problems.append("the main window could not be rendered to a screenshot")
    return problems
