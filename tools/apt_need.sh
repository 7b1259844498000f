# apt_need.sh — sourced by tools/win-deps.sh and tools/web-deps.sh (and its
# first two functions by tools/bootstrap.sh): Debian packages checked and
# installed the same way everywhere. The sourcing script defines say() and
# die() (messages with its own prefix) before calling need.
APT_INSTALL="apt-get install -y --no-install-recommends"

installed() { # package
    case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" in
        *"install ok installed"*) return 0 ;;
    esac
    return 1
}
known() { # package: apt's lists have it
    apt-cache show "$1" >/dev/null 2>&1
}

# need PACKAGE...: as root, apt-get install those missing (apt-get update
# first only when one is unknown to apt's lists); as another user, print
# the exact command to run as root and exit 1.
need() {
    missing=""
    for p in "$@"; do
        installed "$p" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    update=0
    for p in $missing; do
        known "$p" || update=1
    done
    cmd="$APT_INSTALL$missing"
    [ $update = 1 ] && cmd="apt-get update && $cmd"
    if [ "$(id -u)" -ne 0 ]; then
        say "missing Debian packages:$missing" >&2
        say "run as root: $cmd" >&2
        exit 1
    fi
    if [ $update = 1 ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q ||
            die "apt-get update failed"
    fi
    say "installing:$missing"
    DEBIAN_FRONTEND=noninteractive $APT_INSTALL -q $missing ||
        die "apt-get failed; run as root: $cmd"
}
