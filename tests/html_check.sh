#!/bin/sh
# html_check.sh BIN — `dheapsim report` gives a page that renders with its
# charts: the HTML holds two inline <svg>, headless chromium's DOM has the
# marker elements, and its screenshot is not trivially small. Fails when
# chromium or gnuplot is not installed (tools/bootstrap.sh installs both).
bin=$1
browser=$(command -v chromium || command -v chromium-browser)
if [ -z "$browser" ] || ! command -v gnuplot >/dev/null 2>&1; then
    echo "FAIL html: chromium or gnuplot is not installed (tools/bootstrap.sh installs both)"
    echo "html check: 0 passed, 1 failed"; exit 1; fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
bad() { echo "FAIL html: $*"; fail=$((fail + 1)); }
chrome() { # args...
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --user-data-dir="$(mktemp -d -p "$tmp")" \
        "$@" 2>> "$tmp/chrome.log"
}
for scen in user-service-logons comment49-service-children 3gb-fallback-comment26; do
    html="$tmp/$scen.html"
    if ! "$bin" report "scenarios/$scen.json" -o "$html" 2> "$tmp/err"; then
        bad "$scen: report exit $?: $(cat "$tmp/err")"; continue; fi
    n=$(grep -c '<svg' "$html")
    [ "$n" -eq 2 ] || { bad "$scen: $n <svg> in the HTML, want 2"; continue; }
    grep -q 'https\?://' "$html" || { bad "$scen: no source URL"; continue; }
    grep -q '<script\|<link \|src="http' "$html" && { bad "$scen: not self-contained"; continue; }
    chrome --dump-dom "file://$html" > "$tmp/dom"
    for id in dheapsim-report dheapsim-charts dheapsim-explain dheapsim-assumptions; do
        grep -q "id=\"$id\"" "$tmp/dom" || { bad "$scen: DOM has no #$id"; continue 2; }
    done
    [ "$(grep -c '<svg' "$tmp/dom")" -ge 2 ] || { bad "$scen: DOM lost the charts"; continue; }
    chrome --screenshot="$tmp/$scen.png" --window-size=1200,2000 "file://$html" > /dev/null
    size=$(wc -c < "$tmp/$scen.png" 2>/dev/null || echo 0)
    # a blank 1200x2000 page compresses to a few KB; charts and tables do not
    [ "$size" -gt 60000 ] || { bad "$scen: screenshot only $size bytes"; continue; }
    [ -n "$HTML_CHECK_KEEP" ] && cp "$tmp/$scen.png" "$HTML_CHECK_KEEP/"
    pass=$((pass + 1))
done
echo "html check: $pass passed, $fail failed"
[ $fail -eq 0 ]
