"""The command-line conventions both programs share (the app's `clubdesk`, `clubdesk-server`).

``--json`` writes one JSON document to stdout and nothing else; human text goes to stdout
otherwise; errors go to stderr with their message and hint, and the exit code of their kind.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from clubdesk.core.errors import ClubDeskError, ExitCode


def emit(as_json: bool, payload: Any, human: str) -> None:
    if as_json:
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(human)
    sys.stdout.flush()


def run_command(action: Callable[[], int], log: logging.Logger, unexpected: str) -> int:
    """A CLI command's outcome as an exit code: our errors print their message and hint on
    stderr; anything else is logged with its traceback and gets ``unexpected``."""
    try:
        return int(action())
    except ClubDeskError as exc:
        log.info("command failed: %s", exc.code)
        print(f"error: {exc.render()}", file=sys.stderr)
        if exc.request_id:
            print(f"request id for support: {exc.request_id}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except Exception:
        log.exception("unexpected error")
        print(f"error: {unexpected}", file=sys.stderr)
        return int(ExitCode.UNEXPECTED)


def version_action(program: str, version: Callable[[], str]) -> type[argparse.Action]:
    """``--version`` for ``program``: like argparse's own, but ``version()`` (which reads the
    package metadata, tens of milliseconds) runs only when asked."""

    class VersionAction(argparse.Action):
        def __init__(self, option_strings: list[str], dest: str, **_kwargs: Any) -> None:
            super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

        def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kw: Any) -> None:
            print(f"{program} {version()}")
            parser.exit()

    return VersionAction
