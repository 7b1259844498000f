#!/bin/sh
# win-deps.sh [TRIPLET] — prepare a mingw-w64 cross build of dheapsim for
# TRIPLET (default x86_64-w64-mingw32, or i686-w64-mingw32): install the cross
# gcc (posix-thread variant), dpkg-dev, cmake, make, zip and groff-base (the
# man page as text, make dist) when missing; fetch
# jansson's Debian source package through a private apt configuration (the
# machine's is left alone) and install it static with jansson.pc under
# $OUT/deps/TRIPLET, where OUT is $WIN_OUT or build-win in the repo root.
set -eu

TRIPLET=${1:-x86_64-w64-mingw32}
cd "$(dirname "$0")/.."
OUT=${WIN_OUT:-build-win}
say() { echo "win-deps: $*"; }
die() { echo "win-deps: $*" >&2; exit 1; }

if [ -f "$OUT/deps/$TRIPLET/lib/libjansson.a" ]; then
    say "$OUT/deps/$TRIPLET/lib/libjansson.a exists; nothing to do"
    exit 0
fi

case "$TRIPLET" in
    x86_64-w64-mingw32) a=x86-64 ;;
    i686-w64-mingw32)   a=i686 ;;
    *) die "unknown triplet $TRIPLET (x86_64-w64-mingw32 or i686-w64-mingw32)" ;;
esac
# gcc-mingw-w64-ARCH depends on both thread variants; -posix is the one
# with winpthreads (dheapsim links with -pthread).
PKGS="gcc-mingw-w64-$a gcc-mingw-w64-$a-posix dpkg-dev cmake make zip groff-base"
CC=$TRIPLET-gcc-posix
. tools/apt_need.sh

need $PKGS
command -v "$CC" >/dev/null 2>&1 || die "$CC not found after install"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PREFIX=$OUT/deps/$TRIPLET
# jansson's Debian source package, fetched through a private apt
# configuration under $OUT/apt into $OUT/src (tools/jansson-src.sh).
SRC=$(JANSSON_SRC_TAG=win-deps sh tools/jansson-src.sh "$OUT") ||
    die "could not get jansson's source"
SRC=$(printf '%s\n' "$SRC" | tail -n 1)
say "jansson source: ${SRC##*/}"

# jansson's own build system: Debian's orig tarball is upstream's git tag,
# with CMakeLists.txt but no generated configure script, so CMake.
# HAVE_SCHED_YIELD=OFF: winpthreads' sched_yield would make libjansson.a
# need -lwinpthread (jansson.pc does not say so); without it jansson takes
# its _WIN32 path (SwitchToThread) and links with either thread variant.
BLD=$OUT/build/jansson-$TRIPLET
rm -rf "$BLD"
mkdir -p "$BLD"
say "cmake: CMAKE_SYSTEM_NAME=Windows CC=$CC, static, no tests/docs/examples"
{ cmake -S "$SRC" -B "$BLD" -DCMAKE_SYSTEM_NAME=Windows \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_RC_COMPILER="$TRIPLET-windres" \
    -DCMAKE_FIND_ROOT_PATH="/usr/$TRIPLET" \
    -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY \
    -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DJANSSON_BUILD_SHARED_LIBS=OFF -DJANSSON_WITHOUT_TESTS=ON \
    -DJANSSON_EXAMPLES=OFF -DJANSSON_BUILD_DOCS=OFF -DHAVE_SCHED_YIELD=OFF &&
  cmake --build "$BLD" -j2 && cmake --install "$BLD"; } \
    >"$BLD/build.log" 2>&1 ||
    { tail -n 30 "$BLD/build.log" >&2; die "jansson build failed"; }
[ -f "$PREFIX/lib/libjansson.a" ] || die "no $PREFIX/lib/libjansson.a"
say "installed jansson in $PREFIX (include/, lib/libjansson.a, lib/pkgconfig/jansson.pc)"
