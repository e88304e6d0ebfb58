"""`make server-dist`: the clubdesk-server wheel, the vendor service without the desktop's Qt.

    python scripts/build_server_wheel.py [--out dist] [--json]

The repository is one project (pyproject.toml, the ``clubdesk`` distribution) whose wheel holds
the desktop app, PySide6 among its dependencies, and the server. A server needs none of Qt, so
this script builds a second distribution, ``clubdesk-server``, from the same source tree:

1. it follows the imports of every module of ``src/clubdesk_server`` (nested imports too) and
   keeps the ``clubdesk`` modules they reach (``clubdesk.protocol``, parts of ``clubdesk.core``);
2. it copies those and the whole ``src/clubdesk_server`` folder (migrations and any data files
   with it) into a temporary folder with a generated pyproject.toml: name ``clubdesk-server``,
   the version, Python and licence of pyproject.toml, the console script ``clubdesk-server``;
3. its dependencies are pyproject.toml's own requirement strings (one place for the pins): the
   ``server`` extra, the main dependencies whose modules the kept code imports, and
   ``RUN_TIME_ONLY``; a kept module importing a package that none of them brings stops the build;
4. pip builds the wheel with hatchling, the project's build backend: the hatchling installed
   here if there is one (offline), else pip fetches it as for any build.

Nothing is copied into the repository: the staging folder is temporary. stdout: the wheel's
path, or with ``--json`` one JSON document (wheel, version, size, requires, modules).
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
README = ROOT / "docs" / "server.md"
NAME = "clubdesk-server"
SERVER = "clubdesk_server"
SHARED = "clubdesk"  # its Qt-free modules the server imports
ENTRY_POINT = "clubdesk_server.cli:main"
# Needed at run time though no module imports them: SQLAlchemy loads the PostgreSQL driver named
# in the database URL (``psycopg``, in the server extra), and zoneinfo reads Asia/Tehran from the
# tzdata package where the system has no zone files.
RUN_TIME_ONLY = ("tzdata",)
SKIPPED = ("__pycache__", "*.pyc", "*.pyo")
# The desktop's GUI: a server module that needs it stops the build.
DESKTOP_ONLY = re.compile(r"(?i)^(pyside6|shiboken6)")


class BuildError(Exception):
    pass


# -- what the server is made of ----------------------------------------------------------------


def module_file(name: str) -> Path | None:
    path = SRC.joinpath(*name.split("."))
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, name: str) -> set[str]:
    """Every module name an ``import`` anywhere in the file may refer to (``from a import b``
    gives ``a`` and ``a.b``: b may be a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_closure() -> tuple[list[str], dict[str, set[str]]]:
    """The project's modules the server needs, and the other top-level modules they import
    (name -> the modules importing it), standard library left out."""
    todo = [module_name(path) for path in (SRC / SERVER).rglob("*.py")]
    seen: set[str] = set()
    others: dict[str, set[str]] = {}
    while todo:
        name = todo.pop()
        path = module_file(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        for imported in imported_names(path, name):
            top = imported.partition(".")[0]
            if top in (SERVER, SHARED):
                todo.append(imported)
            elif top and top not in sys.stdlib_module_names:
                others.setdefault(top, set()).add(name)
    return sorted(seen), others


# -- dependencies ------------------------------------------------------------------------------


def brought_in(requirements: list[Requirement]) -> set[str]:
    """Every distribution these requirements install, their own requirements included (as the
    distributions installed here declare them)."""
    found: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = list(requirements)
    while todo:
        req = todo.pop()
        name, extras = canonicalize_name(req.name), frozenset(req.extras)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        found.add(name)
        try:
            nested = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in nested:
            sub = Requirement(line)
            if sub.marker is None or any(
                sub.marker.evaluate({"extra": extra}) for extra in extras | {""}
            ):
                todo.append(sub)
    return found


def dependencies(project: dict, others: dict[str, set[str]]) -> list[str]:
    """pyproject.toml's requirement strings the server needs (see the module's docstring)."""
    providers = {
        module: {canonicalize_name(dist) for dist in dists}
        for module, dists in metadata.packages_distributions().items()
    }

    def modules_of(req: Requirement) -> set[str]:
        name = canonicalize_name(req.name)
        return {m for m, dists in providers.items() if name in dists} or {name.replace("-", "_")}

    chosen = list(project["optional-dependencies"]["server"])
    for line in project["dependencies"]:
        req = Requirement(line)
        used = modules_of(req) & set(others)
        if used and DESKTOP_ONLY.search(req.name):
            importers = sorted({m for module in used for m in others[module]})
            raise BuildError(f"the server must not need {req.name}: {', '.join(importers)}")
        if canonicalize_name(req.name) in RUN_TIME_ONLY or used:
            chosen.append(line)
    installed = brought_in([Requirement(line) for line in chosen])
    missing = [
        f"{module} (imported by {', '.join(sorted(importers))})"
        for module, importers in sorted(others.items())
        if not providers.get(module, set()) & installed
    ]
    if missing:
        raise BuildError(
            "no dependency of clubdesk-server brings "
            + "; ".join(missing)
            + ": add it to the server extra in pyproject.toml (or build from the project's venv)"
        )
    return chosen


# -- the build ---------------------------------------------------------------------------------


def generated_pyproject(project: dict, requires: list[str]) -> str:
    def toml_list(items: list[str]) -> str:
        return "[\n" + "".join(f"    {json.dumps(item)},\n" for item in items) + "]"

    return f"""\
# Generated by scripts/build_server_wheel.py from the repository's pyproject.toml.
[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[project]
name = "{NAME}"
version = "{project["version"]}"
description = "ClubDesk vendor server: licences, signed leases, payments, SMS, sync, backups"
readme = "README.md"
requires-python = "{project["requires-python"]}"
license = {{ text = {json.dumps(project["license"]["text"])} }}
authors = [{{ name = "ClubDesk" }}]
dependencies = {toml_list(requires)}

[project.scripts]
{NAME} = "{ENTRY_POINT}"

[tool.hatch.build.targets.wheel]
packages = ["src/{SHARED}", "src/{SERVER}"]
"""


def stage(folder: Path, modules: list[str], pyproject: str) -> None:
    shutil.copytree(SRC / SERVER, folder / "src" / SERVER, ignore=shutil.ignore_patterns(*SKIPPED))
    for name in modules:
        if name.partition(".")[0] == SHARED:
            path = module_file(name)
            assert path is not None
            target = folder / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    shutil.copy2(README, folder / "README.md")
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")


def build(out: Path) -> dict:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    modules, others = import_closure()
    requires = dependencies(project, others)
    out.mkdir(parents=True, exist_ok=True)
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    with tempfile.TemporaryDirectory(prefix="clubdesk-server-build-") as tmp:
        staged = Path(tmp) / "clubdesk-server"
        stage(staged, modules, generated_pyproject(project, requires))
        built = Path(tmp) / "wheel"
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation]
        done = subprocess.run(
            [*command, "--wheel-dir", str(built), str(staged)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BuildError(f"pip wheel failed:\n{done.stdout}{done.stderr}")
        (made,) = built.glob("*.whl")
        wheel = out / made.name
        shutil.copy2(made, wheel)
    return {
        "wheel": str(wheel),
        "version": project["version"],
        "size": wheel.stat().st_size,
        "requires": requires,
        "modules": [m for m in modules if not m.startswith(f"{SERVER}.migrations.versions.")],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the wheel")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    args = parser.parse_args(argv)
    try:
        result = build(args.out.resolve())
    except BuildError as exc:
        print(f"build_server_wheel: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(result["wheel"])
        print(f"{NAME} {result['version']}: {result['size']:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
