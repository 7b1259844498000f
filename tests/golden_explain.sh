#!/bin/sh
# golden_explain.sh BIN [--update] — `dheapsim explain` on the cases of
# tests/golden/explain-cases.txt, byte for byte against
# tests/golden/explain-NAME.txt, each run twice (deterministic output).
bin=$1; update=$2
dir=tests/golden
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
while IFS='|' read -r name scen opts; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    scen=$(echo "$scen" | tr -d ' ')
    gold="$dir/explain-$name.txt"
    # shellcheck disable=SC2086
    "$bin" explain "$scen" $opts > "$tmp/out" 2> "$tmp/err"; rc=$?
    # shellcheck disable=SC2086
    "$bin" explain "$scen" $opts > "$tmp/out2" 2>/dev/null
    if [ $rc -ne 0 ]; then
        echo "FAIL explain-$name: exit $rc: $(cat "$tmp/err")"; fail=$((fail + 1)); continue; fi
    if ! cmp -s "$tmp/out" "$tmp/out2"; then
        echo "FAIL explain-$name: two runs differ"; fail=$((fail + 1)); continue; fi
    if [ "$update" = "--update" ]; then
        cp "$tmp/out" "$gold"; pass=$((pass + 1)); continue; fi
    if cmp -s "$tmp/out" "$gold"; then pass=$((pass + 1)); else
        echo "FAIL explain-$name differs from $gold:"
        diff "$gold" "$tmp/out" | head -20; fail=$((fail + 1)); fi
done < "$dir/explain-cases.txt"
echo "golden explain: $pass passed, $fail failed"
[ $fail -eq 0 ]
