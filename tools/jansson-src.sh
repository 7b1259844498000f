#!/bin/sh
# jansson-src.sh OUTDIR — fetch and unpack jansson's Debian source package
# into OUTDIR/src through a private apt configuration under OUTDIR/apt (deb-src
# twins of the machine's sources; the machine's apt config, lists and caches
# are left alone). Reuses a source already unpacked there. Needs dpkg-dev.
# Progress goes to stderr, prefixed "$JANSSON_SRC_TAG: " (default
# jansson-src); the last stdout line is the unpacked source folder's path.
set -eu

TAG=${JANSSON_SRC_TAG:-jansson-src}
say() { echo "$TAG: $*" >&2; }
die() { echo "$TAG: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: jansson-src.sh OUTDIR"
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
APT=$OUT/apt
root=0
[ "$(id -u)" -eq 0 ] && root=1

unpacked() { # print the first OUTDIR/src/jansson-*/ holding src/jansson.h
    for d in "$OUT"/src/jansson-*/; do
        [ -f "${d}src/jansson.h" ] && { echo "${d%/}"; return 0; }
    done
    return 1
}

if ! unpacked >/dev/null; then
    command -v dpkg-source >/dev/null 2>&1 ||
        die "dpkg-source not found; run as root: apt-get install -y --no-install-recommends dpkg-dev"
    rm -rf "$APT"
    mkdir -p "$APT/sources.list.d" "$APT/state/lists/partial" \
             "$APT/cache/archives/partial" "$OUT/src"
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'tolower($0) ~ /^types:/ { print "Types: deb-src"; next }
             { print }' "$f" >"$APT/sources.list.d/${f##*/}"
    done
    : >"$APT/sources.list"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        sed -n -e 's/^\([[:space:]]*\)deb\([[:space:]]\)/\1deb-src\2/p' \
               -e '/^[[:space:]]*deb-src[[:space:]]/p' "$f"
    done | awk '!seen[$0]++' >"$APT/sources.list"
    # Dir::Cache keeps apt's caches out of /var/cache/apt. As root apt
    # downloads as _apt, who cannot write to a root-owned $OUT/src: it would
    # warn and download as root anyway, so say root outright.
    set -- -q -o Dir::Etc::SourceList="$APT/sources.list" \
        -o Dir::Etc::SourceParts="$APT/sources.list.d" \
        -o Dir::State="$APT/state" -o Dir::Cache="$APT/cache" \
        -o Dir::State::status=/var/lib/dpkg/status
    [ $root = 1 ] && set -- "$@" -o APT::Sandbox::User=root
    say "apt-get update (private lists in $APT)"
    apt-get "$@" update >"$APT/update.log" 2>&1 ||
        { cat "$APT/update.log" >&2; die "private apt-get update failed"; }
    say "apt-get source jansson (into $OUT/src)"
    (cd "$OUT/src" && apt-get "$@" source jansson) >"$APT/source.log" 2>&1 ||
        { cat "$APT/source.log" >&2; die "apt-get source jansson failed"; }
fi
SRC=$(unpacked) || die "no unpacked jansson source in $OUT/src"
echo "$SRC"
