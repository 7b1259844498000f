#!/bin/sh
# golden.sh BIN [--update] — runs every case of tests/golden/cases.txt in
# text, JSON and CSV and compares the output byte for byte with the golden
# files; each case also runs twice to prove the output is deterministic.
# --update rewrites the golden files (review the diff before committing).
bin=$1; update=$2
dir=tests/golden
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # name ext format opts...
    name=$1; ext=$2; fmt=$3; scen=$4; shift 4
    # shellcheck disable=SC2086
    "$bin" run "$scen" --format "$fmt" "$@" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    "$bin" run "$scen" --format "$fmt" "$@" > "$tmp/out2" 2>/dev/null
    if [ $rc -ne 0 ]; then
        echo "FAIL $name.$ext: exit $rc: $(cat "$tmp/err")"; fail=$((fail + 1)); return
    fi
    if ! cmp -s "$tmp/out" "$tmp/out2"; then
        echo "FAIL $name.$ext: two runs differ"; fail=$((fail + 1)); return
    fi
    if [ "$update" = "--update" ]; then
        cp "$tmp/out" "$dir/$name.$ext"; pass=$((pass + 1)); return
    fi
    if cmp -s "$tmp/out" "$dir/$name.$ext"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name.$ext differs from the golden file:"
        diff "$dir/$name.$ext" "$tmp/out" | head -20
        fail=$((fail + 1))
    fi
}
while IFS='|' read -r name scen opts; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    scen=$(echo "$scen" | tr -d ' ')
    # shellcheck disable=SC2086
    check "$name" txt text "$scen" $opts
    # shellcheck disable=SC2086
    check "$name" json json "$scen" $opts
    # shellcheck disable=SC2086
    check "$name" csv csv "$scen" $opts
done < "$dir/cases.txt"
# The built-in default scenario gives the same report as its file.
"$bin" demo > "$tmp/demo" 2>&1
if cmp -s "$tmp/demo" "$dir/win2003-session0.txt"; then pass=$((pass + 1)); else
    echo "FAIL demo differs from win2003-session0.txt"; fail=$((fail + 1)); fi
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
