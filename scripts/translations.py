"""Keep the Persian translation in step with the code.

    python scripts/translations.py update   # collect new strings into the .ts, build the .qm
    python scripts/translations.py release  # build the .qm from the .ts
    python scripts/translations.py check    # exit 1 if a string is untranslated or the .ts is stale

Translators edit resources/translations/clubdesk_fa.ts with Qt Linguist (pyside6-linguist).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "clubdesk_fa.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "src" / "clubdesk").rglob("*.py"))


def lupdate(ts: Path) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources(), "-ts", str(ts), "-no-obsolete",
         "-locations", "none", "-source-language", "en", "-target-language", "fa"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def problems(ts: Path) -> list[str]:
    """Source strings without a finished translation."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in {"unfinished", "vanished"}:
                found.append(f"{name}: {message.findtext('source')!r}")
            elif not (translation.text or "").strip():
                found.append(f"{name}: {message.findtext('source')!r} (empty)")
    return found


def check() -> int:
    """The committed .ts holds every string in the code, all translated, and the .qm is current."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        shutil.copy(TS, fresh)
        lupdate(fresh)
        missing = problems(fresh)
        qm = Path(tmp) / QM.name
        lrelease(TS, qm)
        stale_qm = not QM.exists() or qm.read_bytes() != QM.read_bytes()
    for line in missing:
        print(f"untranslated: {line}", file=sys.stderr)
    if stale_qm:
        print(f"{QM.name} is older than {TS.name}: run make translations", file=sys.stderr)
    return 1 if missing or stale_qm else 0


def main() -> int:
    action = sys.argv[1] if len(sys.argv) > 1 else "check"
    if action == "update":
        lupdate(TS)
        lrelease(TS, QM)
        for line in problems(TS):
            print(f"untranslated: {line}")
        return 0
    if action == "release":
        lrelease(TS, QM)
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
