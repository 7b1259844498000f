#!/bin/sh
# plot_check.sh BIN — gnuplot must exit 0 on the input the program writes:
# every chart kind in PNG and SVG (shipped scenarios; the compare/sweep
# CSV fixtures in tests/plot/), twice to prove the images are the same;
# bad CSV and a missing gnuplot exit 2 without leaving an output file.
bin=$1
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "plot check: skipped (gnuplot not installed)"; exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL plot: $*"; fail=$((fail + 1)); }
draw() { # name ext args...
    name=$1; ext=$2; shift 2
    out="$tmp/$name.$ext"
    if ! "$bin" plot "$@" -o "$out" 2> "$tmp/err"; then
        bad "$name.$ext: exit $?: $(cat "$tmp/err")"; return; fi
    size=$(wc -c < "$out")
    [ "$size" -gt 4000 ] || { bad "$name.$ext: only $size bytes"; return; }
    if [ "$ext" = png ]; then
        head -c 4 "$out" | od -An -c | grep -q 'P   N   G' ||
            { bad "$name.png is not a PNG"; return; }
        "$bin" plot "$@" -o "$tmp/again.png" 2>/dev/null
        cmp -s "$out" "$tmp/again.png" || { bad "$name.png: two runs differ"; return; }
    else
        grep -q '<svg' "$out" || { bad "$name.svg has no <svg"; return; }
    fi
    ok
}
for ext in png svg; do
    draw usage-c49 $ext scenarios/comment49-service-children.json --kind usage
    draw usage-c49-256 $ext scenarios/comment49-service-children.json --kind usage --shared-section 1024,3072,256
    draw view-logons $ext scenarios/user-service-logons.json --kind viewspace
    draw view-3gb $ext scenarios/3gb-fallback-comment26.json --kind viewspace
    draw usage-seed $ext scenarios/seed-win2003-session0.json --kind usage
    draw view-vista $ext scenarios/seed-vista-session1-comment7.json --kind viewspace --session 1
    draw compare $ext --kind compare --data tests/plot/compare.csv
    draw sweep $ext --kind sweep --data tests/plot/sweep.csv
    draw compare-scen $ext scenarios/comment49-service-children.json --kind compare --os winxp-x86,win7-x64
    draw sweep-scen $ext scenarios/comment49-service-children.json --kind sweep --grow "child processes" --shared-section 256:1024:256
    draw sweep-svs $ext scenarios/user-service-logons.json --kind sweep --grow "service logons" --shared-section 256:512:256 --session-view-size 20,48
    draw compare-logons $ext scenarios/user-service-logons.json --kind compare --os winxp-x86,win2000-ts,vista-x86,win7-x64
    draw usage-frag $ext scenarios/fragmentation.json --kind usage
done
# Bad input: exit 2, a message naming file and line, no output file.
printf 'os,count\nx,1\n' > "$tmp/bad.csv"
"$bin" plot --kind sweep --data "$tmp/bad.csv" -o "$tmp/bad.png" 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "bad.csv:1:" "$tmp/err" && [ ! -e "$tmp/bad.png" ]; then ok; else
    bad "bad CSV: exit $rc, $(cat "$tmp/err")"; fi
"$bin" plot scenarios/comment49-service-children.json --kind pie -o "$tmp/pie.png" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$tmp/pie.png" ] && ok || bad "--kind pie did not exit 2"
"$bin" plot --kind compare -o "$tmp/c.png" 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- "--data" "$tmp/err" && ok || bad "compare without --data"
"$bin" plot scenarios/comment49-service-children.json --kind sweep -o "$tmp/s.png" 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- "--grow" "$tmp/err" && [ ! -e "$tmp/s.png" ] && ok || bad "sweep without --grow"
# No gnuplot on PATH: says how to install it, exit 2, no file.
abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
PATH=/nonexistent "$abs" plot scenarios/comment49-service-children.json --kind usage -o "$tmp/nog.png" 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "apt-get install gnuplot-nox" "$tmp/err" && [ ! -e "$tmp/nog.png" ]; then ok; else
    bad "without gnuplot: exit $rc, $(cat "$tmp/err")"; fi
echo "plot check: $pass passed, $fail failed"
[ $fail -eq 0 ]
