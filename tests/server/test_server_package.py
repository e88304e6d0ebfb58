"""The clubdesk-server wheel and the production examples in deploy/ (docs/server.md).

The wheel is built once per run (scripts/build_server_wheel.py, a second or two), installed with
pip into a folder, and run by a Python that sees that folder and the venv's packages less the
desktop's: no PySide6, no ``clubdesk`` distribution, no .pth file putting this checkout's src/
on the path.
"""

from __future__ import annotations

import configparser
import email.parser
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import threading
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import requests
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import clubdesk
from clubdesk.licensing.client import COMPLETE_TIMEOUT
from clubdesk_server import cli
from clubdesk_server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
DEPLOY = ROOT / "deploy"
DOCS = ROOT / "docs" / "server.md"
BUILD_SCRIPT = ROOT / "scripts" / "build_server_wheel.py"
ENV_FILE = "/etc/clubdesk-server/env"
PROGRAM = "/opt/clubdesk-server/bin/clubdesk-server"
SETTING = re.compile(r"\bCLUBDESK_SERVER_[A-Z0-9_]*[A-Z0-9]\b")
PIP_INSTALL = [sys.executable, "-m", "pip", "install", "--quiet"]
DESKTOP_ONLY = re.compile(r"(?i)pyside6|shiboken6|clubdesk")  # site-packages entries hidden


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def wheel(built: dict[str, Any]) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(built["wheel"]) as opened:
        yield opened


def dist_info(wheel: zipfile.ZipFile, name: str) -> str:
    return wheel.read(f"clubdesk_server-{clubdesk.__version__}.dist-info/{name}").decode()


def test_the_wheel_is_named_and_versioned_as_the_project(
    built: dict[str, Any], wheel: zipfile.ZipFile
) -> None:
    metadata = email.parser.Parser().parsestr(dist_info(wheel, "METADATA"))
    assert metadata["Name"] == "clubdesk-server"
    assert metadata["Version"] == clubdesk.__version__ == built["version"]
    assert Path(built["wheel"]).name == f"clubdesk_server-{clubdesk.__version__}-py3-none-any.whl"
    entry_points = configparser.ConfigParser()
    entry_points.read_string(dist_info(wheel, "entry_points.txt"))
    assert dict(entry_points["console_scripts"]) == {"clubdesk-server": "clubdesk_server.cli:main"}


def test_the_wheel_depends_on_the_server_stack_and_not_on_qt(wheel: zipfile.ZipFile) -> None:
    metadata = email.parser.Parser().parsestr(dist_info(wheel, "METADATA"))
    requires = {canonicalize_name(Requirement(r).name) for r in metadata.get_all("Requires-Dist")}
    assert requires >= {"fastapi", "uvicorn", "psycopg", "sqlalchemy", "alembic", "apscheduler"}
    desktop = {r for r in requires if re.search(r"pyside|shiboken|keyring|qrcode|pyinstaller", r)}
    assert not desktop
    # psycopg with its binary libpq: a server needs no compiler or libpq-dev.
    assert any(r.startswith("psycopg[binary]") for r in metadata.get_all("Requires-Dist"))


def test_the_wheel_holds_the_whole_server_and_no_desktop(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    server = {
        path.relative_to(SRC).as_posix()
        for path in (SRC / "clubdesk_server").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert server - names == set()  # migrations, the alembic environment and any data file
    assert "clubdesk_server/migrations/env.py" in names
    assert "clubdesk_server/migrations/script.py.mako" in names
    migrations = sorted(SRC.glob("clubdesk_server/migrations/versions/*.py"))
    assert migrations
    assert {f"clubdesk_server/migrations/versions/{m.name}" for m in migrations} <= names
    assert {"clubdesk/__init__.py", "clubdesk/protocol.py", "clubdesk/core/errors.py"} <= names
    desktop = ("clubdesk/ui/", "clubdesk/storage/", "clubdesk/resources/", "clubdesk/cli.py")
    assert not [name for name in names if name.startswith(desktop)]


def test_the_build_refuses_qt_and_imports_no_dependency_brings() -> None:
    spec = importlib.util.spec_from_file_location("build_server_wheel", BUILD_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    _, imported = build.import_closure()
    with pytest.raises(build.BuildError, match="must not need PySide6"):
        build.dependencies(project, imported | {"PySide6": {"clubdesk_server.gui"}})
    with pytest.raises(build.BuildError, match=r"brings not_a_package \(imported by x\.y\)"):
        build.dependencies(project, imported | {"not_a_package": {"x.y"}})
    # A main dependency the server starts to use comes along, with the project's own bounds.
    (qrcode,) = [line for line in project["dependencies"] if line.startswith("qrcode")]
    assert qrcode not in build.dependencies(project, imported)
    assert qrcode in build.dependencies(project, imported | {"qrcode": {"x.y"}})


# -- the wheel, installed, runs without the desktop --------------------------------------------


@pytest.fixture(scope="module")
def installed(built: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("installed")
    subprocess.run(
        [*PIP_INSTALL, "--no-deps", "--no-index", "--target", str(target), built["wheel"]],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


@pytest.fixture(scope="module")
def server_python(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``python -S`` (no site: no .pth files) on the installed wheel and links to the venv's
    packages less the desktop's; its environment has no CLUBDESK_SERVER_* settings."""
    packages = tmp_path_factory.mktemp("site-packages")
    for folder in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        for entry in Path(folder).iterdir():
            hidden = DESKTOP_ONLY.search(entry.name) or entry.suffix == ".pth"
            if not hidden and not (packages / entry.name).exists():
                (packages / entry.name).symlink_to(entry)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CLUBDESK_SERVER_", "PYTHON"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(installed), str(packages)])
    return {"argv": [sys.executable, "-S"], "env": env}


PROBE = """
import importlib, json, pkgutil, sys
import clubdesk, clubdesk_server
try:
    import PySide6
    qt = True
except ImportError:
    qt = False
names = [m.name for m in pkgutil.walk_packages(clubdesk_server.__path__, "clubdesk_server.")]
for name in names:
    if ".migrations" not in name:  # env.py runs alembic at import
        importlib.import_module(name)
print(json.dumps({
    "qt": qt,
    "qt_loaded": sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))),
    "files": [clubdesk.__file__, clubdesk_server.__file__],
    "versions": [clubdesk.__version__, clubdesk_server.__version__],
    "modules": len(names),
}))
"""


def test_every_server_module_imports_from_the_wheel_without_qt(
    server_python: dict[str, Any], installed: Path
) -> None:
    done = subprocess.run(
        [*server_python["argv"], "-c", PROBE],
        env=server_python["env"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["qt"] is False  # the desktop really is out of reach
    assert found["qt_loaded"] == []
    assert all(Path(f).is_relative_to(installed) for f in found["files"]), found["files"]
    assert found["versions"] == [clubdesk.__version__] * 2
    assert found["modules"] > 20


def test_the_console_script_serves_from_the_wheel(
    server_python: dict[str, Any], installed: Path, tmp_path: Path
) -> None:
    log_path = tmp_path / "serve.log"
    command = [str(installed / "bin" / "clubdesk-server"), "serve", "--demo", "--no-jobs"]
    command += ["--port", "0", "--data-dir", str(tmp_path / "demo")]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*server_python["argv"], *command],
            env=server_python["env"],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    # A server that hangs before taking requests is killed, and readline() then returns "".
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once the server takes requests
        assert line, log_path.read_text()
        url = json.loads(line)["url"]
        health = requests.get(f"{url}/healthz", timeout=30)
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"
        openapi = requests.get(f"{url}/openapi.json", timeout=30).json()
        assert openapi["info"]["version"] == clubdesk.__version__
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=60)
        if proc.stdout is not None:
            proc.stdout.close()
    assert "Traceback" not in log_path.read_text()


# -- deploy/ -----------------------------------------------------------------------------------


def unit_file(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit: section -> key -> values (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=value: {raw!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def env_example() -> dict[str, str]:
    """The example's settings, commented-out ones (defaults) included, as systemd reads them."""
    found = {}
    for raw in (DEPLOY / "clubdesk-server.env.example").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"#?(CLUBDESK_SERVER_[A-Z0-9_]+)=(\S*)", raw)
        if match:
            found.setdefault(match[1], match[2])
        else:
            assert not raw.strip() or raw.startswith("#"), f"not NAME=value: {raw!r}"
    return found


def settings_the_server_reads() -> set[str]:
    """Every CLUBDESK_SERVER_* name in the server's code: ``settings.ENV_FIELDS`` and the paths,
    and those read elsewhere (the members' SMS price), so a new one anywhere is caught."""
    return {
        name
        for path in (SRC / "clubdesk_server").rglob("*.py")
        for name in SETTING.findall(path.read_text(encoding="utf-8"))
    }


def test_the_env_example_lists_every_setting_and_no_secret() -> None:
    documented = env_example()
    read = settings_the_server_reads()
    assert sorted(read - set(documented)) == [], "add these to deploy/clubdesk-server.env.example"
    assert sorted(set(documented) - read) == [], "the server no longer reads these"
    for secret in ("ZARINPAL_MERCHANT_ID", "KAVENEGAR_API_KEY", "ADMIN_TOKEN", "METRICS_TOKEN"):
        assert documented[f"CLUBDESK_SERVER_{secret}"] == ""  # filled in on the server only
    assert documented["CLUBDESK_SERVER_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert documented["CLUBDESK_SERVER_GATEWAY"] == "zarinpal"


def test_the_systemd_unit_migrates_then_serves_behind_the_proxy() -> None:
    unit = unit_file(DEPLOY / "clubdesk-server.service")
    service = unit["Service"]
    assert service["User"] == ["clubdesk"]
    assert service["EnvironmentFile"] == [ENV_FILE]
    (pre,) = service["ExecStartPre"]
    (start,) = service["ExecStart"]
    parser = cli.build_parser()
    migrate = shlex.split(pre)
    serve = shlex.split(start)
    assert migrate[0] == serve[0] == PROGRAM
    assert parser.parse_args(migrate[1:]).handler is cli.cmd_db_upgrade
    args = parser.parse_args(serve[1:])
    assert args.handler is cli.cmd_serve
    assert (args.host, args.forwarded_allow_ips, args.demo) == ("127.0.0.1", "127.0.0.1", False)
    data_dir = env_example()["CLUBDESK_SERVER_DATA_DIR"]
    assert service["ReadWritePaths"] == [data_dir]
    assert f"/var/lib/{service['StateDirectory'][0]}" == data_dir
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "Restart": "on-failure",
    }.items():
        assert service[key] == [value], key
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    names = ["clubdesk-server.service", "clubdesk-server-backup.service"]
    names.append("clubdesk-server-backup.timer")
    for name in names:  # with programs that exist here: verify checks they are executable
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace(PROGRAM, "/bin/true").replace(
            "/usr/local/sbin/clubdesk-server-backup", "/bin/true"
        )
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / name) for name in names)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""


def serve_port() -> int:
    (start,) = unit_file(DEPLOY / "clubdesk-server.service")["Service"]["ExecStart"]
    return int(cli.build_parser().parse_args(shlex.split(start)[1:]).port)


def setting_default(name: str) -> Any:
    return next(f.default for f in fields(Settings) if f.name == name)


def test_nginx_passes_tls_traffic_to_the_unit_port() -> None:
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert re.findall(r"^\s*server (127\.0\.0\.1:\d+);", conf, re.M) == [
        f"127.0.0.1:{serve_port()}"
    ]
    assert re.search(r"^\s*listen 443 ssl;", conf, re.M)
    assert re.search(r"^\s*return 301 https://\$host\$request_uri;", conf, re.M)
    assert re.findall(r"^\s*ssl_protocols (.+);", conf, re.M) == ["TLSv1.2 TLSv1.3"]
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "Host"):
        assert re.search(rf"^\s*proxy_set_header {header} \$", conf, re.M), header
    (body,) = re.findall(r"^\s*client_max_body_size (\d+)m;", conf, re.M)
    assert int(body) << 20 > setting_default("cloud_chunk_size")  # one off-site backup chunk
    (read,) = re.findall(r"^\s*proxy_read_timeout (\d+)s;", conf, re.M)
    assert int(read) > COMPLETE_TIMEOUT[1]  # the app's wait for .../complete


def test_caddy_passes_tls_traffic_to_the_unit_port() -> None:
    conf = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert re.findall(r"reverse_proxy (\S+)", conf) == [f"127.0.0.1:{serve_port()}"]
    (body,) = re.findall(r"max_size (\d+)MiB", conf)
    assert int(body) << 20 > setting_default("cloud_chunk_size")
    (read,) = re.findall(r"read_timeout (\d+)s", conf)
    assert int(read) > COMPLETE_TIMEOUT[1]


def test_the_scripts_run_the_installed_program_with_the_service_settings() -> None:
    for name in ("clubdesk-server-admin", "clubdesk-server-backup"):
        script = DEPLOY / name
        assert os.access(script, os.X_OK), name
        subprocess.run(["bash", "-n", str(script)], check=True, timeout=30)
        assert ENV_FILE in script.read_text(encoding="utf-8")
    assert PROGRAM in (DEPLOY / "clubdesk-server-admin").read_text(encoding="utf-8")
    timer = unit_file(DEPLOY / "clubdesk-server-backup.timer")
    assert timer["Timer"]["OnCalendar"]
    assert timer["Timer"]["Persistent"] == ["true"]
    backup = unit_file(DEPLOY / "clubdesk-server-backup.service")
    assert backup["Service"]["ExecStart"] == ["/usr/local/sbin/clubdesk-server-backup"]


# -- docs/server.md ----------------------------------------------------------------------------


def documented_commands() -> list[list[str]]:
    """The arguments of every clubdesk-server command in docs/server.md: the lines of its shell
    blocks, and inline code that starts with the command and gives it arguments."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    prose = re.sub(r"```\w*\n.*?```", "", text, flags=re.S)  # every fenced block (yaml too)
    lines += [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)]
    commands = []
    for line in lines:
        words = shlex.split(line, comments=True)
        if words[:1] == ["sudo"]:
            words = words[3:] if words[1] == "-u" else words[1:]
        if len(words) > 1 and Path(words[0]).name in ("clubdesk-server", "clubdesk-server-admin"):
            commands.append(words[1:])
    return commands


def test_every_command_in_the_server_guide_exists(capsys: pytest.CaptureFixture[str]) -> None:
    commands = documented_commands()
    assert len(commands) >= 15
    parser = cli.build_parser()
    for argv in commands:
        try:
            parser.parse_args(argv)
        except SystemExit as stop:  # --help exits 0
            if stop.code:
                message = capsys.readouterr().err.strip().splitlines()[-1:]
                pytest.fail(f"docs/server.md: clubdesk-server {shlex.join(argv)}: {message}")


def test_the_server_guide_covers_deploy_and_is_linked() -> None:
    guide = DOCS.read_text(encoding="utf-8")
    for path in DEPLOY.iterdir():
        assert f"deploy/{path.name}" in guide, path.name
    assert "make server-dist" in guide
    assert "(docs/server.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
