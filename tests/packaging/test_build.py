"""The Linux artefacts as a shop gets them: the PyInstaller one-folder build (build.spec), the
.deb around it (installers/linux/deb.sh) installed into a temporary root, and the AppImage's
AppDir (installers/linux/appimage.sh).

They are built once per module, into a temporary folder (never the tree's dist/ or build/),
with the test licence server's public key baked in as a release carries the vendor's. That
takes one to three minutes, and runs in every `make test`: CI builds and smoke-tests what
shops install. Skipped where it cannot run: off Linux, or without dpkg-deb.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import clubdesk
from clubdesk.storage import schema
from clubdesk_server import keys
from licence_server import RunningServer, running_server

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"
LINUX = ROOT / "installers" / "linux"
BUILD_SECONDS = 900
RUN_SECONDS = 120
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADD = ("members", "add", "--phone", "09121234567", "--first-name", "Ali", "--json")

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux artefacts"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed"),
]


@dataclass(frozen=True)
class Built:
    folder: Path  # the one-folder build: folder/clubdesk
    public_keys: Path  # the public-keys.json baked into it
    server_keys: Path  # the test server's keys folder, to serve leases signed by that key
    deb: Path
    root: Path  # the .deb unpacked, as `dpkg -i` would lay it out under /
    appdir: Path


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def checked(command: list[str], timeout: int, **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kw
    )  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command[:3]} failed:\n{tail(done.stdout + done.stderr)}"
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    pytest.importorskip("PyInstaller")
    tmp = tmp_path_factory.mktemp("build")
    server_keys = tmp / "server-keys"
    keys.ensure(server_keys)
    public_keys = keys.export(server_keys, tmp / "public-keys")

    dist, work = tmp / "dist", tmp / "work"
    env = os.environ | {"CLUBDESK_PUBLIC_KEYS_DIR": str(public_keys.parent)}
    checked(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
         "--workpath", str(work), str(SPEC)],
        BUILD_SECONDS, cwd=ROOT, env=env,
    )  # fmt: skip
    folder = dist / "clubdesk"

    made = checked(["bash", str(LINUX / "deb.sh"), str(folder), str(tmp / "out")], BUILD_SECONDS)
    deb = Path(made.stdout.strip().splitlines()[-1])
    root = tmp / "root"
    checked(["dpkg-deb", "-x", str(deb), str(root)], RUN_SECONDS)

    no_tool = os.environ | {"APPIMAGETOOL": str(tmp / "no-appimagetool")}
    checked(["bash", str(LINUX / "appimage.sh"), str(folder), str(tmp / "out")], RUN_SECONDS,
            env=no_tool)  # fmt: skip
    return Built(folder, public_keys, server_keys, deb, root, tmp / "out" / "ClubDesk.AppDir")


@pytest.fixture
def server(built: Built, tmp_path: Path) -> Iterator[RunningServer]:
    """The licence server whose key the build trusts."""
    with running_server(tmp_path / "server", keys_dir=built.server_keys) as running:
        yield running


def run(
    program: Path, *args: str, data: Path | None = None, expect: int = 0, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CLUBDESK_DATA_DIR"}
    environment |= {"QT_QPA_PLATFORM": "offscreen"} | env
    options = ["--data-dir", str(data)] if data else []
    done = subprocess.run(
        [str(program), *options, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=RUN_SECONDS,
        check=False,
    )
    assert done.returncode == expect, f"{program.name} {args}:\n{done.stdout}{done.stderr}"
    return done


def installed(built: Built) -> Path:
    return built.root / "opt" / "clubdesk" / "clubdesk"


def test_the_folder_carries_resources_keys_and_qt_charts(built: Built) -> None:
    resources = built.folder / "_internal" / "resources"
    vendor = json.loads((resources / "vendor.json").read_text(encoding="utf-8"))
    assert vendor == json.loads((ROOT / "resources" / "vendor.json").read_text(encoding="utf-8"))
    shipped = sorted((resources / "keys").glob("*.json"))
    assert [path.name for path in shipped] == [built.public_keys.name]
    assert shipped[0].read_bytes() == built.public_keys.read_bytes()
    assert list((resources / "keys").iterdir()) == shipped  # public keys only, nothing else
    assert (resources / "fonts" / "Vazirmatn-Regular.ttf").is_file()
    assert (resources / "fonts" / "OFL.txt").is_file()
    assert (resources / "translations" / "clubdesk_fa.qm").is_file()
    assert not list(resources.rglob("*.ts"))  # translation sources stay out
    assert (resources / "icons" / "clubdesk.svg").is_file()
    libraries = {path.name.split(".so")[0] for path in built.folder.rglob("lib*.so*")}
    # ui/reports.py draws with Qt Charts, which links Qt's OpenGL widgets.
    assert {"libQt6Charts", "libQt6OpenGL", "libQt6OpenGLWidgets"} <= libraries


def test_the_deb_installs_the_program_menu_entry_and_icon(built: Built) -> None:
    assert built.deb.name.startswith(f"clubdesk_{clubdesk.__version__}_")
    field = {
        name: checked(["dpkg-deb", "-f", str(built.deb), name], RUN_SECONDS).stdout.strip()
        for name in ("Package", "Version", "Architecture", "Depends", "Installed-Size")
    }
    assert field["Package"] == "clubdesk"
    assert field["Version"] == clubdesk.__version__  # the version the build recorded
    architecture = checked(["dpkg", "--print-architecture"], RUN_SECONDS).stdout.strip()
    assert field["Architecture"] == architecture
    assert built.deb.name == f"clubdesk_{clubdesk.__version__}_{architecture}.deb"
    for library in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libegl1"):
        assert library in field["Depends"]
    assert int(field["Installed-Size"]) > 50_000  # KiB: the whole folder is in it

    link = built.root / "usr" / "bin" / "clubdesk"
    assert link.is_symlink()
    assert os.readlink(link) == "/opt/clubdesk/clubdesk"
    assert os.access(installed(built), os.X_OK)
    entry = (built.root / "usr/share/applications/clubdesk.desktop").read_text(encoding="utf-8")
    lines = set(entry.splitlines())
    assert {"[Desktop Entry]", "Type=Application", "Exec=clubdesk", "Icon=clubdesk",
            "Categories=Office;", "Name=ClubDesk", "Terminal=false"} <= lines  # fmt: skip
    assert any(line.startswith("Name[fa]=") for line in lines)
    icon = built.root / "usr/share/icons/hicolor/scalable/apps/clubdesk.svg"
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "clubdesk.svg").read_bytes()

    # Root owns everything in the package, whoever built it (--root-owner-group).
    listing = checked(["dpkg-deb", "-c", str(built.deb)], RUN_SECONDS).stdout.splitlines()
    assert listing
    assert all(line.split()[1] == "root/root" for line in listing)


def test_the_installed_program_reports_its_version_also_through_a_symlink(
    built: Built, tmp_path: Path
) -> None:
    version = run(installed(built), "--version")
    assert version.stdout.strip() == f"clubdesk {clubdesk.__version__}"
    # /usr/bin/clubdesk is a symlink: the program finds its folder through it.
    link = tmp_path / "bin" / "clubdesk"
    link.parent.mkdir()
    link.symlink_to(installed(built))
    assert run(link, "--version").stdout.strip() == f"clubdesk {clubdesk.__version__}"


def test_the_installed_program_activates_self_tests_and_registers(
    built: Built, server: RunningServer, tmp_path: Path
) -> None:
    program = installed(built)
    shop = tmp_path / "shop"  # does not exist yet: the frozen app creates and migrates it

    # Before activation: locked, reported, and member commands refused (exit 3).
    before = json.loads(run(program, "self-test", "--json", data=shop).stdout)
    assert before["frozen"] is True
    assert before["licence"]["state"] == "locked"
    assert before["licence"]["keys"] == 1  # the key baked into the build
    assert before["database"]["new"] is True  # checked aside: the first-run wizard still opens
    assert before["database"]["schema"] == schema.HEAD
    run(program, "self-test", "--require-licence", data=shop, expect=3)
    assert "licence is locked" in run(program, *ADD, data=shop, expect=3).stderr

    key = server.create_licence(days=30)
    run(program, "licence", "activate", key, "--server", server.url, data=shop)
    added = json.loads(run(program, *ADD, data=shop).stdout)
    assert added["phone"] == "+989121234567"
    assert added["existing"] is False

    report = json.loads(run(program, "self-test", "--require-licence", "--json", data=shop).stdout)
    assert report["version"] == clubdesk.__version__
    assert report["licence"]["state"] == "active"
    assert report["licence"]["signature_ok"] is True
    assert report["database"] == {
        "path": str(shop / "clubdesk.sqlite3"), "schema": schema.HEAD, "members": 1, "new": False
    }  # fmt: skip
    assert report["vendor"]["licence_server"]
    assert report["fonts"]["loaded"] is True
    assert report["translations"]["loaded"] is True
    assert "clubdesk.ui.reports" in report["modules"]["imported"]  # Qt Charts is in the build
    assert report["modules"]["failed"] == {}
    assert report["problems"] == []
    screenshot = Path(report["screenshot"])
    assert screenshot == shop / "self-test.png"
    image = screenshot.read_bytes()
    assert image.startswith(PNG_SIGNATURE)
    assert len(image) > 1000

    found = json.loads(run(program, "members", "find", "4567", "--json", data=shop).stdout)
    assert [member["id"] for member in found] == [added["id"]]


def test_the_frozen_program_trusts_only_the_keys_it_carries(built: Built, tmp_path: Path) -> None:
    """A lease signed by another key (CLUBDESK_DEV_PUBLIC_KEYS is for source trees only)
    leaves the shop locked, and the self-test says the lease does not verify (exit 4)."""
    shop = tmp_path / "shop"
    with running_server(tmp_path / "other-server") as other:
        key = other.create_licence(days=30)
        dev_keys = str(other.public_keys_file)
        run(installed(built), "licence", "activate", key, "--server", other.url, data=shop,
            expect=3, CLUBDESK_DEV_PUBLIC_KEYS=dev_keys)  # fmt: skip
    tested = run(installed(built), "self-test", "--json", data=shop, expect=4,
                 CLUBDESK_DEV_PUBLIC_KEYS=dev_keys)  # fmt: skip
    report = json.loads(tested.stdout)
    assert report["licence"]["reason"] == "signature_invalid"
    assert report["licence"]["signature_ok"] is False
    assert "self-test found problems" in tested.stderr


def test_the_appdir_runs_through_apprun(built: Built) -> None:
    for name in ("clubdesk.desktop", "clubdesk.svg", "AppRun", "usr/lib/clubdesk/clubdesk"):
        assert (built.appdir / name).exists(), name
    assert (built.appdir / ".DirIcon").resolve() == (built.appdir / "clubdesk.svg").resolve()
    version = run(built.appdir / "AppRun", "--version")
    assert version.stdout.strip() == f"clubdesk {clubdesk.__version__}"
