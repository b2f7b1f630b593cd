#!/usr/bin/env bash
# Builds sx as one self-contained binary (the Swift runtime linked in: --static-swift-stdlib) and installs it:
#   PREFIX/bin/sx                  the binary (stripped)
#   PREFIX/share/sx/themes/*.json  the themes, found by sx next to its binary
# Usage: bash install.sh [--prefix DIR]      (default /usr/local; e.g. --prefix ~/.local)
# Needs the build dependencies only to build (Swift, libncursesw-dev); the installed binary needs only libc and
# libncursesw at run time.
set -euo pipefail
cd "$(dirname "$0")"
prefix=/usr/local
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
swift build -c release --static-swift-stdlib --scratch-path .build-release --product sx
bin=.build-release/release/sx
mkdir -p "$prefix/bin" "$prefix/share/sx/themes"
tmp="$prefix/bin/.sx.install.$$"
cp "$bin" "$tmp"
strip "$tmp" 2>/dev/null || true
chmod 755 "$tmp"
mv -f "$tmp" "$prefix/bin/sx"
install -m 644 themes/*.json "$prefix/share/sx/themes/"
echo "installed $("$prefix/bin/sx" --version) as $prefix/bin/sx, themes in $prefix/share/sx/themes"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on PATH" ;; esac
