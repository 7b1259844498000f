#!/bin/sh
# validate.sh BIN — the field-validation suite: every case of
# validation/cases.txt (scenario, label to grow, observed range from its
# public report) is run with `dheapsim capacity`, and a table says whether
# the predicted range (low-high with ranged costs, else the one count)
# meets the observed one: "inside" (they overlap), "OPTIMISTIC" (the model
# predicts more than was observed: the dangerous miss) or "pessimistic".
# Exits 1 only when a case does not run or prints no capacity: a miss is
# information, reported, not a failure of the suite.
bin=$1
dir=validation
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0; inside=0; opt=0; pess=0; broken=0
printf '%-28s %-18s %-11s %s\n' case predicted observed verdict
while IFS='|' read -r name label olo ohi what; do
    name=$(echo "$name" | tr -d ' ')
    case "$name" in ''|'#'*) continue ;; esac
    label=$(echo "$label" | sed 's/^ *//; s/ *$//')
    olo=$(echo "$olo" | tr -d ' '); ohi=$(echo "$ohi" | tr -d ' ')
    n=$((n + 1))
    if ! "$bin" capacity "$dir/$name.json" --grow "$label" > "$tmp/out" 2> "$tmp/err"; then
        printf '%-28s did not run: %s\n' "$name" "$(head -n 1 "$tmp/err")"
        broken=$((broken + 1)); continue
    fi
    line=$(grep -m 1 '^Capacity: ' "$tmp/out")
    # "Capacity: 38 units (16-64) - ..." / "Capacity: 87 - ..." /
    # "Capacity: at least 100000 - ..."
    set -- $(echo "$line" | sed -n \
        -e 's/^Capacity: at least \([0-9]*\).*/\1 \1 open/p' \
        -e 's/^Capacity: \([0-9]*\)[a-z ]* (\([0-9]*\)-at least \([0-9]*\)).*/\1 \2 \3 open/p' \
        -e 's/^Capacity: \([0-9]*\)[a-z ]* (\([0-9]*\)-\([0-9]*\)).*/\1 \2 \3/p' \
        -e 's/^Capacity: \([0-9]*\)[a-z ]* - .*/\1 \1 \1/p')
    if [ $# -lt 3 ]; then
        printf '%-28s no capacity in the output: %s\n' "$name" "$line"
        broken=$((broken + 1)); continue
    fi
    typ=$1; plo=$2; phi=$3
    if [ "$plo" = "$phi" ]; then pred="$typ"; else pred="$typ ($plo-$phi)"; fi
    if [ "$ohi" = "-" ]; then obs="$olo+"; else obs="$olo-$ohi"; fi
    [ "$olo" = "$ohi" ] && obs="$olo"
    if [ "$ohi" != "-" ] && [ "$plo" -gt "$ohi" ]; then
        verdict="OPTIMISTIC"; opt=$((opt + 1))
    elif [ "$phi" -lt "$olo" ]; then
        verdict="pessimistic"; pess=$((pess + 1))
    else
        verdict="inside"; inside=$((inside + 1))
    fi
    printf '%-28s %-18s %-11s %s\n' "$name" "$pred" "$obs" "$verdict"
done < "$dir/cases.txt"
echo "validate: $n cases: $inside inside, $opt optimistic, $pess pessimistic, $broken did not run"
[ $broken -eq 0 ]
