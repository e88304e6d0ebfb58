# shellcheck shell=bash
# Sourced by deb.sh and appimage.sh: what the one-folder build recorded.

# The version the build recorded: the `Version:` of its clubdesk-*.dist-info/METADATA, which
# build.spec copies from the installed package (pyproject's [project].version). The same file
# answers `clubdesk --version`, so the package and the program can never disagree.
built_version() {
    local metadata version
    metadata=$(find "$1" -path '*/clubdesk-*.dist-info/METADATA' -print -quit)
    [ -n "$metadata" ] || { echo "no clubdesk-*.dist-info/METADATA in $1" >&2; return 1; }
    version=$(sed -n 's/^Version: *//p' "$metadata" | head -n 1 | tr -d '\r')
    [ -n "$version" ] || { echo "no Version in $metadata" >&2; return 1; }
    echo "$version"
}
