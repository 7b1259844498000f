#!/bin/sh
# run.sh SITE BIN OUT — `make check-web`: installs playwright-core (the
# version tests/web/package-lock.json pins, from the npm registry) into
# OUT/npm, serves SITE on a free loopback port as `make web` does, and runs
# tests/web/browser_test.js against both file:// and that server. Needs
# Debian's chromium (tools/bootstrap.sh installs it) and node with npm.
set -eu
SITE=$1
BIN=$2
OUT=$3
command -v node >/dev/null 2>&1 || { echo "check-web: node is missing (apt-get install nodejs)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "check-web: npm is missing (as root: apt-get install -y --no-install-recommends npm)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "check-web: chromium is missing (sh tools/bootstrap.sh)" >&2; exit 1; }
NPM=$OUT/npm
mkdir -p "$NPM"
if ! cmp -s tests/web/package-lock.json "$NPM/package-lock.json" ||
   [ ! -d "$NPM/node_modules/playwright-core" ]; then
    cp tests/web/package.json tests/web/package-lock.json "$NPM/"
    (cd "$NPM" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
# a free port: ask the kernel for one through python's http.server
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$SITE" "$PORT" >"$OUT/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
for i in 1 2 3 4 5 6 7 8 9 10; do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
    sleep 0.3
done
NODE_PATH=$NPM/node_modules node tests/web/browser_test.js "$SITE" "$BIN" "$OUT/shots" "http://127.0.0.1:$PORT/index.html"
