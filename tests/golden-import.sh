#!/bin/sh
# golden-import.sh BIN [--update] — runs every case of
# tests/golden/import-cases.txt (dheapsim import and recommend) and compares
# stdout, then stderr after a '--- stderr' line, byte for byte with
# tests/golden/import/NAME.out; each case runs twice to prove determinism.
# An argument @NAME stands for the stdout of an earlier case (a scenario
# just imported). --update rewrites the golden files (review the diff).
# Cases run inside a temporary directory holding links to tests/ and
# scenarios/, so that file names in the output do not depend on it.
root=$(pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); update=$2
dir=$root/tests/golden/import
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/tests" "$tmp/tests" && ln -s "$root/scenarios" "$tmp/scenarios" || exit 1
cd "$tmp" || exit 1
pass=0; fail=0
while IFS='|' read -r name args; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    set --
    for a in $args; do
        case "$a" in @*) a="${a#@}.case" ;; esac
        set -- "$@" "$a"
    done
    "$bin" "$@" > "$tmp/$name.case" 2> "$tmp/err"
    rc=$?
    "$bin" "$@" > "$tmp/out2" 2> "$tmp/err2"
    { cat "$tmp/$name.case"; echo "--- stderr (exit $rc)"; cat "$tmp/err"; } > "$tmp/got"
    if ! cmp -s "$tmp/$name.case" "$tmp/out2" || ! cmp -s "$tmp/err" "$tmp/err2"; then
        echo "FAIL $name: two runs differ"; fail=$((fail + 1)); continue
    fi
    if [ "$update" = "--update" ]; then
        mkdir -p "$dir"; cp "$tmp/got" "$dir/$name.out"; pass=$((pass + 1)); continue
    fi
    if cmp -s "$tmp/got" "$dir/$name.out"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name differs from $dir/$name.out:"
        diff "$dir/$name.out" "$tmp/got" | head -20
        fail=$((fail + 1))
    fi
done < "$root/tests/golden/import-cases.txt"
echo "golden import/recommend: $pass passed, $fail failed"
[ $fail -eq 0 ]
