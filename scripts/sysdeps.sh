#!/usr/bin/env bash
# Debian/Ubuntu system packages the app needs: Python's venv, and the libraries Qt loads.
# As root they are installed; otherwise the exact apt-get line is printed and make stops.
set -euo pipefail

python=${PYTHON:-python3}
packages=()

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "ClubDesk needs Python 3.11 or newer; '$python' is $("$python" --version 2>&1)." >&2
    echo "On Debian 12 or Ubuntu 24.04 the system python3 is new enough; or run: make PYTHON=python3.12 ..." >&2
    exit 1
fi
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    packages+=("python3-venv")
fi

if command -v dpkg-query >/dev/null 2>&1; then
    # Qt's offscreen and xcb platforms, fonts and OpenGL stubs, as a minimal Debian lacks them.
    qt_libs=(libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libxkbcommon-x11-0
        libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
        libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libx11-xcb1)
    for pkg in "${qt_libs[@]}"; do
        # Ubuntu 24.04 renamed some libraries with a t64 suffix; either name will do.
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" &&
           ! dpkg-query -W -f='${Status}' "${pkg}t64" 2>/dev/null | grep -q "ok installed"; then
            packages+=("$pkg")
        fi
    done
fi

[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${packages[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
    echo "ClubDesk needs these system packages. Install them with:" >&2
    echo "    sudo apt-get install -y ${packages[*]}" >&2
    exit 1
fi
