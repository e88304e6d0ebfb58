"""The request id: every call the app makes carries one, and a refused or failed call shows it
to the owner (dialogs, messages, the CLI) so that support can find the request on the server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clubdesk.licensing.client import LicenceClient, ServerRefused
from clubdesk.licensing.manager import LicenceManager
from clubdesk.protocol import REQUEST_ID_HEADER
from clubdesk.ui import i18n
from clubdesk.ui.licence_view import LockScreen
from licence_server import RunningServer
from qt_keys import type_text

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")
UNKNOWN_KEY = "CD-00000-00000-00000-00000-00000"


def test_a_refusal_carries_the_request_id_into_the_owners_message(
    licence_server: RunningServer, qapp
) -> None:
    client = LicenceClient(licence_server.url)
    sent: list[str] = []
    client.http.hooks["response"].append(
        lambda response, **_kw: sent.append(response.request.headers[REQUEST_ID_HEADER])
    )
    with pytest.raises(ServerRefused) as refused:
        client.activate(UNKNOWN_KEY, "fp-request-id-0001", "Till")
    request_id = refused.value.request_id
    assert request_id is not None
    assert UUID.fullmatch(request_id)  # a UUIDv7 made by the app for this call
    assert sent == [request_id]
    shown = i18n.error_text(refused.value)
    assert request_id in shown
    client.plans()
    client.plans()
    assert len(set(sent)) == 3  # a new id for every call


def test_the_cli_prints_the_request_id_of_a_refused_call(
    licence_server: RunningServer, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(tmp_path / "shop"), "licence",
         "activate", UNKNOWN_KEY, "--server", licence_server.url],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    found = re.search(r"request id for support: (\S+)", done.stderr)
    assert found is not None, done.stderr
    assert UUID.fullmatch(found.group(1))


def test_the_request_id_the_app_shows_is_in_the_servers_log(
    qtbot, tmp_path: Path, data_dir: Path, lang
) -> None:
    """The owner reads the id off the lock screen; support finds the very request in the
    server's JSON log by it."""
    log_path = tmp_path / "server.log"
    with log_path.open("w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "clubdesk-server"), "serve", "--demo",
             "--port", "0", "--data-dir", str(tmp_path / "server"), "--log-format", "json"],
            stdout=subprocess.PIPE, stderr=log_file, text=True,
        )  # fmt: skip
        try:
            assert server.stdout is not None
            ready = server.stdout.readline()
            assert ready, log_path.read_text(encoding="utf-8")
            url = json.loads(ready)["url"]
            lock = LockScreen(LicenceManager(data_dir, keys={}))
            qtbot.addWidget(lock)
            lock.server.setText(url)
            type_text(lock.key, UNKNOWN_KEY)
            lock.activate_button.click()
            qtbot.waitUntil(lambda: lock.message.kind == "error", timeout=20_000)
            shown = UUID.search(lock.message.text())
            assert shown is not None, lock.message.text()
            request_id = shown.group(0)

            def logged() -> list[dict]:
                lines = log_path.read_text(encoding="utf-8").splitlines()
                records = [json.loads(line) for line in lines if line.startswith("{")]
                return [r for r in records if r.get("request_id") == request_id]

            # The server writes its access line as the answer goes out.
            qtbot.waitUntil(lambda: bool(logged()), timeout=20_000)
            lines = logged()
            assert lines, log_path.read_text(encoding="utf-8")[-2000:]
            access = [r for r in lines if r.get("status") == 404]
            assert access
            assert access[0]["path"] == "/v1/activations"
            assert UNKNOWN_KEY not in log_path.read_text(encoding="utf-8")  # never a key
        finally:
            server.terminate()
            server.wait(timeout=30)
