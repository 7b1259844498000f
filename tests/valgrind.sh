#!/bin/sh
# valgrind.sh BIN — valgrind memcheck over every golden scenario (text,
# JSON and CSV; tests/golden/cases.txt): no memory error and no leak of any
# kind. Without valgrind it prints a "skipped" line and succeeds.
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/valgrind.sh BUILD/dheapsim" >&2; exit 2
fi
bin=$1
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: skipped: valgrind is not installed (tools/bootstrap.sh installs it)"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/valgrind.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
run() { # label args...
    label=$1; shift
    if valgrind --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=all --show-leak-kinds=all -q \
        "$bin" "$@" > /dev/null 2> "$T/log"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL valgrind $label:"; head -30 "$T/log"
    fi
}
while IFS='|' read -r name scen opts; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    scen=$(echo "$scen" | tr -d ' ')
    for fmt in text json csv; do
        # shellcheck disable=SC2086
        run "$name $fmt" run "$scen" --format "$fmt" $opts
    done
done < tests/golden/cases.txt
# An error path and the other commands free what they took, too.
printf '{"name": "t", "source": "s", "os": "win2003-x86", "steps": [{"action": "snapshot", "count": "x"}]}\n' > "$T/bad.json"
valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
    -q "$bin" run "$T/bad.json" > /dev/null 2> "$T/log"
if [ $? -eq 2 ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL valgrind bad scenario:"; head -30 "$T/log"; fi
run "profiles json" profiles --format json
run "sharedsection" sharedsection '%SystemRoot%\system32\csrss.exe SharedSection=1024,3072,512 Windows=On'
run "demo -o" demo -o "$T/demo.txt"
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
