#!/bin/sh
# debian_check.sh — prove that `make check` passes on a fresh Debian.
#
# Usage (as root):  sh tools/debian_check.sh bookworm|trixie DIR [REPO]
#
# Builds a debootstrap root of Debian 12 (bookworm) or 13 (trixie) in DIR
# (--variant=minbase, from the Debian mirror this machine's apt sources
# use; DEBIAN_MIRROR overrides it) with only make, git and gcc added, so
# that tools/bootstrap.sh has to install everything else. It then clones
# REPO (default: the repository this script is in; its committed state)
# with the chroot's own git and runs `make check` inside the chroot, as
# root, with /proc, /sys, /dev, /dev/pts and /dev/shm mounted (valgrind,
# strace and chromium need them). Everything is unmounted on exit, on
# failure and on a signal too. DIR is kept for inspection: it must be new
# or empty, and outside REPO (use /tmp). The exit status is make check's
# (or 1 when a step before it fails); each phase prints its duration.
# DEBIAN_CHECK_CMD replaces `make check` (e.g. "sh .ci/run": what CI runs,
# make check then make check-windows).
set -u

usage() {
    echo "usage: sh tools/debian_check.sh bookworm|trixie DIR [REPO]" >&2
    exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
suite=$1
case "$suite" in bookworm|trixie) ;; *) usage ;; esac
if [ "$(id -u)" -ne 0 ]; then
    echo "debian_check: must run as root (debootstrap, chroot, mount)" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "${3:-$here}" && git rev-parse --show-toplevel) || {
    echo "debian_check: ${3:-$here} is not a git repository" >&2; exit 2; }
mkdir -p "$2" || exit 2
dir=$(cd "$2" && pwd -P)
case "$dir" in
    /) echo "debian_check: refusing DIR /" >&2; exit 2 ;;
    *[[:space:]]*) echo "debian_check: DIR must not contain spaces" >&2; exit 2 ;;
esac
case "$dir/" in
    "$repo"/*) echo "debian_check: DIR $dir is inside $repo; use /tmp" >&2; exit 2 ;;
esac
if [ -n "$(ls -A "$dir")" ]; then
    echo "debian_check: $dir is not empty (rm -rf it first, after checking" \
         "that nothing is mounted under it: grep '$dir' /proc/mounts)" >&2
    exit 2
fi

# The Debian mirror of this machine's apt sources (one-line .list entries
# or deb822 .sources), the first one that is not the security archive.
host_mirror() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) {
                 if ($i ~ /\/debian\/?$/) print $i; break } }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++)
                 if ($i ~ /\/debian\/?$/) print $i }' "$f"
    done
}
host_security() { # the same for the security archive (comments skipped)
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
        /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -i -e '^deb[[:space:]]' -e '^uris:' |
        grep -o 'https\?://[^ ]*/debian-security/\?' | head -n 1
}
mirror=${DEBIAN_MIRROR:-$(host_mirror | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-$(host_security)}
security=${security:-http://deb.debian.org/debian-security}

now() { date +%s; }
t0=$(now)
phase_start=$t0
timings=""
phase() { # name: closes the previous phase's timer
    t=$(now)
    timings="$timings
  $1: $((t - phase_start)) s"
    phase_start=$t
}
log() { echo "debian_check: $*"; }

# ---------------------------------------------------------------- cleanup
mounted=""            # newest first
mnt() { # mount-args... target (the last argument)
    for target; do :; done
    mkdir -p "$target" && mount "$@" && mounted="$target $mounted"
}
unmnt() { # target: unmount now, and forget it
    umount "$1" || return 1
    rest=""
    for m in $mounted; do [ "$m" = "$1" ] || rest="$rest $m"; done
    mounted=$rest
}
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    rc=$?
    trap - EXIT INT TERM HUP
    # Processes still running inside the chroot (a chromium helper, a
    # fuzzer) would keep the mounts busy: end them, by pid.
    for p in /proc/[0-9]*; do
        r=$(readlink "$p/root" 2>/dev/null) || continue
        case "$r" in "$dir"|"$dir"/*) kill -TERM "${p#/proc/}" 2>/dev/null ;; esac
    done
    for m in $mounted; do
        umount "$m" 2>/dev/null || { sleep 1; umount "$m" 2>/dev/null; } ||
            umount -l "$m" || echo "debian_check: could not unmount $m" >&2
    done
    if grep -q " ${dir}[/ ]" /proc/mounts; then
        echo "debian_check: still mounted under $dir:" >&2
        grep " ${dir}[/ ]" /proc/mounts >&2
    fi
    phase "cleanup"
    echo "debian_check: timings ($suite, $mirror):$timings
  total: $(($(now) - t0)) s"
    echo "debian_check: $suite: exit status $rc; the root stays in $dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------- debootstrap
if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap on this machine"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        debootstrap || { apt-get update && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends debootstrap; } || exit 1
fi
log "debootstrap --variant=minbase --include=make,git,gcc $suite $dir $mirror"
debootstrap --variant=minbase --include=make,git,gcc "$suite" "$dir" "$mirror" \
    > "$dir.debootstrap.log" 2>&1 || {
    echo "debian_check: debootstrap failed; last lines of $dir.debootstrap.log:" >&2
    tail -n 20 "$dir.debootstrap.log" >&2
    exit 1
}
phase "debootstrap"

# The apt sources of a fresh install (main, updates, security), the host's
# resolver, and no service starts from package scripts.
cat > "$dir/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
cp /etc/resolv.conf "$dir/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
chmod 755 "$dir/usr/sbin/policy-rc.d"

mnt -t proc proc "$dir/proc" &&
    mnt -t sysfs sysfs "$dir/sys" &&
    mnt --bind /dev "$dir/dev" &&
    mnt --bind /dev/pts "$dir/dev/pts" &&
    mnt -t tmpfs -o mode=1777,nosuid,nodev shm "$dir/dev/shm" || exit 1

# A clean environment, as a fresh root login has; every signal back to its
# default action: started in the background (sh ... &, nohup) this script
# inherits SIGINT, SIGQUIT and SIGHUP ignored, and dheapsim rightly keeps
# an ignored signal ignored, so tests/outfile.sh's injected SIGINT and
# SIGHUP would find exit status 0.
# A machine behind a TLS-inspecting egress proxy trusts its CA through
# /usr/local/share/ca-certificates; the root gets the same certificates
# for node (npm fetches playwright-core over HTTPS), nothing else.
extra_ca=
for c in /usr/local/share/ca-certificates/*.crt; do
    [ -f "$c" ] || continue
    cat "$c" >> "$dir/etc/dheapsim-extra-ca.pem"
    extra_ca=/etc/dheapsim-extra-ca.pem
done

in_root() { # command...
    chroot "$dir" /usr/bin/env -i --default-signal HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        CI="${CI:-}" ${extra_ca:+NODE_EXTRA_CA_CERTS=$extra_ca} "$@"
}

# ---------------------------------------------------------------- clone
mnt --bind -o ro "$repo" "$dir/mnt/repo" || exit 1
in_root git config --global --add safe.directory '*'
in_root git clone -q /mnt/repo /root/dheapsim || exit 1
unmnt "$dir/mnt/repo"
log "cloned $(in_root git -C /root/dheapsim log -1 --format='%h %s' | cut -c1-72)"
log "inside: $(in_root sed -n 's/^PRETTY_NAME=//p' /etc/os-release)," \
    "$(in_root gcc --version | head -n 1)"
phase "clone"

# ----------------------------------------------------------- make check
cmd=${DEBIAN_CHECK_CMD:-make check}
log "$cmd in $dir/root/dheapsim (log: $dir.make-check.log)"
in_root sh -c "cd /root/dheapsim && $cmd" > "$dir.make-check.log" 2>&1
st=$?
phase "$cmd"
grep -E '^bootstrap:|passed|failed|skipped|FAIL|Error|error:|^make(\[[0-9]+\])?: \*\*\*' \
    "$dir.make-check.log" | grep -v '^ok ' | tail -n 60
if [ $st -eq 0 ]; then log "$suite: $cmd passed"
else log "$suite: $cmd failed (exit $st); see $dir.make-check.log"; fi
exit $st
