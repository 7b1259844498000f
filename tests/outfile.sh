#!/bin/sh
# outfile.sh BIN — output files given with -o: written whole through a
# temporary file and a rename, or not at all. strace injects the failures
# and signals at the exact system call (fsync, write, rename), so every
# case is deterministic; without strace the injected cases are "skipped".
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/outfile.sh BUILD/dheapsim" >&2; exit 2
fi
BIN=$1
SCEN=scenarios/seed-win2003-session0.json
T=$(mktemp -d "${TMPDIR:-/tmp}/outfile.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1: $2"; }

# leftovers DIR: names of temporary files left in DIR.
leftovers() { ls -A "$1" | grep '\.tmp' ; }

"$BIN" run "$SCEN" > "$T/expected" || { echo "outfile: $BIN cannot run $SCEN"; exit 1; }

# 1. -o writes the report, the same bytes as stdout, and no temp file.
mkdir "$T/d1"
if "$BIN" run "$SCEN" -o "$T/d1/r.txt" 2>"$T/err" && cmp -s "$T/d1/r.txt" "$T/expected"; then
    if [ -n "$(leftovers "$T/d1")" ]; then bad "-o" "temporary file left: $(leftovers "$T/d1")"; else ok; fi
else
    bad "-o" "exit status or content wrong: $(head -n 1 "$T/err")"
fi

# 2. A scenario error with -o: exit 2, no output and no temp file.
mkdir "$T/d2"
printf '{"name": "t", "source": "s", "os": "win2003-x86", "steps": [{"action": "nope"}]}\n' > "$T/bad.json"
"$BIN" run "$T/bad.json" -o "$T/d2/r.txt" 2>"$T/err"; rc=$?
if [ $rc -ne 2 ]; then bad "scenario error with -o" "exit status $rc, want 2"
elif [ -n "$(ls -A "$T/d2")" ]; then bad "scenario error with -o" "left: $(ls -A "$T/d2")"
else ok; fi

if ! command -v strace >/dev/null 2>&1 ||
   ! strace -qq -o /dev/null true >/dev/null 2>&1; then
    echo "outfile: skipped 10 injected cases: strace missing or ptrace not allowed"
    echo "outfile: $pass passed, $fail failed, 10 skipped"
    [ $fail -eq 0 ]; exit
fi

# inject NAME WANT_RC WORD SYSCALL:ACTION [old]: run with strace injecting
# ACTION at SYSCALL; want exit status WANT_RC, no temporary file, and the
# target absent (with "old": still holding its previous content; with
# "complete": holding the whole report).
inject() {
    name=$1; want=$2; word=$3; spec=$4; keep=$5
    d="$T/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_')"
    mkdir "$d"
    [ "$keep" = old ] && echo "previous report" > "$d/r.txt"
    sys=${spec%%:*}
    strace -qq -o /dev/null -e trace="$sys" -e inject="$spec" \
        "$BIN" run "$SCEN" -o "$d/r.txt" >/dev/null 2>"$T/err"
    rc=$?
    if [ $rc -ne "$want" ]; then
        bad "$name" "exit status $rc, want $want: $(head -n 1 "$T/err")"
    elif [ -n "$word" ] && ! grep -qF -e "$word" "$T/err"; then
        bad "$name" "stderr lacks '$word': $(head -n 1 "$T/err")"
    elif [ -n "$(leftovers "$d")" ]; then
        bad "$name" "temporary file left: $(leftovers "$d")"
    elif [ "$keep" = old ] && [ "$(cat "$d/r.txt")" != "previous report" ]; then
        bad "$name" "the previous file was changed"
    elif [ "$keep" = complete ] && ! cmp -s "$d/r.txt" "$T/expected"; then
        bad "$name" "the output file is not the whole report"
    elif [ -z "$keep" ] && [ -e "$d/r.txt" ]; then
        bad "$name" "a partial output file was left"
    else
        ok
    fi
}

for sig in TERM:15 INT:2 HUP:1; do
    n=$((128 + ${sig#*:})); sig=${sig%:*}
    inject "SIG$sig while writing" "$n" "" "fsync:signal=SIG$sig"
    inject "SIG$sig while writing over an old file" "$n" "" "fsync:signal=SIG$sig" old
done
# At the rename the signal arrives as the call returns: the whole report
# is in place (never a part of it) and no temporary file is left.
inject "SIGTERM at the rename" 143 "" "rename:signal=SIGTERM" complete
inject "write fails (disk full)" 2 "No space left" "write:error=ENOSPC:when=1"
inject "fsync fails (I/O error)" 2 "r.txt: cannot write" "fsync:error=EIO"
inject "rename fails" 2 "r.txt: cannot write" "rename:error=EACCES" old

echo "outfile: $pass passed, $fail failed"
[ $fail -eq 0 ]
