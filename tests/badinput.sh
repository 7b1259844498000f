#!/bin/sh
# badinput.sh BIN — end-to-end bad-input checks of the dheapsim program.
#
# Every bad input (a file, an option, a command line) must give exit status
# exactly 2, a non-empty stderr naming the problem (a word checked below),
# and nothing on stdout. A bad scenario file must give exactly one line,
# "dheapsim: FILE:LINE: $.json.path: problem" (or FILE:LINE:COLUMN for
# JSON syntax), checked by expect_file. Each subcommand's --help must exit 0 and print
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
# DH_TEST_WINDOWS=1 (make check-windows, dheapsim.exe under Wine): a case
# about what only POSIX has is skipped and counted.
skipped=0
posix_only() {
    [ "${DH_TEST_WINDOWS:-0}" = 1 ] || return 1
    skipped=$((skipped + 1))
}
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

# ------------------------------------------------------------ scenario files
# Each bad file below must give exactly one line on stderr, "dheapsim: FILE"
# then the place (":LINE:" and the JSON path, or ":LINE:COLUMN:") and the
# problem; exit status 2; nothing on stdout.

# expect_file NAME FILE PLACE WORD
expect_file() {
    name=$1; file=$2; place=$3; word=$4
    if ! try "$name" "$word" "$BIN" run "$file"; then
        bad "$name" "$why"
    elif [ "$(wc -l < "$T/err")" -ne 1 ]; then
        bad "$name" "want one line on stderr, got $(wc -l < "$T/err")"
    elif ! head -n 1 "$T/err" | grep -qF -e "dheapsim: $file$place"; then
        bad "$name" "message lacks 'dheapsim: $file$place': $(head -n 1 "$T/err")"
    else
        ok
    fi
}

# steps NAME STEP...: a scenario whose steps start at line 6, one a line.
steps() {
    f="$T/$1.json"; shift
    printf '{\n  "name": "t",\n  "source": "test",\n  "os": "win7-x86",\n  "steps": [\n' >"$f"
    sep=
    for s in "$@"; do printf '%s    %s' "$sep" "$s" >>"$f"; sep=',
'; done
    printf '\n  ]\n}\n' >>"$f"
}
# top NAME KEYS: a scenario with more top-level keys (line 5 on) and no steps.
top() {
    printf '{\n  "name": "t",\n  "source": "test",\n  "os": "win7-x86",\n  %s,\n  "steps": []\n}\n' "$2" >"$T/$1.json"
}

steps neg-count '{ "action": "snapshot", "count": -3 }'
expect_file "negative count" "$T/neg-count.json" ':6: $.steps[0].count' "negative"
steps huge-count '{ "action": "snapshot", "count": 1000001 }'
expect_file "count above DH_MAX_COUNT" "$T/huge-count.json" ':6: $.steps[0].count' "out of range"
steps int65 '{ "action": "snapshot", "count": 18446744073709551616 }'
expect_file "count beyond 64 bits" "$T/int65.json" ':6:' "too big integer"
steps frac-count '{ "action": "snapshot", "count": 1.5 }'
expect_file "count with a fraction" "$T/frac-count.json" ':6: $.steps[0].count' "fraction"
steps kb-overflow '{ "action": "charge", "desktop": "WinSta0\\Default", "kb": 18014398509481984 }'
expect_file "kb x 1024 above 64 bits" "$T/kb-overflow.json" ':6: $.steps[0].kb' "out of range"
steps kb-real '{ "action": "start_task", "name": "t", "cost_kb": 1e300 }'
expect_file "cost_kb 1e300" "$T/kb-real.json" ':6: $.steps[0].cost_kb' "too large"
steps kb-neg '{ "action": "start_task", "name": "t", "cost_kb": -0.5 }'
expect_file "negative cost_kb with a fraction" "$T/kb-neg.json" ':6: $.steps[0].cost_kb' "negative"
steps heap-kb '{ "action": "create_desktop", "station": "S", "name": "D", "heap_kb": 18014398509481984 }'
expect_file "heap_kb x 1024 above 64 bits" "$T/heap-kb.json" ':6: $.steps[0].heap_kb' "out of range"
steps count-bytes '{ "action": "start_process", "name": "p" }' \
    '{ "action": "create_windows", "process": "p", "bytes_each": 1099511627776, "count": 1000 }'
expect_file "count x bytes_each above 1 TB" "$T/count-bytes.json" ':7: $.steps[1].count' "count x bytes"
steps iterations '{ "action": "logon_session", "session": 0, "count": 600000 }' \
    '{ "action": "logon_session", "session": 0, "count": 600000 }'
expect_file "count x steps above DH_MAX_ITERATIONS" "$T/iterations.json" ':7: $.steps[1].count' "iterations of all steps"
rep='{ "action": "start_process", "name": "p", "repeat_until_failure": true }'
steps repeats "$rep" "$rep" "$rep" "$rep" "$rep" "$rep" "$rep" "$rep" "$rep" "$rep" "$rep"
expect_file "repeat_until_failure x repeat_limit above DH_MAX_ITERATIONS" "$T/repeats.json" \
    ':16: $.steps[10].repeat_until_failure' "iterations of all steps"
steps rows '{ "action": "start_service", "name": "s", "account": "DOM\\u", "count": 200000 }' \
    '{ "action": "snapshot", "count": 2 }'
expect_file "snapshots x desktops above DH_MAX_REPORT_ROWS" "$T/rows.json" ':7: $.steps[1].count' "report rows"
awk 'BEGIN { printf "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\", \"steps\": [], \"sessions\": [1"
             for (i = 2; i <= 1000000; i++) printf ",%d", i; print "]}" }' >"$T/million.json"
expect_file "a million sessions" "$T/million.json" ':1: $.sessions' "limit of 10000"
awk 'BEGIN { printf "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\", \"steps\": [\n"
             for (i = 1; i <= 10001; i++) printf "%s{\"action\": \"logon_session\", \"session\": %d}\n", (i > 1 ? "," : ""), i
             print "]}" }' >"$T/logons.json"
expect_file "10001 sessions logged on" "$T/logons.json" ':10002: $.steps[10000].session' "sessions declared or logged on"
# The CSV trace adds a snapshot per step: refused for CSV, fine for text.
awk 'BEGIN { printf "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\", \"steps\": [\n"
             for (i = 1; i <= 400; i++) printf "%s{\"action\": \"logon_session\", \"session\": %d}\n", (i > 1 ? "," : ""), i
             print "]}" }' >"$T/csv-rows.json"
if "$BIN" run "$T/csv-rows.json" >/dev/null 2>"$T/err"; then
    if try "CSV trace above DH_MAX_REPORT_ROWS" "CSV rows" \
        "$BIN" run "$T/csv-rows.json" --format csv; then
        if head -n 1 "$T/err" | grep -qF "dheapsim: $T/csv-rows.json:"; then ok
        else bad "CSV trace above DH_MAX_REPORT_ROWS" "no file:line: $(head -n 1 "$T/err")"; fi
    else
        bad "CSV trace above DH_MAX_REPORT_ROWS" "$why"
    fi
else
    bad "CSV trace above DH_MAX_REPORT_ROWS" "the text run failed: $(head -n 1 "$T/err")"
fi
# ... and the compact form of the same run is not refused.
if "$BIN" run "$T/csv-rows.json" --format csv --csv-rows changed >"$T/out" 2>"$T/err" &&
    [ "$(head -n 1 "$T/out" | cut -d, -f10-)" = "iteration,applied,desktop_index,closed" ]; then ok
else bad "--csv-rows changed of the refused CSV" "$(head -n 1 "$T/err")"; fi
top dup-key '"name": "again"'
expect_file "duplicate key" "$T/dup-key.json" ':5:' "duplicate object key"
printf '{"name": "t", "source": "s", "os": "win7-x86", "steps": []}\n}\n' >"$T/trailing.json"
expect_file "text after the JSON value" "$T/trailing.json" ':2:' "end of file expected"
printf '[\n  {"name": "t"}\n]\n' >"$T/array.json"
expect_file "top level is an array" "$T/array.json" ':1: $:' "expected an object"
top steps-object '"comment": "x"' ; sed -i 's/"steps": \[\]/"steps": {}/' "$T/steps-object.json"
expect_file "steps is not an array" "$T/steps-object.json" ':6: $.steps' "an array"
steps step-number '42'
expect_file "a step that is not an object" "$T/step-number.json" ':6: $.steps[0]' "an object"
steps no-action '{ "label": "x" }'
expect_file "step without action" "$T/no-action.json" ':6: $.steps[0]' "no 'action'"
steps bad-action '{ "action": "explode" }'
expect_file "unknown action" "$T/bad-action.json" ':6: $.steps[0].action' "unknown action"
steps no-account '{ "action": "start_service", "name": "s" }'
expect_file "required key missing" "$T/no-account.json" ':6: $.steps[0]' "needs 'account'"
steps step-key '{ "action": "snapshot", "cuont": 2 }'
expect_file "unknown key in a step" "$T/step-key.json" ':6: $.steps[0].cuont' "unknown key"
steps bool-string '{ "action": "snapshot", "repeat_until_failure": "yes" }'
expect_file "string where a boolean goes" "$T/bool-string.json" ':6: $.steps[0].repeat_until_failure' "true or false"
steps empty-name '{ "action": "start_task", "name": "" }'
expect_file "empty name" "$T/empty-name.json" ':6: $.steps[0].name' "must not be empty"
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "n" }')
steps long-name "{ \"action\": \"start_task\", \"name\": \"$long\" }"
expect_file "name longer than 255" "$T/long-name.json" ':6: $.steps[0].name' "longer than 255"
steps nul-escape '{ "action": "start_task", "name": "a\u0000b" }'
expect_file "\\u0000 in a string" "$T/nul-escape.json" ':6:' "u0000"
steps surrogate '{ "action": "start_task", "name": "\ud800" }'
expect_file "lone UTF-16 surrogate" "$T/surrogate.json" ':6:' "invalid Unicode"
steps interact '{ "action": "start_service", "name": "s", "account": "bob", "interact_with_desktop": true }'
expect_file "interact_with_desktop for a user account" "$T/interact.json" ':6: $.steps[0]' "interact_with_desktop needs"
steps kb-and-bytes '{ "action": "charge", "desktop": "WinSta0\\Default", "kb": 1, "bytes": 1 }'
expect_file "charge with kb and bytes" "$T/kb-and-bytes.json" ':6: $.steps[0]' "exactly one of kb, bytes"
steps desk-path '{ "action": "charge", "desktop": "Default", "kb": 1 }'
expect_file "desktop without Station\\" "$T/desk-path.json" ':6: $.steps[0].desktop' 'Station\Desktop'
steps bad-luid '{ "action": "start_service", "name": "s", "account": "bob", "logon_luid": "0xZZ" }'
expect_file "logon_luid not hex" "$T/bad-luid.json" ':6: $.steps[0].logon_luid' "not a LUID"
top bad-ss '"registry": { "shared_section": "1024,,512" }'
expect_file "bad SharedSection in the registry" "$T/bad-ss.json" ':5: $.registry.shared_section' "SharedSection"
top svs-zero '"registry": { "session_view_size_mb": 0 }'
expect_file "session_view_size_mb 0" "$T/svs-zero.json" ':5: $.registry.session_view_size_mb' "out of range"
top registry-list '"registry": []'
expect_file "registry is not an object" "$T/registry-list.json" ':5: $.registry' "an object"
top bad-assumption '"assumptions": { "view_granularity": 64 }'
expect_file "unknown assumption" "$T/bad-assumption.json" ':5: $.assumptions.view_granularity' "unknown assumption"
top repeat-zero '"assumptions": { "repeat_limit": 0 }'
expect_file "repeat_limit 0" "$T/repeat-zero.json" ':5: $.assumptions.repeat_limit' "repeat_limit"
top gran-overflow '"assumptions": { "view_granularity_kb": 18014398509481984 }'
expect_file "assumption KB x 1024 above 64 bits" "$T/gran-overflow.json" ':5: $.assumptions.view_granularity_kb' "view_granularity_kb"
top dup-session '"sessions": [1,
    1]'
expect_file "session listed twice" "$T/dup-session.json" ':6: $.sessions[1]' "twice"
top neg-session '"sessions": [-1]'
expect_file "negative session id" "$T/neg-session.json" ':5: $.sessions[0]' "negative"
top other-kb '"sessions": [{ "id": 1, "other_kb": 18014398509481984 }]'
expect_file "other_kb x 1024 above 64 bits" "$T/other-kb.json" ':5: $.sessions[0].other_kb' "out of range"
printf '{\n  "name": "t",\n  "source": "test",\n  "os": "win7-x86"\n}\n' >"$T/no-steps.json"
expect_file "no steps" "$T/no-steps.json" ':1: $:' "needs 'steps'"
printf '{\n  "source": "test",\n  "os": "win7-x86",\n  "steps": []\n}\n' >"$T/no-name.json"
expect_file "no name" "$T/no-name.json" ':1: $:' "needs 'name'"
steps stop-unknown '{ "action": "snapshot" }' '{ "action": "stop_service", "name": "never" }'
expect_file "stopping a service never started" "$T/stop-unknown.json" ':7: $.steps[1]' "no service named"
printf '\357\273\277{"name": "t", "source": "s", "os": "win7-x86", "steps": []}\n' >"$T/bom.json"
expect_file "UTF-8 byte order mark" "$T/bom.json" ':1:1:' "byte order mark"
printf '{\n  "name": "t\000",\n  "steps": []}\n' >"$T/nul-byte.json"
expect_file "NUL byte (line and column)" "$T/nul-byte.json" ':2:13:' "NUL byte"
printf '{"name": "t", "source": "s", "os": "win7-x86", "st\377eps": []}\n' >"$T/key-latin.json"
expect_file "non-UTF-8 byte in a key" "$T/key-latin.json" ':1:' "unable to decode"
awk 'BEGIN { printf "{\"name\": \""; for (i = 0; i < 10485760 / 64; i++) printf "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
             print "\", \"source\": \"s\", \"os\": \"win7-x86\", \"steps\": []}" }' >"$T/ten-mb.json"
expect_file "a 10 MB single line (string)" "$T/ten-mb.json" ':1: $.name' "longer than 4000"
awk 'BEGIN { printf "{\"name\": \"t\", \"steps\": []"; for (i = 0; i < 10485760 / 64; i++) printf "%64s", ""
             print " @}" }' >"$T/ten-mb-blank.json"
expect_file "a 10 MB single line (blanks, then garbage)" "$T/ten-mb-blank.json" ':1:' "invalid JSON"
# Control characters in names are refused (a newline could forge a report
# line, an ESC drive the terminal); a description may hold line ends.
printf '{"name": "t", "source": "s", "os": "win2003-x86", "steps": [\n {"action": "start_service", "name": "a\\u001b[2Jb", "account": "LocalSystem"}]}\n' >"$T/esc-name.json"
expect_file "ESC in a service name" "$T/esc-name.json" ':2: $.steps[0].name' "control character U+001B"
printf '{"name": "t", "source": "s", "os": "win2003-x86", "steps": [\n {"action": "start_service", "name": "a\\nFirst failure: none", "account": "LocalSystem"}]}\n' >"$T/nl-name.json"
expect_file "a newline in a service name" "$T/nl-name.json" ':2: $.steps[0].name' "control character U+000A"
printf '{"name": "t", "source": "s", "os": "win2003-x86", "description": "line one\\nline two", "steps": []}\n' >"$T/nl-desc.json"
if "$BIN" run "$T/nl-desc.json" >/dev/null 2>"$T/err"; then ok; else bad "a newline in the description" "$(head -n 1 "$T/err")"; fi
# CR-only line ends (old Mac files) count lines like LF and CRLF.
printf '{"name": "t",\r "source": "s",\r "os": "win2003-x86",\r "steps": [{"action": "start_service"}]}\r' >"$T/cr-only.json"
expect_file "CR-only line ends count lines" "$T/cr-only.json" ':4: $.steps[0]' "name"
# A message quoting the input escapes its control characters.
"$BIN" run "$T/no$(printf '\033')[31mfile.json" 2>"$T/err"
if grep -qF 'no\x1b[31mfile.json' "$T/err" && ! grep -q "$(printf '\033')" "$T/err"; then ok
else bad "ESC in a file name is escaped in the message" "$(od -c "$T/err" | head -n 2)"; fi
# Millions of values are refused by count before jansson builds the tree
# (63 MB of {} once took 5 GB first).
awk 'BEGIN { printf "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\", \"steps\": [], \"x\": [";
             for (i = 0; i < 3000001; i++) printf "{},"; print "{}]}" }' >"$T/many-objects.json"
expect_file "3,000,002 empty objects" "$T/many-objects.json" ':1:' "more than 3000000 objects and arrays"
awk 'BEGIN { printf "{\"name\": \"t\", \"source\": \"s\", \"os\": \"win7-x86\", \"steps\": [], \"x\": [\n";
             for (i = 0; i < 12000001; i++) printf "1,"; print "1]}" }' >"$T/many-numbers.json"
expect_file "12,000,002 numbers (line of the one over)" "$T/many-numbers.json" ':2:' "more than 12000000 JSON values"
dd if=/dev/zero of="$T/huge.json" bs=1 count=0 seek=65M 2>/dev/null
expect_file "a file above 64 MB" "$T/huge.json" ': ' "larger than 64 MB"
mkfifo "$T/fifo.json"
expect_file "a FIFO (must not wait for a writer)" "$T/fifo.json" ': ' "not a regular file"
ln -s "$T/loop-b.json" "$T/loop-a.json"; ln -s "$T/loop-a.json" "$T/loop-b.json"
posix_only || expect_file "a symbolic link loop" "$T/loop-a.json" ': ' "symbolic links"
expect_file "a character device" "/dev/null" ': ' "not a regular file"
sed 's/$/\r/' "$T/wrong-type.json" >"$T/crlf.json"
expect_file "CRLF line ends: same line" "$T/crlf.json" ':9: $.steps[1].count' "expected an integer"

# ------------------------------------------------------------ run options

expect_fail "bad --shared-section" "shared-section" \
    "$BIN" run "$T/good.json" --shared-section 1024,abc,512
expect_fail "--session-view-size 0" "session-view-size" \
    "$BIN" run "$T/good.json" --session-view-size 0
expect_fail "--session-view-size abc" "'abc'" \
    "$BIN" run "$T/good.json" --session-view-size abc
expect_fail "--session-view-size beyond 64 bits" "99999999999999999999" \
    "$BIN" run "$T/good.json" --session-view-size 99999999999999999999
expect_fail "--session-view-size negative" "'-5'" \
    "$BIN" run "$T/good.json" --session-view-size -5
expect_fail "--shared-section value above a ULONG" "too large" \
    "$BIN" run "$T/good.json" --shared-section 1024,4294967296,512
expect_fail "empty SCENARIO name" "empty file name" "$BIN" run ""
expect_fail "-o with an empty name" "empty" "$BIN" run "$T/good.json" -o ""
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

# -o at a symbolic link to the input: the same file, refused.
ln -s "$T/in.json" "$T/symlink.json"
if try "-o is a symbolic link to the input" "input" \
    "$BIN" run "$T/in.json" -o "$T/symlink.json"; then
    if cmp -s "$T/in.json" "$T/in.orig" && [ -L "$T/symlink.json" ]; then ok
    else bad "-o is a symbolic link to the input" "the input or the link was changed"; fi
else
    bad "-o is a symbolic link to the input" "$why"
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
expect_fail "sharedsection value beyond 64 bits" "too large" \
    "$BIN" sharedsection 99999999999999999999999
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
expect_fail "recommend: --round-2nd 5" "multiple of the 4 KB page" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --round-2nd 5
expect_fail "recommend: --round-3rd 0" "multiple of the 4 KB page" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --round-3rd 0
expect_fail "recommend: -j 0" "not a count from 1 to 64" \
    "$BIN" recommend scenarios/seed-win2003-session0.json -j 0
expect_fail "recommend: --jobs 65" "not a count from 1 to 64" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --jobs 65
expect_fail "recommend: -j without a count" "-j" \
    "$BIN" recommend scenarios/seed-win2003-session0.json -j
expect_fail "recommend: --reg-format utf8" "regedit5 or regedit4" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --reg-format utf8
expect_fail "recommend: --windows-value without SharedSection" "--windows-value" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --windows-value 'csrss.exe Windows=On'
expect_fail "recommend: --windows-value and --shared-section" "not both" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --shared-section 1024,3072,512 --windows-value 'a.exe SharedSection=1024,3072,512 X=1'
expect_fail "run: unknown --os suggests" "did you mean 'win11-x64'" \
    "$BIN" run scenarios/seed-win2003-session0.json --os win11
expect_fail "recommend: bad --shared-section" "abc" \
    "$BIN" recommend scenarios/seed-win2003-session0.json --shared-section 1024,abc
printf '{"name": "t", "source": "t", "os": "winxp-x86",\n "steps": [{"action": "start_service", "name": "s", "cuont": 2}]}\n' >"$T/typo.json"
expect_fail "recommend: scenario with a typo" "typo.json:2" "$BIN" recommend "$T/typo.json"

# ------------------------------------------------------------ special -o
# -o naming a pipe or a device writes into it; it must not be replaced by a
# regular file (a rename over /dev/null once did that).
mkfifo "$T/fifo"
timeout 10 cat "$T/fifo" > "$T/fifo.out" &
reader=$!
if "$BIN" demo -o "$T/fifo" 2>"$T/err" && wait $reader && [ -p "$T/fifo" ] &&
   grep -q "Total Desktop" "$T/fifo.out"; then ok
else bad "-o into a FIFO" "$(cat "$T/err")"; fi

# ------------------------------------------------------------ kinds, ranges

expect_fail "kinds: an argument" "takes no arguments" "$BIN" kinds extra
expect_fail "kinds: unknown --os" "did you mean" "$BIN" kinds --os server2020
expect_fail "capacity: --cost-end bad" "--cost-end must be typical, low or high" \
    "$BIN" capacity scenarios/ci-agent-catalogue.json --grow jobs --cost-end worst
cat >"$T/badkind.json" <<'EOF2'
{"name": "t", "source": "s", "os": "server2019", "steps": [
  {"action": "start_process", "name": "p", "kind": "powershel"}]}
EOF2
expect_fail "kind: a typo of a catalogue kind" "see 'dheapsim kinds'" "$BIN" run "$T/badkind.json"
cat >"$T/badconsole.json" <<'EOF2'
{"name": "t", "source": "s", "os": "server2019", "steps": [
  {"action": "start_process", "name": "p", "kind": "cmd", "console": "hidden"}]}
EOF2
expect_fail "console: unknown" "unknown console 'hidden'" "$BIN" run "$T/badconsole.json"
cat >"$T/badunit.json" <<'EOF2'
{"name": "t", "source": "s", "os": "server2019", "steps": [
  {"action": "unit", "steps": [{"action": "unit", "steps": [{"action": "snapshot"}]}]}]}
EOF2
expect_fail "unit: a unit inside a unit" "badunit.json:2: \$.steps[0].steps[0]" "$BIN" run "$T/badunit.json"

# ------------------------------------------------------------ calibrate

expect_fail "calibrate: no --observed" "needs --observed" \
    "$BIN" calibrate scenarios/comment49-service-children.json --grow "child processes"
expect_fail "calibrate: --observed 9-3" "LOW <= HIGH" \
    "$BIN" calibrate scenarios/comment49-service-children.json --grow "child processes" --observed 9-3
expect_fail "calibrate: --observed abc" "is not a count" \
    "$BIN" calibrate scenarios/comment49-service-children.json --grow "child processes" --observed abc
expect_fail "calibrate: no raw cost" "has none" \
    "$BIN" calibrate scenarios/user-service-logons.json --grow "service logons" --observed 10
cat >"$T/badrange.json" <<'EOF2'
{"name": "t", "source": "s", "os": "server2019", "steps": [
  {"action": "start_process", "name": "p", "cost_kb": {"low": 5, "typical": 3, "high": 9}}]}
EOF2
expect_fail "ranged cost: low above typical" "low <= typical <= high" "$BIN" run "$T/badrange.json"

# ------------------------------------------------------------ limits below the loader

printf '{"name":"t","source":"s","os":"win7-x64","steps":[{"action":"create_desktop","station":"WinSta0","name":"X","heap_kb":33554432}]}' > "$T/hugeheap.json"
expect_fail "heap_kb beyond the allocator: file and step" "hugeheap.json:1: \$.steps[0]: a desktop heap of 33554432 KB" \
    "$BIN" run "$T/hugeheap.json"
printf '{"name":"t","source":"s","os":"win7-x64","registry":{"shared_section":"1024,4000000000,768"},"steps":[]}' > "$T/hugess.json"
expect_fail "SharedSection beyond the allocator: file and place" "hugess.json: \$.registry.shared_section: a desktop heap" \
    "$BIN" run "$T/hugess.json"

printf '{"name":"t","source":"s","os":"win2003-x86",\n"steps":[{"action":"start_process","name":"p","objects":[{"type":"opaque","bytes":16,"count":1000000}],"count":1000}]}' > "$T/heapops.json"
expect_fail "heap operations above DH_MAX_HEAP_OPS: file, line, step" "heapops.json:2: \$.steps[0].count: desktop-heap operations" \
    "$BIN" run "$T/heapops.json"
expect_fail "heap operations above DH_MAX_HEAP_OPS: compare too" "limit of 40000000" \
    "$BIN" compare "$T/heapops.json" --os win2003-x86,win7-x64
printf '{"name":"t","source":"s","os":"win7-x64","assumptions":{"view_granularity_kb":4},"steps":[{"action":"create_desktop","station":"WinSta0","name":"X","heap_kb":33554428}]}' > "$T/granules.json"
expect_fail "view granules above DH_MAX_VIEW_GRANULES" "granules.json:1: \$.steps[0]: granules of view space" \
    "$BIN" run "$T/granules.json"

expect_fail "import: a control byte in the Windows value" "control character U+0096" \
    "$BIN" import tests/fuzz/regress/regfile/control-byte-in-windows-value.reg

expect_fail "run --csv-rows: a bad value" "--csv-rows must be all or changed" \
    "$BIN" run "$C49" --format csv --csv-rows some
expect_fail "run --csv-rows changed without --format csv" "is for --format csv" \
    "$BIN" run "$C49" --csv-rows changed
expect_fail "run --trace-points without --csv-rows changed" "needs --csv-rows changed" \
    "$BIN" run "$C49" --format csv --trace-points 100
expect_fail "run --trace-points below 10" "from 10 to 100000" \
    "$BIN" run "$C49" --format csv --csv-rows changed --trace-points 5
expect_fail "compare takes no --csv-rows" "--csv-rows" \
    "$BIN" compare "$C49" --os all --format csv --csv-rows changed
expect_fail "sweep takes no --trace-points" "--trace-points" \
    "$BIN" sweep "$C49" --grow "child processes" --shared-section 256,512 --format csv --trace-points 100
expect_fail "plot --kind compare --grow (not taken)" "--grow is for --kind sweep" \
    "$BIN" plot scenarios/comment49-service-children.json --kind compare --os all --grow "child processes" -o "$T/x.png"
expect_fail "plot --trace-points below 10" "from 10 to 100000" \
    "$BIN" plot scenarios/comment49-service-children.json --kind usage --trace-points 5 -o "$T/x.png"
expect_fail "report --trace-points not a number" "--trace-points: 'many'" \
    "$BIN" report scenarios/comment49-service-children.json --trace-points many -o "$T/x.html"

expect_fail "compare -j 0" "-j: '0' is not a count from 1 to 64" \
    "$BIN" compare scenarios/comment49-service-children.json --os all -j 0
expect_fail "sweep --jobs 65" "-j: '65'" \
    "$BIN" sweep scenarios/comment49-service-children.json --grow "child processes" --shared-section 512 --jobs 65
expect_fail "run -j: not an option of run" "unknown or incomplete option '-j'" \
    "$BIN" run scenarios/comment49-service-children.json -j 2

# ------------------------------------------------------------ check-value

expect_fail "check-value: no VALUE" "STRING or FILE.reg" "$BIN" check-value
expect_fail "check-value: --format csv" "format" "$BIN" check-value 1024,3072,512 --format csv
expect_fail "check-value: unknown --os" "did you mean 'server2019'" \
    "$BIN" check-value 1024,3072,512 --os 2019
expect_fail "check-value: missing .reg" "missing.reg" "$BIN" check-value "$T/missing.reg"
printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"a"="b"\r\n' > "$T/other.reg"
expect_fail "check-value: .reg without the value" "no SubSystems" "$BIN" check-value "$T/other.reg"
expect_fail "check-value: a directory" "directory" "$BIN" check-value "$T"

# ------------------------------------------------------------ help

for c in run demo profiles sharedsection compare capacity sweep import \
    recommend explain plot report check-value kinds calibrate; do
    expect_help "$c"
done

if [ "$skipped" -gt 0 ]; then
    echo "badinput: $pass passed, $fail failed, $skipped skipped (POSIX only)"
else
    echo "badinput: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
