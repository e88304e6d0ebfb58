#!/usr/bin/env bash
# The ClubDesk AppImage recipe, from the PyInstaller one-folder build (`make dist` runs it).
#
#     installers/linux/appimage.sh [BUILT_FOLDER] [OUT_DIR]
#         BUILT_FOLDER  default dist/clubdesk (what build.spec makes)
#         OUT_DIR       default: the folder that holds BUILT_FOLDER (dist/)
#
# Makes OUT_DIR/ClubDesk.AppDir:
#     AppRun                    starts usr/lib/clubdesk/clubdesk with the given arguments
#     clubdesk.desktop          the menu entry (installers/linux/clubdesk.desktop)
#     clubdesk.svg, .DirIcon    the icon
#     usr/lib/clubdesk/         the one-folder build
#     usr/share/applications/, usr/share/icons/hicolor/scalable/apps/   the same two files
# and packs it into OUT_DIR/ClubDesk-VERSION-ARCH.AppImage with appimagetool (on PATH, or
# APPIMAGETOOL=/path/to/appimagetool), from https://github.com/AppImage/appimagetool/releases.
# Without appimagetool it stops after the AppDir and says how to pack it: not an error.
# The AppImage runs on the same distributions as the build (glibc 2.34 or newer) and needs
# FUSE 2 (libfuse2) to start by a double-click; without it: ./ClubDesk-*.AppImage
# --appimage-extract-and-run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
built=$(cd "${1:-$root/dist/clubdesk}" && pwd)
out=${2:-$(dirname "$built")}

[ -x "$built/clubdesk" ] || { echo "appimage.sh: $built/clubdesk is missing: make dist" >&2; exit 1; }

# shellcheck source=installers/linux/common.sh
. "$here/common.sh"
version=$(built_version "$built")
arch=$(uname -m)  # appimagetool's names: x86_64, aarch64

appdir="$out/ClubDesk.AppDir"
rm -rf "$appdir"
mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" \
    "$appdir/usr/share/icons/hicolor/scalable/apps"
cp -a "$built" "$appdir/usr/lib/clubdesk"
install -m 644 "$here/clubdesk.desktop" "$appdir/clubdesk.desktop"
install -m 644 "$here/clubdesk.desktop" "$appdir/usr/share/applications/clubdesk.desktop"
install -m 644 "$root/resources/icons/clubdesk.svg" "$appdir/clubdesk.svg"
install -m 644 "$root/resources/icons/clubdesk.svg" \
    "$appdir/usr/share/icons/hicolor/scalable/apps/clubdesk.svg"
ln -s clubdesk.svg "$appdir/.DirIcon"
cat >"$appdir/AppRun" <<'APPRUN'
#!/bin/sh
# The AppImage's entry point: the one-folder program, with the arguments it was given.
here=$(dirname "$(readlink -f "$0")")
exec "$here/usr/lib/clubdesk/clubdesk" "$@"
APPRUN
chmod 755 "$appdir/AppRun"
echo "appimage.sh: AppDir ready: $appdir" >&2

tool=${APPIMAGETOOL:-$(command -v appimagetool || true)}
image="$out/ClubDesk-$version-$arch.AppImage"
if [ -z "$tool" ] || [ ! -x "$tool" ]; then
    cat >&2 <<HOW
appimage.sh: appimagetool is not installed, so no .AppImage was packed. To pack this AppDir:
    download appimagetool-$arch.AppImage from https://github.com/AppImage/appimagetool/releases
    chmod +x appimagetool-$arch.AppImage
    ARCH=$arch ./appimagetool-$arch.AppImage "$appdir" "$image"
(or run this script again with APPIMAGETOOL=/path/to/appimagetool)
HOW
    exit 0
fi
ARCH=$arch "$tool" --no-appstream "$appdir" "$image" >&2
echo "$image"
