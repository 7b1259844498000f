#!/bin/sh
# tsan.sh BIN — the planning commands' parallel runs (-j, cli/jobs.c) under
# ThreadSanitizer: no data race, and the same bytes as one job at a time.
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/tsan.sh BUILD-TSAN/dheapsim" >&2; exit 2
fi
BIN=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/tsan.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
pass=0; fail=0
# one NAME ARGS...: -j 4 under TSan, compared with -j 1
one() {
    name=$1; shift
    "$BIN" "$@" -j 4 > "$T/par" 2> "$T/err"; rc=$?
    if [ $rc -ne 0 ]; then
        fail=$((fail + 1)); echo "FAIL: tsan $name: exit $rc"; head -n 20 "$T/err"; return
    fi
    "$BIN" "$@" -j 1 > "$T/ser" 2>/dev/null
    if cmp -s "$T/par" "$T/ser"; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "FAIL: tsan $name: -j 4 differs from -j 1"; fi
}
one compare  compare scenarios/comment49-service-children.json --os all
one sweep    sweep scenarios/user-service-logons.json --grow "service logons" --shared-section 256:1024:256 --session-view-size 20,48
one capacity capacity scenarios/ci-agent-catalogue.json --grow jobs
one recommend recommend scenarios/seed-win2003-session0.json --allow-shrink
one recommend-view recommend tests/import/logons-view-20mb.json --allow-shrink
echo "tsan: $pass passed, $fail failed"
[ $fail -eq 0 ]
