#!/bin/sh
# golden-cmds.sh BIN [--update] — golden tests of the planning commands
# (capacity, compare, sweep): runs each line of tests/golden/cmd-cases.txt
# ("FILE | COMMAND ARGS", ARGS quoted as in a shell), twice to prove the
# output is deterministic, and compares it byte for byte with
# tests/golden/FILE. --update rewrites the golden files (review the diff).
bin=$1; update=$2
dir=tests/golden
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
while IFS='|' read -r name cmd; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    eval "set -- $cmd"
    "$bin" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    "$bin" "$@" > "$tmp/out2" 2>/dev/null
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: exit $rc: $(cat "$tmp/err")"; fail=$((fail + 1))
    elif ! cmp -s "$tmp/out" "$tmp/out2"; then
        echo "FAIL $name: two runs differ"; fail=$((fail + 1))
    elif [ "$update" = "--update" ]; then
        cp "$tmp/out" "$dir/$name"; pass=$((pass + 1))
    elif cmp -s "$tmp/out" "$dir/$name"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name differs from the golden file:"
        diff "$dir/$name" "$tmp/out" | head -20
        fail=$((fail + 1))
    fi
done < "$dir/cmd-cases.txt"
echo "golden (capacity, compare, sweep): $pass passed, $fail failed"
[ $fail -eq 0 ]
