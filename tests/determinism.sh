#!/bin/sh
# determinism.sh BIN_O0 BIN_O2 — the -O0 and -O2 builds print the same
# bytes: every golden case (tests/golden/cases.txt) and every shipped
# scenario, in text, JSON and CSV.
if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
    echo "usage: sh tests/determinism.sh BUILD-O0/dheapsim BUILD/dheapsim" >&2; exit 2
fi
a=$1; b=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/determinism.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
same() { # label args...
    label=$1; shift
    "$a" "$@" > "$T/a" 2>&1; ra=$?
    "$b" "$@" > "$T/b" 2>&1; rb=$?
    if [ $ra -ne $rb ]; then
        fail=$((fail + 1)); echo "FAIL $label: exit $ra at -O0, $rb at -O2"
    elif ! cmp -s "$T/a" "$T/b"; then
        fail=$((fail + 1)); echo "FAIL $label: -O0 and -O2 output differ:"
        diff "$T/a" "$T/b" | head -10
    else
        pass=$((pass + 1))
    fi
}
{
    grep -v '^ *#' tests/golden/cases.txt
    for s in scenarios/*.json; do
        echo "$(basename "$s" .json) | $s |"
    done
} > "$T/cases"
while IFS='|' read -r name scen opts; do
    name=$(echo "$name" | tr -d ' ')
    [ -n "$name" ] || continue
    scen=$(echo "$scen" | tr -d ' ')
    for fmt in text json csv; do
        # shellcheck disable=SC2086
        same "$name $fmt" run "$scen" --format "$fmt" $opts
    done
done < "$T/cases"
same "demo" demo
same "profiles" profiles --format json
echo "determinism: $pass passed, $fail failed (-O0 against -O2)"
[ $fail -eq 0 ]
