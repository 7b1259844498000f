#!/bin/sh
# golden.sh BIN [--update] — runs every case of tests/golden/cases.txt
# (`dheapsim run`) in text, JSON and CSV, and every line of
# tests/golden/cmd-cases.txt (capacity, compare, sweep: "FILE | COMMAND
# ARGS", ARGS quoted as in a shell), and compares the output byte for byte
# with the golden files; each case also runs twice to prove the output is
# deterministic. --update rewrites the golden files (review the diff).
bin=$1; update=$2
dir=tests/golden
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # golden-file dheapsim-args...
    gf=$1; shift
    "$bin" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    "$bin" "$@" > "$tmp/out2" 2>/dev/null
    if [ $rc -ne 0 ]; then
        echo "FAIL $gf: exit $rc: $(cat "$tmp/err")"; fail=$((fail + 1)); return
    fi
    if ! cmp -s "$tmp/out" "$tmp/out2"; then
        echo "FAIL $gf: two runs differ"; fail=$((fail + 1)); return
    fi
    if [ "$update" = "--update" ]; then
        cp "$tmp/out" "$dir/$gf"; pass=$((pass + 1)); return
    fi
    if cmp -s "$tmp/out" "$dir/$gf"; then
        pass=$((pass + 1))
    else
        echo "FAIL $gf differs from the golden file:"
        diff "$dir/$gf" "$tmp/out" | head -20
        fail=$((fail + 1))
    fi
}
while IFS='|' read -r name scen opts; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    scen=$(echo "$scen" | tr -d ' ')
    # shellcheck disable=SC2086
    check "$name.txt" run "$scen" --format text $opts
    # shellcheck disable=SC2086
    check "$name.json" run "$scen" --format json $opts
    # shellcheck disable=SC2086
    check "$name.csv" run "$scen" --format csv $opts
done < "$dir/cases.txt"
while IFS='|' read -r name cmd; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    eval "set -- $cmd"
    check "$name" "$@"
done < "$dir/cmd-cases.txt"
# The built-in default scenario gives the same report as its file.
"$bin" demo > "$tmp/demo" 2>&1
if cmp -s "$tmp/demo" "$dir/win2003-session0.txt"; then pass=$((pass + 1)); else
    echo "FAIL demo differs from win2003-session0.txt"; fail=$((fail + 1)); fi
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
