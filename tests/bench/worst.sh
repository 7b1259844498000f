#!/bin/sh
# worst.sh BIN [DIR] — the worst inputs the shipped limits still accept, one
# per kind of work (README "Hardening"), each run once with its time and
# peak memory printed against the target: under 60 s and 2 GB on a 2-core
# machine. Also the first input past each limit, which must be refused at
# once. Not a timed test: `make bench-worst` prints, a person reads.
set -u
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/bench/worst.sh BUILD/dheapsim [DIR]" >&2; exit 2
fi
BIN=$1
D=${2:-$(mktemp -d "${TMPDIR:-/tmp}/worst.XXXXXX")}
mkdir -p "$D"
TARGET_S=60
TARGET_KB=$((2 * 1024 * 1024))
over=0

head_json() { printf '{"name": "%s", "source": "tests/bench/worst.sh", "os": "%s", %s "steps": [\n' "$1" "$2" "$3"; }

# case NAME WANT(ok|refused) ARGS...: run and print seconds, peak KB, status
case_() {
    name=$1; want=$2; shift 2
    /usr/bin/time -f "%e %M" -o "$D/time" "$BIN" "$@" > "$D/$name.out" 2> "$D/$name.err"
    rc=$?
    secs=$(tail -n 1 "$D/time" | cut -d ' ' -f 1)
    kb=$(tail -n 1 "$D/time" | cut -d ' ' -f 2)
    verdict=within
    if [ "$want" = refused ] && [ $rc -ne 2 ]; then verdict="NOT REFUSED"; over=$((over + 1)); fi
    if [ "$want" = ok ] && [ $rc -ne 0 ] && [ $rc -ne 3 ]; then verdict="FAILED (exit $rc: $(head -c 120 "$D/$name.err"))"; over=$((over + 1)); fi
    case $secs in ?) ;; *)
        if awk -v s="$secs" -v t=$TARGET_S 'BEGIN { exit !(s > t) }' || [ "$kb" -gt $TARGET_KB ]; then
            verdict="OVER THE TARGET"; over=$((over + 1)); fi ;;
    esac
    printf '%-34s %-8s %8s s %9s KB  exit %d  %s\n' "$name" "$want" "$secs" "$kb" $rc "$verdict"
}

# 1. heap operations: one-byte objects, a million per process, in a 32 GB
#    heap (x64: 32-byte blocks); 39 starts = 39,000,000 + 351 estimated
#    operations (limit 40,000,000); 40 starts are refused.
ops() {
    head_json "one-byte blocks" win7-x64 ''
    printf '{"action": "create_desktop", "station": "WinSta0", "name": "big", "heap_kb": 33554428},\n'
    printf '{"action": "start_process", "name": "p", "desktop": "WinSta0\\\\big", "objects": [{"type": "opaque", "bytes": 1, "count": 1000000}], "count": %d}]}\n' "$1"
}
ops 39 > "$D/ops-ok.json"; ops 40 > "$D/ops-over.json"

# 2. iterations: 999,999 windows opened and closed (churn_windows) after
#    the process's start: 1,000,000 iterations, the limit.
{ head_json "a million window churns" win10-x64 ''
  printf '{"action": "start_process", "name": "p", "kind": "gui"},\n'
  printf '{"action": "churn_windows", "process": "p", "count": 999999, "title_chars": 40, "props": 4}]}\n'; } > "$D/churn-ok.json"

# 3. view granules: 4 KB granules and seven 16 GB desktops on a dynamic
#    view space: (7 + 8) x 4,194,304 = 62,914,560 granules (limit 67,108,864);
#    nine are refused.
views() {
    head_json "huge heaps, 4 KB granules" win7-x64 '"assumptions": {"view_granularity_kb": 4},'
    i=1; sep=
    while [ $i -le "$1" ]; do
        printf '%s{"action": "create_desktop", "station": "WinSta0", "name": "d%d", "heap_kb": 16777216}' "$sep" $i
        sep=",
"; i=$((i + 1))
    done
    printf ']}\n'
}
views 7 > "$D/view-ok.json"; views 9 > "$D/view-over.json"

# 4. sessions: 10,000 sessions (the limit), each with a GUI program.
{ head_json "10,000 sessions" server2022 ''
  i=1; sep=
  while [ $i -le 10000 ]; do
      printf '%s{"action": "logon_session", "session": %d}, {"action": "start_process", "name": "app", "session": %d, "kind": "gui"}' "$sep" $i $i
      sep=",
"; i=$((i + 1))
  done
  printf ']}\n'; } > "$D/sessions-ok.json"

# 5. per-logon window stations: 490,000 service logons.
{ head_json "490,000 service logons" win7-x64 ''
  printf '{"action": "start_service", "name": "svc", "account": "CONTOSO\\\\svc", "kind": "service", "count": 490000}]}\n'; } > "$D/logons-ok.json"

# 6. the input cap: a scenario file just under 64 MB (the reader's cap) of
#    steps, processes that load no user32.
awk 'BEGIN {
    printf "{\"name\": \"64 MB of steps\", \"source\": \"tests/bench/worst.sh\", \"os\": \"win2003-x86\", \"steps\": [\n"
    n = 0; size = 120
    while (size < 64 * 1024 * 1024 - 200) {
        line = sprintf("%s{\"action\": \"start_process\", \"name\": \"p%07d\", \"kind\": \"none\"}", (n ? ",\n" : ""), n)
        printf "%s", line; size += length(line); n++
        if (n >= 999999) break
    }
    printf "]}\n" }' > "$D/input-ok.json"

case_ heap-ops-under-limit      ok      run "$D/ops-ok.json"
case_ heap-ops-over-limit       refused run "$D/ops-over.json"
case_ churn-million             ok      run "$D/churn-ok.json"
case_ view-granules-under-limit ok      run "$D/view-ok.json"
case_ view-granules-over-limit  refused run "$D/view-over.json"
case_ sessions-10000            ok      run "$D/sessions-ok.json"
case_ service-logons-490000     ok      run "$D/logons-ok.json"
case_ compare-all-logons-490000 ok      compare "$D/logons-ok.json" --os all
case_ input-64mb                ok      run "$D/input-ok.json"
echo "worst inputs: target ${TARGET_S} s and $((TARGET_KB / 1024)) MB each; $over over or wrong"
[ $over -eq 0 ]
