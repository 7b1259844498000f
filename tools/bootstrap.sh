#!/bin/sh
# bootstrap.sh — make sure the Debian packages dheapsim builds and tests
# with are installed (Debian 12 bookworm and 13 trixie).
# As root it runs apt-get update and
# apt-get install -y --no-install-recommends for what is missing; otherwise
# it prints that exact command (to run as root) and exits 1. Nothing is
# fetched when every package is present.
#
# The check set (`make check`, `make demo`):
#   libjansson-dev libcmocka-dev pkg-config  the build and the unit tests
#   gnuplot-nox         the plot check and the HTML report's charts
#   chromium            the HTML check (headless); required, not optional
#   clang, libclang-rt-N-dev  the libFuzzer targets; N is the major version
#                       of the clang that is installed (`clang --version`)
#                       or, when clang is not, of the clang-N package that
#                       Debian's `clang` depends on (bookworm 14, trixie 19)
#   valgrind            memcheck of the golden scenarios
#   strace              injects signals and I/O errors (tests/outfile.sh)
#   python3-jsonschema  tests/schema_check.sh validates the scenario schema
# BOOTSTRAP_BENCH=1 adds jq, for `make bench` only (the reference reader of
# the scenario files); `make demo` and `make check` never need it.
# BOOTSTRAP_WINE=1 adds wine and wine64, for `make check-windows` (the
# cross compiler and jansson's source come from tools/win-deps.sh).
PKGS="libjansson-dev libcmocka-dev pkg-config gnuplot-nox chromium clang valgrind strace python3-jsonschema"
BENCH="jq"
if [ "${BOOTSTRAP_BENCH:-0}" = 1 ]; then
    PKGS="$PKGS $BENCH"
fi
if [ "${BOOTSTRAP_WINE:-0}" = 1 ]; then
    PKGS="$PKGS wine wine64"
fi
root=0
[ "$(id -u)" -eq 0 ] && root=1

# installed PKG, known PKG (and APT_INSTALL): tools/apt_need.sh
. "$(dirname "$0")/apt_need.sh"

# The clang major version the fuzz targets build with: the installed
# `clang` first, else the clang-N that the `clang` package depends on.
clang_major() {
    if command -v clang >/dev/null 2>&1; then
        v=$(clang --version 2>/dev/null |
            sed -n 's/.*clang version \([0-9][0-9]*\)\..*/\1/p' | head -n 1)
        if [ -n "$v" ] && { installed "libclang-rt-$v-dev" ||
                            known "libclang-rt-$v-dev"; }; then
            echo "$v"; return
        fi
    fi
    apt-cache depends clang 2>/dev/null |
        sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n 1
}

updated=0
apt_update() {
    [ $updated = 1 ] && return 0
    echo "bootstrap: apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q || {
        echo "bootstrap: apt-get update failed" >&2; exit 1; }
    updated=1
}

missing=""
for p in $PKGS; do
    installed "$p" || missing="$missing $p"
done

# clang's runtime (libFuzzer, sanitizers): the one matching clang's version.
rt=""
v=$(clang_major)
if [ -z "$v" ] && [ $root = 1 ]; then
    # A fresh machine may have no (or old) package lists yet.
    apt_update
    v=$(clang_major)
fi
if [ -n "$v" ]; then
    rt="libclang-rt-$v-dev"
elif [ $root = 1 ]; then
    echo "bootstrap: cannot tell which clang apt would install" \
         "('apt-cache depends clang' names no clang-N)" >&2
    exit 1
else
    # Not root and no package lists: Debian's metapackage (llvm-defaults,
    # bookworm and trixie) depends on the libclang-rt-N-dev of its clang.
    rt="libclang-rt-dev"
fi
installed "$rt" || missing="$missing $rt"

[ -z "$missing" ] && exit 0
cmd="apt-get update && $APT_INSTALL$missing"
if [ $root = 1 ]; then
    echo "bootstrap: installing:$missing"
    apt_update
    DEBIAN_FRONTEND=noninteractive $APT_INSTALL -q $missing || {
        echo "bootstrap: apt-get failed; run as root: $cmd" >&2; exit 1; }
    exit 0
fi
echo "bootstrap: missing Debian packages:$missing" >&2
echo "bootstrap: run as root: $cmd" >&2
echo "bootstrap: (from another account, for example: su -c '$cmd')" >&2
exit 1
