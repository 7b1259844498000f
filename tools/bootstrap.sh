#!/bin/sh
# bootstrap.sh — make sure the Debian packages dheapsim builds with are here.
# As root it runs apt-get update and apt-get install -y for what is missing;
# otherwise it prints the exact command and fails. Nothing is fetched when
# every package is present. Optional: chromium (the HTML check of `make
# check` is skipped without it); installed only with BOOTSTRAP_OPTIONAL=1.
# clang and libclang-rt-14-dev: the libFuzzer targets; valgrind: memcheck of
# the golden scenarios; strace: injects signals and I/O errors (outfile.sh).
PKGS="libjansson-dev libcmocka-dev gnuplot-nox pkg-config clang libclang-rt-14-dev valgrind strace"
# Bench set: jq, for `make bench` only (it runs with BOOTSTRAP_BENCH=1);
# `make demo` and `make check` never need it.
BENCH="jq"
if [ "${BOOTSTRAP_BENCH:-0}" = 1 ]; then
    PKGS="$PKGS $BENCH"
fi
OPTIONAL="chromium"
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
if [ "${BOOTSTRAP_OPTIONAL:-0}" = 1 ]; then
    PKGS="$PKGS $OPTIONAL"
    for p in $OPTIONAL; do
        case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
            *"install ok installed"*) ;;
            *) missing="$missing $p" ;;
        esac
    done
elif ! command -v chromium >/dev/null 2>&1; then
    echo "bootstrap: optional package chromium is not installed (the HTML" \
         "check will be skipped); BOOTSTRAP_OPTIONAL=1 installs it"
fi
[ -z "$missing" ] && exit 0
cmd="apt-get update && apt-get install -y$missing"
if [ "$(id -u)" -eq 0 ]; then
    echo "bootstrap: installing:$missing"
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing || {
            echo "bootstrap: apt-get failed; run: $cmd" >&2; exit 1; }
else
    echo "bootstrap: missing Debian packages:$missing" >&2
    echo "bootstrap: run as root:  sudo sh -c '$cmd'" >&2
    exit 1
fi
