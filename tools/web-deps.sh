#!/bin/sh
# web-deps.sh — prepare a WebAssembly build of dheapsim: install Debian's
# emscripten, cmake, make and dpkg-dev (and npm when there is none) when
# missing (as root; otherwise print
# the command and exit 1), get jansson's Debian source (tools/jansson-src.sh)
# and install it static with Debian's emscripten (emcmake cmake) under
# $OUT/deps/wasm (include/, lib/libjansson.a), OUT being $WEB_OUT or build-web.
set -eu

cd "$(dirname "$0")/.."
OUT=${WEB_OUT:-build-web}
say() { echo "web-deps: $*"; }
die() { echo "web-deps: $*" >&2; exit 1; }

if [ -f "$OUT/deps/wasm/lib/libjansson.a" ]; then
    say "$OUT/deps/wasm/lib/libjansson.a exists; nothing to do"
    exit 0
fi

PKGS="emscripten cmake make dpkg-dev"
. tools/apt_need.sh

need $PKGS
# npm for the browser test's playwright-core (make check-web): Debian's
# package only when no npm is there (a NodeSource nodejs brings its own).
command -v npm >/dev/null 2>&1 || need npm
command -v emcc >/dev/null 2>&1 || die "emcc not found after install"

# Debian's emscripten runs its JS tools with node and needs node-acorn from
# /usr/share/nodejs, which only Debian's own nodejs searches by itself.
# EM_CACHE stays unset: Debian ships a prebuilt, frozen cache
# (/usr/share/emscripten/cache); an empty EM_CACHE folder makes emcc fail.
if ! node -e 'require("acorn")' >/dev/null 2>&1; then
    export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
    say "NODE_PATH=$NODE_PATH (for emscripten's acorn)"
fi
say "$(emcc --version | head -n 1)"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PREFIX=$OUT/deps/wasm

SRC=$(JANSSON_SRC_TAG=web-deps sh tools/jansson-src.sh "$OUT") ||
    die "could not get jansson's source"
SRC=$(printf '%s\n' "$SRC" | tail -n 1)
say "jansson source: ${SRC##*/}"

BLD=$OUT/build/jansson-wasm
rm -rf "$BLD"
mkdir -p "$BLD"
say "emcmake cmake: static, no tests/docs/examples (about a minute)"
{ emcmake cmake -S "$SRC" -B "$BLD" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" -DJANSSON_BUILD_SHARED_LIBS=OFF \
    -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_EXAMPLES=OFF \
    -DJANSSON_BUILD_DOCS=OFF &&
  emmake cmake --build "$BLD" -j2 && cmake --install "$BLD"; } \
    >"$BLD/build.log" 2>&1 ||
    { tail -n 30 "$BLD/build.log" >&2; die "jansson build failed"; }
[ -f "$PREFIX/lib/libjansson.a" ] || die "no $PREFIX/lib/libjansson.a"
say "installed jansson in $PREFIX (include/, lib/libjansson.a)"
