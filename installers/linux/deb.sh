#!/usr/bin/env bash
# The ClubDesk .deb, from the PyInstaller one-folder build (`make dist` runs it).
#
#     installers/linux/deb.sh [BUILT_FOLDER] [OUT_DIR]
#         BUILT_FOLDER  default dist/clubdesk (what build.spec makes)
#         OUT_DIR       default: the folder that holds BUILT_FOLDER (dist/)
#
# Writes OUT_DIR/clubdesk_VERSION_ARCH.deb and prints its path on stdout:
#     /opt/clubdesk/                          the one-folder build
#     /usr/bin/clubdesk                       -> /opt/clubdesk/clubdesk
#     /usr/share/applications/clubdesk.desktop
#     /usr/share/icons/hicolor/scalable/apps/clubdesk.svg
# VERSION is the one the build recorded (its clubdesk-*.dist-info, i.e. pyproject's version);
# ARCH is this machine's (`dpkg --print-architecture`): the build is native code.
# No root needed: --root-owner-group makes every file root's inside the package.
# The menu and icon caches are refreshed by dpkg's triggers (desktop-file-utils, hicolor).
# Uninstalling (apt remove or purge) never touches the shops' data in ~/.local/share/ClubDesk.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
built=$(cd "${1:-$root/dist/clubdesk}" && pwd)
out=${2:-$(dirname "$built")}

fail() { echo "deb.sh: $*" >&2; exit 1; }

command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing (Debian/Ubuntu: apt-get install dpkg)"
[ -x "$built/clubdesk" ] || fail "$built/clubdesk is missing: build it first (make dist)"

# shellcheck source=installers/linux/common.sh
. "$here/common.sh"
version=$(built_version "$built")
arch=$(dpkg --print-architecture)

# The libraries Qt loads that the build leaves to the system (as scripts/sysdeps.sh installs
# for development): OpenGL/EGL, fontconfig, D-Bus and the X11 (xcb) platform plugin's helpers.
# Ubuntu 24.04 renamed glib with a t64 suffix; either name will do.
depends="libc6 (>= 2.34), libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0,
 libxkbcommon-x11-0, libdbus-1-3, libglib2.0-0 | libglib2.0-0t64, libxcb-cursor0,
 libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0,
 libxcb-xkb1, libxcb-randr0, libx11-xcb1"
depends=$(echo "$depends" | tr -s ' \n' ' ')

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/clubdesk"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
    "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/doc/clubdesk"
cp -a "$built" "$pkg/opt/clubdesk"
ln -s /opt/clubdesk/clubdesk "$pkg/usr/bin/clubdesk"
install -m 644 "$here/clubdesk.desktop" "$pkg/usr/share/applications/clubdesk.desktop"
install -m 644 "$root/resources/icons/clubdesk.svg" \
    "$pkg/usr/share/icons/hicolor/scalable/apps/clubdesk.svg"
install -m 644 "$root/resources/fonts/OFL.txt" "$pkg/usr/share/doc/clubdesk/Vazirmatn-OFL.txt"

# Whatever umask the build ran with: directories 755, files 644, programs 755.
chmod -R u+rwX,go+rX,go-w "$pkg"

installed_kb=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<CONTROL
Package: clubdesk
Version: $version
Architecture: $arch
Maintainer: ClubDesk <support@clubdesk.ir>
Installed-Size: $installed_kb
Depends: $depends
Section: misc
Priority: optional
Homepage: https://clubdesk.ir
Description: customer club (loyalty program) for shop counters
 ClubDesk finds or registers a customer by mobile number in a second or two,
 records purchases and the points they earn, reaches members by SMS, and keeps
 encrypted backups. Persian and English.
 .
 The shop's data lives in the user's folder (~/.local/share/ClubDesk) and is
 kept when the package is removed.
CONTROL

mkdir -p "$out"
deb="$out/clubdesk_${version}_${arch}.deb"
# xz: the default of Debian's dpkg-deb, readable by every apt since Debian 7 / Ubuntu 12.04.
dpkg-deb --build --root-owner-group -Zxz "$pkg" "$deb" >&2
echo "$deb"
