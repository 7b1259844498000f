#!/bin/sh
# badinput.sh BIN — end-to-end bad-input checks of the dheapsim program.
#
# Every bad input (a file, an option, a command line) must give exit status
# exactly 2, a non-empty stderr naming the problem (a word checked below),
# and nothing on stdout. Each subcommand's --help must exit 0 and print
# "usage:". Prints one line per failed case, then
#   badinput: N passed, M failed
# and exits non-zero when M > 0.

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/badinput.sh BUILD/dheapsim" >&2
    exit 2
fi
BIN=$1

T=$(mktemp -d "${TMPDIR:-/tmp}/badinput.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'rm -rf "$T"; exit 2' HUP INT TERM

pass=0
fail=0
why=

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1: $2"; }

# try NAME WORD CMD...: run CMD; sets why to "" when it failed as it should.
try() {
    word=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    why=
    if [ "$rc" -ne 2 ]; then
        why="exit status $rc, want 2"
    elif [ ! -s "$T/err" ]; then
        why="stderr is empty"
    elif ! grep -qF -e "$word" "$T/err"; then
        why="stderr lacks '$word': $(head -n 1 "$T/err")"
    elif [ -s "$T/out" ]; then
        why="stdout is not empty: $(head -c 80 "$T/out")"
    fi
    [ -z "$why" ]
}

# expect_fail NAME WORD CMD...
expect_fail() {
    name=$1
    if try "$@"; then ok; else bad "$name" "$why"; fi
}

# expect_help SUBCOMMAND: --help exits 0 and prints usage: on stdout.
expect_help() {
    "$BIN" "$1" --help >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        bad "$1 --help" "exit status $rc, want 0"
    elif ! grep -q "usage:" "$T/out"; then
        bad "$1 --help" "stdout lacks 'usage:'"
    else
        ok
    fi
}

# ------------------------------------------------------------ fixtures

cat >"$T/good.json" <<'EOF'
{
  "name": "t",
  "source": "test",
  "os": "win2003-x86",
  "steps": [
    { "action": "snapshot" }
  ]
}
EOF

# Sanity: the fixture runs, so the failures below come from what is bad.
if "$BIN" run "$T/good.json" >"$T/out" 2>"$T/err" && [ -s "$T/out" ]; then
    ok
else
    bad "good scenario runs" "exit status or output wrong: $(head -n 1 "$T/err")"
fi

: >"$T/empty.json"
printf '\000\377\376\001garbage\377\000' >"$T/garbage.bin"
printf '\377\376\375{{{\201' >"$T/garbage2.bin"
printf '{"name": "\377\376", "source": "s", "os": "win2003-x86", "steps": []}\n' \
    >"$T/latin.json"
printf '{\n  "name": "t",\n  "source": ' >"$T/trunc.json"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "[" }' >"$T/deep.json"

cat >"$T/unknown-key.json" <<'EOF'
{
  "name": "t",
  "source": "test",
  "os": "win2003-x86",
  "stpes": []
}
EOF

cat >"$T/wrong-type.json" <<'EOF'
{
  "name": "t",
  "source": "test",
  "os": "win2003-x86",
  "steps": [
    { "action": "snapshot" },
    {
      "action": "snapshot",
      "count": "3"
    }
  ]
}
EOF

cat >"$T/unknown-os.json" <<'EOF'
{
  "name": "t",
  "source": "test",
  "os": "win2003-x87",
  "steps": []
}
EOF

cat >"$T/no-session.json" <<'EOF'
{
  "name": "t",
  "source": "test",
  "os": "win2003-x86",
  "steps": [
    { "action": "logoff_session", "session": 5 }
  ]
}
EOF

# ------------------------------------------------------------ files

expect_fail "missing file" "nope.json" "$BIN" run "$T/nope.json"
expect_fail "a directory" "not a regular file" "$BIN" run "$T"
expect_fail "empty file" "empty" "$BIN" run "$T/empty.json"
expect_fail "binary garbage with NUL bytes" "garbage.bin" \
    "$BIN" run "$T/garbage.bin"
expect_fail "binary garbage without NUL bytes" "invalid JSON" \
    "$BIN" run "$T/garbage2.bin"
expect_fail "non-UTF-8 bytes in a JSON string" "decode" \
    "$BIN" run "$T/latin.json"
expect_fail "truncated JSON (file:line)" "trunc.json:3" \
    "$BIN" run "$T/trunc.json"
expect_fail "nesting deeper than the parser allows" "invalid JSON" \
    "$BIN" run "$T/deep.json"
expect_fail "unknown top-level key" '$.stpes' "$BIN" run "$T/unknown-key.json"
expect_fail "wrong type (file:line: path)" 'wrong-type.json:9: $.steps[1].count' \
    "$BIN" run "$T/wrong-type.json"
expect_fail "unknown os in the scenario" '$.os' "$BIN" run "$T/unknown-os.json"
expect_fail "step naming a session never logged on" '$.steps[0]' \
    "$BIN" run "$T/no-session.json"

# ------------------------------------------------------------ run options

expect_fail "bad --shared-section" "shared-section" \
    "$BIN" run "$T/good.json" --shared-section 1024,abc,512
expect_fail "--session-view-size 0" "session-view-size" \
    "$BIN" run "$T/good.json" --session-view-size 0
expect_fail "--session-view-size abc" "'abc'" \
    "$BIN" run "$T/good.json" --session-view-size abc
expect_fail "--session-view-size without a value" "session-view-size" \
    "$BIN" run "$T/good.json" --session-view-size
expect_fail "--format xml" "xml" "$BIN" run "$T/good.json" --format xml
expect_fail "--os unknown" "win2003-x87" \
    "$BIN" run "$T/good.json" --os win2003-x87
expect_fail "unknown long option" "--bogus" "$BIN" run "$T/good.json" --bogus
expect_fail "unknown short options bundled" "'-x" \
    "$BIN" run "$T/good.json" -xz
expect_fail "-o without a file" "-o" "$BIN" run "$T/good.json" -o
expect_fail "missing SCENARIO" "SCENARIO" "$BIN" run
expect_fail "two SCENARIO arguments" "one SCENARIO" \
    "$BIN" run "$T/good.json" "$T/good.json"
expect_fail "demo with a SCENARIO" "SCENARIO" "$BIN" demo "$T/good.json"
expect_fail "unknown subcommand" "frobnicate" "$BIN" frobnicate
expect_fail "no subcommand" "usage:" "$BIN"

# -o at the input itself: refused, input unchanged.
cp "$T/good.json" "$T/in.json"
cp "$T/good.json" "$T/in.orig"
if try "-o is the input" "input" "$BIN" run "$T/in.json" -o "$T/in.json"; then
    if cmp -s "$T/in.json" "$T/in.orig"; then ok
    else bad "-o is the input" "the input file was changed"; fi
else
    bad "-o is the input" "$why"
fi

# -o at a hard link to the input: the same file, refused too.
ln "$T/in.json" "$T/link.json"
if try "-o is a hard link to the input" "input" \
    "$BIN" run "$T/in.json" -o "$T/link.json"; then
    if cmp -s "$T/in.json" "$T/in.orig"; then ok
    else bad "-o is a hard link to the input" "the input file was changed"; fi
else
    bad "-o is a hard link to the input" "$why"
fi

# -o into a directory that does not exist: refused, nothing created.
if try "-o in a missing directory" "nodir" \
    "$BIN" run "$T/good.json" -o "$T/nodir/report.txt"; then
    if [ -e "$T/nodir" ]; then
        bad "-o in a missing directory" "$T/nodir was created"
    else ok; fi
else
    bad "-o in a missing directory" "$why"
fi

# -o at an existing directory: refused, no temporary file left beside it.
mkdir "$T/adir"
if try "-o is a directory" "adir" "$BIN" run "$T/good.json" -o "$T/adir"; then
    left=
    for f in "$T"/adir?*; do
        [ -e "$f" ] && left="$left $f"
    done
    if [ -n "$left" ]; then
        bad "-o is a directory" "partial file left: $left"
    elif [ -n "$(ls "$T/adir")" ]; then
        bad "-o is a directory" "files written into the directory"
    else ok; fi
else
    bad "-o is a directory" "$why"
fi

# ------------------------------------------------------------ reference

expect_fail "sharedsection 1024,abc" "abc" "$BIN" sharedsection 1024,abc
expect_fail "sharedsection without STRING" "STRING" "$BIN" sharedsection
expect_fail "sharedsection with two STRINGs" "STRING" \
    "$BIN" sharedsection 1024,3072 1024,512
expect_fail "sharedsection --os unknown" "win2003-x87" \
    "$BIN" sharedsection --os win2003-x87 1024,3072,512
expect_fail "profiles with an argument" "no arguments" "$BIN" profiles extra
expect_fail "profiles --format xml" "format" "$BIN" profiles --format xml

# ------------------------------------------------------------ planning

C49=scenarios/comment49-service-children.json
expect_fail "capacity without --grow" "--grow" "$BIN" capacity "$C49"
expect_fail "capacity unknown label" "child processes" \
    "$BIN" capacity "$C49" --grow "grandchildren"
expect_fail "capacity --format csv" "csv" \
    "$BIN" capacity "$C49" --grow "child processes" --format csv
expect_fail "capacity bad SharedSection" "abc" \
    "$BIN" capacity "$C49" --grow "child processes" --shared-section 1024,abc
expect_fail "capacity missing SCENARIO" "SCENARIO" \
    "$BIN" capacity --grow "child processes"
expect_fail "compare without --os" "--os" "$BIN" compare "$C49"
expect_fail "compare unknown os" "win2003-x87" \
    "$BIN" compare "$C49" --os winxp-x86,win2003-x87
expect_fail "compare os twice" "twice" \
    "$BIN" compare "$C49" --os winxp-x86,winxp-x86
expect_fail "compare empty os item" "empty" "$BIN" compare "$C49" --os winxp-x86,
expect_fail "sweep without --shared-section" "--shared-section" \
    "$BIN" sweep "$C49" --grow "child processes"
expect_fail "sweep step 0" "256:1024:0" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 256:1024:0
expect_fail "sweep start above end" "above end" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 1024:256:1
expect_fail "sweep too many points" "10000" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 1:20000:1
expect_fail "sweep overflow" "too large" "$BIN" sweep "$C49" --grow "child processes" \
    --shared-section 99999999999999999999999
expect_fail "sweep bad triple" "1024/3072" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 1024/3072
expect_fail "sweep product over the limit" "10000" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 1:5000:1 \
    --session-view-size 20,48,64
expect_fail "sweep bad view size" "--session-view-size" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 256 \
    --session-view-size 20:10:1
expect_fail "sweep unknown label" "nope" \
    "$BIN" sweep "$C49" --grow nope --shared-section 256

# ------------------------------------------------------------ import

HDR='WinStation\Desktop Heap Size(KB) Used Rate(%)'
printf 'Session ID: 0 Total Desktop: ( 3300 KB - 2 desktops)\n%s\nWinSta0\\Default 3072 1.0\nWinSta0\\Winlogon 128 2.0\n' "$HDR" >"$T/total.txt"
expect_fail "import: Total does not add up" "total.txt:1" "$BIN" import "$T/total.txt"
printf 'Session ID: 0 Total Desktop: ( 3200 KB - 3 desktops)\n%s\nWinSta0\\Default 3072 1.0\nWinSta0\\Winlogon 128 2.0\n' "$HDR" >"$T/count.txt"
expect_fail "import: desktop count" "3 desktops" "$BIN" import "$T/count.txt"
printf 'Session ID: 0 Total Desktop: ( 3200 KB - 2 desktops)\n%s\nWinSta0\\Default 3072 100.5\nWinSta0\\Winlogon 128 2.0\n' "$HDR" >"$T/pct.txt"
expect_fail "import: rate above 100" "pct.txt:3" "$BIN" import "$T/pct.txt"
printf 'Session ID: 0 Total Desktop: ( 3200 KB - 2 desktops)\n%s\nWinSta0\\Default 3072 1.0\nWinSta0\\Winlogon 128\n' "$HDR" >"$T/trunc.txt"
expect_fail "import: truncated row" "trunc.txt:4" "$BIN" import "$T/trunc.txt"
printf 'Session ID: 0 Total Desktop: ( 3200 KB - 2 desktops)\n%s\nWinSta0\\Default 3072 1.0\nWinSta0\\Win\\logon 128 2.0\n' "$HDR" >"$T/twobs.txt"
expect_fail "import: a name with two backslashes" "twobs.txt:4" "$BIN" import "$T/twobs.txt"
printf 'hello\n' >"$T/unknown.txt"
expect_fail "import: unknown format" "unknown format" "$BIN" import "$T/unknown.txt"
printf 'Session ID: 0 Total Desktop: ( 4736 KB - 4 desktops)\n%s\nWinSta0\\Default 3072 1.0\nWinSta0\\Winlogon 128 1.0\nSAWinSta\\SADesktop 512 1.0\nService-0x0-3e7$\\Default 1024 1.0\n' "$HDR" >"$T/sizes.txt"
expect_fail "import: sizes no SharedSection reproduces" "sizes.txt:6" "$BIN" import "$T/sizes.txt"
printf 'REGEDIT4\n[%s]\n"Windows"=hex(2):31,zz\n' 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager\SubSystems' >"$T/bad.reg"
expect_fail "import: bad hex in a .reg" "bad.reg:3" "$BIN" import "$T/bad.reg"
expect_fail "import: missing file" "no-such" "$BIN" import "$T/no-such.txt"
expect_fail "import: no FILE" "FILE" "$BIN" import
expect_fail "import: --os unknown" "win2003-x87" "$BIN" import --os win2003-x87 "$T/total.txt"
expect_fail "import: two tables" "second" "$BIN" import "$T/total.txt" "$T/count.txt"
if try "import: no half-written output" "total.txt" "$BIN" import "$T/total.txt" -o "$T/out.json" &&
   [ ! -e "$T/out.json" ] && [ -z "$(ls "$T" | grep 'out.json.tmp')" ]; then ok
else bad "import: no half-written output" "${why:-output file left}"; fi

# ------------------------------------------------------------ recommend

expect_fail "recommend: --headroom 100" "headroom" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --headroom 100
expect_fail "recommend: --headroom abc" "headroom" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --headroom abc
expect_fail "recommend: --format csv" "format" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --format csv
expect_fail "recommend: no SCENARIO" "SCENARIO" "$BIN" recommend
expect_fail "recommend: bad --shared-section" "abc" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --shared-section 1024,abc
printf '{"name": "t", "source": "t", "os": "winxp-x86",\n "steps": [{"action": "start_service", "name": "s", "cuont": 2}]}\n' >"$T/typo.json"
expect_fail "recommend: scenario with a typo" "typo.json:2" "$BIN" recommend "$T/typo.json"

# ------------------------------------------------------------ help

for c in run demo profiles sharedsection compare capacity sweep import \
    recommend explain plot report; do
    expect_help "$c"
done

echo "badinput: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
