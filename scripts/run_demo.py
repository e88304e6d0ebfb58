"""`make run`: a local demo licence server, a demo shop activated against it, then the app.

The demo server (SQLite, 127.0.0.1, a free port, demo keys made here and clearly named demo)
runs while the app runs and stops with it. The app trusts the demo keys through
CLUBDESK_DEV_PUBLIC_KEYS, which only a source checkout honours.

    python scripts/run_demo.py DATA_DIR [--members N] [--demo-minutes M]
    python scripts/run_demo.py DATA_DIR --first-run   # a new installation: the first-run wizard

``--first-run`` starts the app on an empty folder (DATA_DIR/new-shop, emptied first) with the
demo server standing in for the vendor's (CLUBDESK_LICENCE_SERVER), so its free trial works;
each run pretends to be a new computer (CLUBDESK_DEVICE_ID), as the server allows one trial
per computer.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def start_server(folder: Path, minutes: int | None) -> tuple[subprocess.Popen[str], dict]:
    command = [str(BIN / "clubdesk-server"), "serve", "--demo", "--port", "0",
               "--data-dir", str(folder)]  # fmt: skip
    if minutes:
        command += ["--demo-minutes", str(minutes)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()  # printed once the server takes requests
    if not line:
        server.wait()
        sys.exit("the demo licence server did not start; see the messages above")
    return server, json.loads(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--demo-minutes", type=int, default=None)
    parser.add_argument(
        "--prepare-only", action="store_true", help="set up the demo shop, then stop (tests)"
    )
    parser.add_argument(
        "--first-run", action="store_true", help="a new installation: the first-run wizard"
    )
    args = parser.parse_args()
    shop, server_dir = args.data_dir / "shop", args.data_dir / "licence-server"
    server, info = start_server(server_dir, args.demo_minutes)
    try:
        keys_file = server_dir / "demo-public-keys.json"
        keys_file.write_text(json.dumps(info["public_keys"]))
        env = os.environ | {"CLUBDESK_DEV_PUBLIC_KEYS": str(keys_file)}
        clubdesk = str(BIN / "clubdesk")
        if args.first_run:
            return first_run(args.data_dir / "new-shop", clubdesk, info["url"], env)
        # Activate first: member commands such as demo-data are refused without a licence.
        subprocess.run([clubdesk, "--data-dir", str(shop), "licence", "activate",
                        info["licence_key"], "--server", info["url"],
                        "--device-name", "Demo till"], check=False, env=env)  # fmt: skip
        # The demo server publishes demo terms of service: the demo owner accepts them (the
        # first run, `make first-run`, shows them instead).
        subprocess.run([clubdesk, "--data-dir", str(shop), "licence", "terms", "--accept",
                        "--as", "Demo owner"], check=False, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        if not (shop / "clubdesk.sqlite3").exists():
            subprocess.run([clubdesk, "--data-dir", str(shop), "demo-data", "--members",
                            str(args.members)], check=True, env=env)  # fmt: skip
        print(f"demo licence server: {info['url']}  key: {info['licence_key']}", file=sys.stderr)
        if args.prepare_only:
            return 0
        return subprocess.run([clubdesk, "--data-dir", str(shop)], env=env, check=False).returncode
    finally:
        server.terminate()
        server.wait(timeout=15)


def first_run(shop: Path, clubdesk: str, url: str, env: dict[str, str]) -> int:
    """The app on an empty folder, trusting the demo server as its vendor (demo only)."""
    import secrets
    import shutil

    shutil.rmtree(shop, ignore_errors=True)
    env = env | {"CLUBDESK_LICENCE_SERVER": url, "CLUBDESK_DEVICE_ID": secrets.token_hex(8)}
    print(f"first run on {shop}, demo licence server {url}", file=sys.stderr)
    return subprocess.run([clubdesk, "--data-dir", str(shop)], env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
