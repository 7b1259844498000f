#!/bin/sh
# outside_paths.sh — the project names nothing outside itself: no tracked
# file (code, docs, goldens, scenarios) and no output of the program (every
# subcommand's --help, profiles, explain of each shipped scenario) names
# the team's working folders next to the repository. BIN: the program.
set -u
bin=$1
top=$(pwd)
pass=0
fail=0
# The two spellings, assembled so this file does not name them itself.
p1="..""/shared"
p2="shared""/research"
p3="shared""/seed"
check() { # NAME FILE
    if grep -nF -e "$p1" -e "$p2" -e "$p3" "$2" > "$tmp/hits" 2>/dev/null; then
        fail=$((fail + 1))
        echo "FAIL: $1 names a path outside the repository:"
        head -3 "$tmp/hits"
    else
        pass=$((pass + 1))
    fi
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outside.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM HUP
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$top" ls-files > "$tmp/files"
else
    (cd "$top" && find . -type f ! -path './build*' ! -path './.git/*') \
        > "$tmp/files"
fi
while IFS= read -r f; do
    case $f in *.png) continue ;; esac
    [ -f "$f" ] && check "$f" "$f"
done < "$tmp/files"
for c in run demo profiles sharedsection capacity compare sweep import \
         recommend explain plot report; do
    "$bin" "$c" --help > "$tmp/out" 2>&1
    check "dheapsim $c --help" "$tmp/out"
done
"$bin" --help > "$tmp/out" 2>&1
check "dheapsim --help" "$tmp/out"
"$bin" profiles --format json > "$tmp/out" 2>&1
check "dheapsim profiles --format json" "$tmp/out"
for s in scenarios/*.json; do
    "$bin" explain "$s" > "$tmp/out" 2>&1
    check "dheapsim explain $s" "$tmp/out"
done
echo "outside paths: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
