"""The first run's waits: how long the machine keeps a new owner waiting between installing and
registering the first member (the rest is the person reading and typing).

Drives the real first-run wizard offscreen against a real licence server on 127.0.0.1, with the
real backup key derivation (Argon2id as shipped), then opens the counter and registers a member:

    python bench/first_run.py [--runs 3]

Prints each wait (median of the runs) and ends with one JSON line. The budget the issue sets is
three minutes for the whole first run; what the machine takes is its small part.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")

from _common import load_average, note, say

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from clubdesk.core.business import BusinessProfile  # noqa: E402
from clubdesk.core.i18n import Lang  # noqa: E402
from clubdesk.core.members import MemberDraft  # noqa: E402
from clubdesk.licensing.keys import load_keys  # noqa: E402
from clubdesk.licensing.manager import LicenceManager  # noqa: E402
from clubdesk.ui.app import make_qapp  # noqa: E402
from clubdesk.ui.first_run import Accounts, FirstRunWizard  # noqa: E402
from clubdesk.ui.main_window import MainWindow  # noqa: E402
from licence_server import running_server  # noqa: E402

TIMEOUT = 120.0


def wait_for(condition: Any, what: str) -> float:
    """Seconds until ``condition()`` holds, processing Qt events meanwhile (as the app does)."""
    start = time.perf_counter()
    while not condition():
        QApplication.processEvents()
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.001)
    return time.perf_counter() - start


def one_run(server: Any, folder: Path) -> dict[str, float]:
    os.environ["CLUBDESK_DEVICE_ID"] = f"bench-{secrets.token_hex(6)}"  # a new computer
    figures: dict[str, float] = {}
    licence = LicenceManager(folder, keys=load_keys(server.public_keys))
    start = time.perf_counter()
    wizard = FirstRunWizard(folder, licence)
    wizard.show()
    figures["wizard_shown_s"] = time.perf_counter() - start
    figures["shop_opened_s"] = wait_for(lambda: wizard.club is not None, "the shop")

    wizard.profile = BusinessProfile.parse(
        name="کافه بهار", mobile="0935" + f"{secrets.randbelow(10**7):07d}", owner_name="سارا"
    )
    page = wizard.licence_page
    page.server.setText(server.url)
    page.go.click()
    figures["trial_s"] = wait_for(lambda: page.done, "the trial")

    wizard.backup_page.set_up()
    dialog = wizard.backup_dialog
    dialog.first.setText("a long enough passphrase")  # type: ignore[union-attr]
    dialog.second.setText("a long enough passphrase")  # type: ignore[union-attr]
    dialog.save_button.click()  # type: ignore[union-attr]
    figures["backup_keys_s"] = wait_for(
        lambda: dialog.pages.currentIndex() == dialog.SHEET,  # type: ignore[union-attr]
        "the backup keys",
    )
    dialog.done_button.click()  # type: ignore[union-attr]

    wizard.accounts = Accounts(("سارا", "2580"), ("Reza", "7391"))
    done = wizard.done_page
    start = time.perf_counter()
    done.validatePage()
    figures["finish_s"] = wait_for(lambda: done.finished, "Finish") + time.perf_counter() - start
    club = wizard.club
    assert club is not None

    start = time.perf_counter()
    window = MainWindow(club, folder)
    window.show()
    window.attach_licence(licence)
    wait_for(lambda: QApplication.focusWidget() is window.counter.search, "the search box")
    figures["counter_ready_s"] = time.perf_counter() - start
    start = time.perf_counter()
    club.register(MemberDraft(phone="09121234567", first_name="علی", last_name="رضایی"))
    figures["first_member_s"] = time.perf_counter() - start
    window.close()
    wizard.close()
    club.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    make_qapp(Lang.FA)
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="clubdesk-bench-first-run-") as tmp:
        folder = Path(tmp)
        with running_server(folder / "server") as server:
            for number in range(args.runs):
                note(f"run {number + 1} of {args.runs}")
                runs.append(one_run(server, folder / f"shop-{number}"))
    result = {key: round(median(r[key] for r in runs), 3) for key in runs[0]}
    total = sum(result.values())
    say("first run, machine waits (median of", args.runs, "runs):")
    for key, value in result.items():
        say(f"  {key:18} {value * 1000:9.1f} ms")
    say(f"  {'total':18} {total * 1000:9.1f} ms  (budget for the whole first run: 180 s)")
    print(json.dumps({"first_run": result, "total_s": round(total, 3), "runs": args.runs,
                      "load_average": load_average()}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
