#!/bin/sh
# run.sh — runs the libFuzzer targets built in BUILD (build-fuzz/fuzz_NAME).
#   run.sh regress BUILD NAME...           replay tests/fuzz/regress/NAME/*
#   run.sh fuzz BUILD SECONDS FLAGS NAME... fuzz each target SECONDS seconds
# Seeds: tests/fuzz/corpus/NAME/ (read only), dictionary tests/fuzz/fuzz_NAME.dict
# when there is one; new inputs go to
# BUILD/corpus/NAME/, crashes to BUILD/artifacts/NAME/. Exits 1 on a crash.
mode=$1; build=$2; shift 2
if [ "$mode" = fuzz ]; then secs=$1; flags=$2; shift 2; fi
pass=0; fail=0
for name in "$@"; do
    bin=$build/fuzz_$name
    if [ "$mode" = regress ]; then
        n=0
        for f in tests/fuzz/regress/"$name"/*; do
            [ -f "$f" ] || continue
            n=$((n + 1))
            # 30 s per input: many-steps.json (20000 snapshots, 63 MB of
            # JSON report, twice) takes 8-13 s under ASan+UBSan on 2 cores.
            if "$bin" -timeout=30 "$f" > "$build/regress-$name.log" 2>&1; then
                pass=$((pass + 1))
            else
                fail=$((fail + 1))
                echo "FAIL fuzz regression $f:"
                grep -E 'ERROR|SUMMARY|runtime error' "$build/regress-$name.log" | head -5
            fi
        done
        [ $n -gt 0 ] || echo "fuzz-regress: $name: no regression inputs"
        continue
    fi
    mkdir -p "$build/corpus/$name" "$build/artifacts/$name"
    echo "fuzz: $name for $secs s"
    dict=
    [ -f "tests/fuzz/fuzz_$name.dict" ] && dict="-dict=tests/fuzz/fuzz_$name.dict"
    # shellcheck disable=SC2086
    if "$bin" $flags $dict -max_total_time="$secs" \
        -artifact_prefix="$build/artifacts/$name/" \
        "$build/corpus/$name" "tests/fuzz/corpus/$name" \
        > "$build/fuzz-$name.log" 2>&1; then
        pass=$((pass + 1))
        grep -E '^(Done|#[0-9]+.*DONE)' "$build/fuzz-$name.log" | tail -1
    else
        fail=$((fail + 1))
        echo "FAIL fuzz $name: see $build/fuzz-$name.log; input in $build/artifacts/$name/"
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$build/fuzz-$name.log" | head -8
    fi
done
if [ "$mode" = regress ]; then
    echo "fuzz-regress: $pass passed, $fail failed"
else
    echo "fuzz: $pass targets ran clean, $fail crashed"
fi
[ $fail -eq 0 ]
