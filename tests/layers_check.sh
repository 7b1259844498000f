#!/bin/sh
# layers_check.sh — `make layers` must catch what it is for: on a copy of
# model/ and cli/, a planted upward include, an include of another layer's
# internal header, a sibling it may not use, and the CLI reaching past
# dheapsim.h each fail, naming file and line; the copy as it is passes.
set -u
top=$(pwd)
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM HUP
fresh() {
    rm -rf "$tmp/t"
    mkdir -p "$tmp/t"
    cp -r "$top/model" "$top/cli" "$tmp/t/"
}
# plant FILE TEXT: insert TEXT as a new line 6 of FILE.
plant() {
    sed -i "6i $2" "$tmp/t/$1"
}
# expect NAME STATUS PATTERN
expect() {
    out=$(sh "$top/tools/check_layers.sh" "$tmp/t" 2>&1)
    st=$?
    if [ "$st" -eq "$2" ] && printf '%s\n' "$out" | grep -qF -- "$3"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $1: status $st, wanted $2 and '$3':"
        printf '%s\n' "$out" | head -5
    fi
}
fresh
expect "the tree as it is" 0 "follow the layer order"
fresh
plant model/alloc/deskheap.c '#include "report/report.h"'
expect "alloc reaching up to report" 1 \
    'model/alloc/deskheap.c:6: layer alloc includes "report/report.h" of layer report'
fresh
plant model/engine/run.c '#include "alloc/deskheap_layout.h"'
expect "engine reading the allocator's layout" 1 \
    'model/engine/run.c:6: includes "alloc/deskheap_layout.h", internal to model/alloc'
fresh
plant model/engine/world.c '#include "import/import.h"'
expect "engine using its sibling import" 1 \
    'model/engine/world.c:6: layer engine includes "import/import.h" of layer import'
fresh
plant model/rules/config.c '#include "dheapsim.h"'
expect "a layer including the umbrella" 1 \
    'model/rules/config.c:6: includes the umbrella dheapsim.h'
fresh
plant cli/cmd_run.c '#include "engine/world.h"'
expect "the CLI past dheapsim.h" 1 'cli/cmd_run.c:6: cli includes "engine/world.h"'
echo "layers check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
