#!/usr/bin/env bash
# The ClubDesk disk image for macOS, from dist/ClubDesk.app (build.spec's BUNDLE step; `make dist`
# on a Mac runs both). Run on macOS: hdiutil, codesign and PlistBuddy are Apple's tools.
#
#     installers/macos/dmg.sh [APP] [OUT_DIR]
#         APP      default dist/ClubDesk.app
#         OUT_DIR  default: the folder that holds APP (dist/)
#
# Writes OUT_DIR/ClubDesk-VERSION-ARCH.dmg (compressed, read-only) holding ClubDesk.app and a
# link to /Applications, so the owner drags one onto the other. VERSION comes from the app's
# Info.plist (CFBundleShortVersionString, which build.spec takes from pyproject's version).
#
# Signing (optional, needed to open without Gatekeeper's warning):
#     CLUBDESK_CODESIGN_IDENTITY="Developer ID Application: ..."  for build.spec (signs the .app)
#                                                                  and here (signs the .dmg)
#     CLUBDESK_NOTARY_PROFILE=name   a `xcrun notarytool store-credentials` profile: the .dmg is
#                                    sent for notarisation, waited for, and stapled
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
app=${1:-$root/dist/ClubDesk.app}
app=$(cd "$app" && pwd)
out=${2:-$(dirname "$app")}

fail() { echo "dmg.sh: $*" >&2; exit 1; }

[ "$(uname -s)" = Darwin ] || fail "hdiutil exists on macOS only; build the .dmg on a Mac"
[ -x "$app/Contents/MacOS/clubdesk" ] || fail "$app is not a ClubDesk build: make dist first"

plist="$app/Contents/Info.plist"
version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$plist")
arch=$(lipo -archs "$app/Contents/MacOS/clubdesk" | tr ' ' '-')  # arm64, x86_64 or both

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# ditto keeps the bundle's symlinks, extended attributes and code signature intact.
ditto "$app" "$stage/ClubDesk.app"
ln -s /Applications "$stage/Applications"

mkdir -p "$out"
dmg="$out/ClubDesk-$version-$arch.dmg"
hdiutil create -volname ClubDesk -srcfolder "$stage" -ov -format UDZO "$dmg" >&2

if [ -n "${CLUBDESK_CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$CLUBDESK_CODESIGN_IDENTITY" "$dmg"
    if [ -n "${CLUBDESK_NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$dmg" --keychain-profile "$CLUBDESK_NOTARY_PROFILE" --wait >&2
        xcrun stapler staple "$dmg" >&2
    fi
else
    echo "dmg.sh: not signed (set CLUBDESK_CODESIGN_IDENTITY): Gatekeeper will warn" >&2
fi
echo "$dmg"
