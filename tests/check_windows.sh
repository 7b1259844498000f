#!/bin/sh
# check_windows.sh EXE LINUXBIN — `make check-windows`: dheapsim.exe under
# Wine must give the Linux build's bytes. Runs the golden suites and the
# bad-input suite against EXE (the same golden files the Linux build
# passes, so the output is byte-identical), then what is Windows' own:
# backslash and drive-letter paths in arguments and messages, -o rules
# (whole or nothing, a folder refused, NUL written in place), --help of
# every subcommand byte for byte, exit statuses, gnuplot.exe found on PATH
# and its arguments handed over whole (a stand-in gnuplot.exe,
# tests/win/fake_gnuplot.c, built with the cross compiler), its working
# folder removed, also when interrupted (Ctrl-C). Prints one line per
# failed case and a summary.
set -u
if [ $# -ne 2 ] || [ ! -f "$1" ] || [ ! -x "$2" ]; then
    echo "usage: sh tests/check_windows.sh BUILD-WIN/dheapsim.exe BUILD/dheapsim" >&2
    exit 2
fi
EXE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
LIN=$2
command -v wine >/dev/null 2>&1 || {
    echo "check-windows: wine is not installed (BOOTSTRAP_WINE=1 sh tools/bootstrap.sh)" >&2
    exit 2
}
T=$(mktemp -d "${TMPDIR:-/tmp}/checkwin.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'rm -rf "$T"; exit 2' HUP INT TERM
export WINEDEBUG=-all
# Wine 10 (Debian 13) writes "error: XDG_RUNTIME_DIR is invalid or not set"
# on stderr now and then without one: a private one, as a login has.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
    mkdir -m 700 "$T/xdg"
    export XDG_RUNTIME_DIR="$T/xdg"
fi
: "${WINEPREFIX:=$(dirname "$EXE")/../wineprefix}"
export WINEPREFIX
mkdir -p "$WINEPREFIX"
wineboot -i >/dev/null 2>&1 || true

# The suites take a program to run: dheapsim.exe through wine.
cat >"$T/dheapsim" <<EOF
#!/bin/sh
exec wine "$EXE" "\$@"
EOF
chmod +x "$T/dheapsim"
W=$T/dheapsim

rc=0
sh tests/golden.sh "$W" || rc=1
sh tests/golden_explain.sh "$W" || rc=1
sh tests/golden-import.sh "$W" || rc=1
DH_TEST_WINDOWS=1 sh tests/badinput.sh "$W" || rc=1

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1: $2"; }
# same NAME ARGS...: exit status and stdout of the exe equal Linux's
same() {
    name=$1; shift
    "$W" "$@" >"$T/w.out" 2>"$T/w.err"; wrc=$?
    "$LIN" "$@" >"$T/l.out" 2>"$T/l.err"; lrc=$?
    if [ $wrc -ne $lrc ]; then bad "$name" "exit $wrc, Linux $lrc"
    elif ! cmp -s "$T/w.out" "$T/l.out"; then bad "$name" "output differs"
    else ok; fi
}

# --help of every subcommand, byte for byte.
for c in run demo profiles sharedsection compare capacity sweep plot \
         explain report import recommend check-value kinds calibrate; do
    same "$c --help" "$c" --help
done
same "dheapsim --version" --version

# A path with backslashes, and one with a drive letter (Wine's Z: is /).
C49=scenarios/comment49-service-children.json
"$LIN" capacity "$C49" --grow "child processes" >"$T/l.out"
"$W" capacity 'scenarios\comment49-service-children.json' --grow "child processes" >"$T/w.out" 2>"$T/w.err" &&
    cmp -s "$T/l.out" "$T/w.out" && ok || bad "backslash path" "$(head -n 1 "$T/w.err")"
ZP="Z:$(pwd | tr / '\\')\\scenarios\\comment49-service-children.json"
"$W" capacity "$ZP" --grow "child processes" >"$T/w.out" 2>"$T/w.err" &&
    cmp -s "$T/l.out" "$T/w.out" && ok || bad "drive-letter path" "$(head -n 1 "$T/w.err")"
# ... and named as given in a message, exit 2.
"$W" run 'scenarios\no-such.json' >"$T/w.out" 2>"$T/w.err"; wrc=$?
if [ $wrc -eq 2 ] && grep -qF 'dheapsim: scenarios\no-such.json: cannot open' "$T/w.err"; then ok
else bad "missing file named with backslashes" "exit $wrc: $(cat "$T/w.err")"; fi

# -o: whole, in place of the old file, no temporary left beside it.
mkdir "$T/out"
echo old >"$T/out/report.txt"
WT=$(winepath -w "$T/out" 2>/dev/null)
"$W" demo -o "$WT\\report.txt" 2>"$T/w.err" && "$LIN" demo | cmp -s - "$T/out/report.txt" &&
    [ "$(ls -A "$T/out")" = report.txt ] && ok || bad "-o replaces a file whole" "$(cat "$T/w.err")"
"$W" demo -o "$WT\\nofolder\\report.txt" >/dev/null 2>"$T/w.err"; wrc=$?
if [ $wrc -eq 2 ] && [ ! -e "$T/out/nofolder" ] && [ "$(ls -A "$T/out")" = report.txt ]; then ok
else bad "-o into a missing folder" "exit $wrc: $(cat "$T/w.err")"; fi
"$W" demo -o "$WT" >/dev/null 2>"$T/w.err"; wrc=$?
if [ $wrc -eq 2 ] && grep -q "is a directory" "$T/w.err"; then ok
else bad "-o at a folder" "exit $wrc: $(cat "$T/w.err")"; fi
"$W" demo -o NUL >"$T/w.out" 2>"$T/w.err"; wrc=$?
if [ $wrc -eq 0 ] && [ ! -s "$T/w.out" ] && [ ! -e NUL ]; then ok
else bad "-o NUL (a device, written in place)" "exit $wrc: $(cat "$T/w.err")"; fi
cp "$C49" "$T/out/in.json"
"$W" run "$WT\\in.json" -o "$WT\\IN.JSON" >/dev/null 2>"$T/w.err"; wrc=$?
if [ $wrc -eq 2 ] && grep -q "input" "$T/w.err" && cmp -s "$C49" "$T/out/in.json"; then ok
else bad "-o at the input under another spelling" "exit $wrc: $(cat "$T/w.err")"; fi

# A .reg file: CRLF and UTF-16LE as on Linux, byte for byte.
"$W" recommend scenarios/seed-win2003-session0.json --reg "$WT\\r.reg" >"$T/w.out" 2>"$T/w.err"; wrc=$?
"$LIN" recommend scenarios/seed-win2003-session0.json --reg "$T/l.reg" >"$T/l.out" 2>/dev/null; lrc=$?
if [ $wrc -eq 0 ] && [ $lrc -eq 0 ] && cmp -s "$T/out/r.reg" "$T/l.reg" &&
   [ "$(head -c 2 "$T/l.reg" | od -An -tx1 | tr -d ' ')" = fffe ] &&
   od -An -tx1 -v "$T/l.reg" | tr -d ' \n' | grep -q 0d000a00; then ok
else bad "recommend --reg (UTF-16LE, CRLF, as on Linux)" "exit $wrc/$lrc: $(cat "$T/w.err")"; fi
same "check-value" check-value 1024,3072,512 --format json

# gnuplot: absent from PATH, the message says where to get it (exit 2).
WINEPATH= "$W" plot "$C49" --kind usage -o "$WT\\c.png" >/dev/null 2>"$T/w.err"; wrc=$?
if [ $wrc -eq 2 ] && grep -q "gnuplot.info" "$T/w.err"; then ok
else bad "plot without gnuplot.exe" "exit $wrc: $(cat "$T/w.err")"; fi
# A stand-in gnuplot.exe on PATH gets its arguments whole, even with
# spaces and quotes in them, and the working folder it was handed (in
# Wine's %TEMP%) is gone afterwards.
CC=${WIN_CC:-x86_64-w64-mingw32-gcc-posix}
mkdir "$T/gp"
# the working folder named in gnuplot's arguments (file $1), as a Unix path
workdir() {
    w=$(sed -n "s/^.*paramfile='\(.*\)\\\\params.gp'.*\$/\1/p" "$1")
    [ -n "$w" ] && winepath -u "$w" 2>/dev/null
}
if "$CC" -std=c11 -O2 -static -o "$T/gp/gnuplot.exe" tests/win/fake_gnuplot.c; then
    WINEPATH=$(winepath -w "$T/gp") \
        "$W" plot "$C49" --kind usage -o "$WT\\chart it's.png" >/dev/null 2>"$T/w.err"; wrc=$?
    f="$T/out/chart it's.png"
    wd=$(workdir "$f")
    if [ $wrc -eq 0 ] && [ -f "$f" ] && [ "$(sed -n 1p "$f")" = "-e" ] &&
       grep -q "^fmt='png'; outfile='.*chart.png'; paramfile='.*params.gp'; datafile='.*data.dat'\$" "$f" &&
       grep -q 'chart.gp$' "$f" && [ -n "$wd" ] && [ ! -e "$wd" ]; then ok
    else bad "plot with gnuplot.exe on PATH" "exit $wrc: $(cat "$T/w.err") [$wd] $(cat "$f" 2>/dev/null)"; fi
    # Ctrl-C while gnuplot runs (Wine turns SIGINT into CTRL_C_EVENT): the
    # working folder is removed and no output file is left.
    WINEPATH=$(winepath -w "$T/gp") FAKE_GNUPLOT_WAIT="$T/args.txt" \
        "$W" plot "$C49" --kind usage -o "$WT\\interrupted.png" >/dev/null 2>&1 &
    pid=$!
    i=0
    while [ ! -s "$T/args.txt" ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
    wd=$(workdir "$T/args.txt")
    if [ -n "$wd" ] && [ -f "$wd/chart.gp" ]; then
        kill -INT $pid 2>/dev/null
        i=0
        while [ -e "$wd" ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
        if [ ! -e "$wd" ] && [ ! -e "$T/out/interrupted.png" ]; then ok
        else bad "Ctrl-C removes the working folder" "$wd is still there"; fi
    else
        bad "Ctrl-C removes the working folder" "gnuplot.exe did not start (no $T/args.txt)"
    fi
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
    pkill -f "$T/gp/gnuplot.exe" 2>/dev/null
else
    bad "plot with gnuplot.exe on PATH" "cannot build tests/win/fake_gnuplot.c with $CC"
fi

if [ $rc -eq 0 ]; then suites="the suites above passed"; else suites="a suite above FAILED"; fi
echo "check-windows: $pass passed, $fail failed; $suites"
[ $fail -eq 0 ] && [ $rc -eq 0 ]
