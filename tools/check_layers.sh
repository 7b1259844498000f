#!/bin/sh
# check_layers.sh — `make layers`: every #include "..." of model/ and cli/
# (and of web/, the browser page's edge, which stands where cli/ does)
# follows the layer order of README "Layout":
#   base <- alloc <- rules <- scenario <- {engine, import} <- plan <- plot
#   <- report <- cli
# A file includes headers of its own folder and the API header (L/L.h) of
# a lower layer only; another layer's internal header, a higher layer, a
# sibling it may not use or the umbrella model/dheapsim.h (the program's
# and the tests' header) is an error, printed as file:line: what.
# Usage: sh tools/check_layers.sh [ROOT]   (ROOT: the tree, default .)
root=${1:-.}
cd "$root" || exit 2
# Each layer and the layers it may use besides itself.
uses() {
    case $1 in
        base) echo "" ;;
        alloc) echo "base" ;;
        rules) echo "base alloc" ;;
        scenario) echo "base alloc rules" ;;
        engine) echo "base alloc rules scenario" ;;
        import) echo "base alloc rules scenario" ;;
        plan) echo "base alloc rules scenario engine import" ;;
        plot) echo "base alloc rules scenario engine import plan" ;;
        report) echo "base alloc rules scenario engine import plan plot" ;;
        cli) echo "umbrella" ;;
        *) echo "?" ;;
    esac
}
layers="base alloc rules scenario engine import plan plot report"
bad=0
files=0
for f in model/*/*.[ch] cli/*.[ch] web/*.[ch]; do
    [ -f "$f" ] || continue
    files=$((files + 1))
    dir=${f%/*}
    case $dir in
        cli) me=cli ;;
        web) me=cli ;; # the page's edge: the library through dheapsim.h
        model/*) me=${dir#model/} ;;
    esac
    allowed=$(uses "$me")
    if [ "$allowed" = "?" ]; then
        echo "$f:1: folder model/$me is no layer (layers: $layers)"
        bad=$((bad + 1))
        continue
    fi
    out=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
    while IFS= read -r line; do
        n=${line%%:*}
        inc=$(printf '%s\n' "$line" | sed 's/^[^"]*"\([^"]*\)".*/\1/')
        case $inc in
            */*) L=${inc%%/*}; h=${inc#*/} ;;
            *) L=$me; h=$inc ;;
        esac
        if [ "$me" = cli ]; then
            case $inc in
                dheapsim.h|"$h") [ "$L" = cli ] && [ -f "$dir/$h" ] && continue
                                 [ "$inc" = dheapsim.h ] && continue ;;
            esac
            echo "$f:$n: cli includes \"$inc\": the program uses the library through dheapsim.h only"
            continue
        fi
        if [ "$inc" = dheapsim.h ]; then
            echo "$f:$n: includes the umbrella dheapsim.h: a layer includes its own header and lower layers' (L/L.h)"
            continue
        fi
        [ "$L" = "$me" ] && [ -f "model/$me/$h" ] && [ "$inc" = "$h" ] && continue
        if [ "$L" = "$me" ]; then
            [ "$h" = "$me.h" ] && [ -f "model/$me/$h" ] && continue
            echo "$f:$n: includes \"$inc\": no such header in model/$me"
            continue
        fi
        ok=0
        for a in $allowed; do [ "$a" = "$L" ] && ok=1; done
        if [ $ok = 0 ]; then
            echo "$f:$n: layer $me includes \"$inc\" of layer $L, which it may not use (it may use: ${allowed:-nothing})"
            continue
        fi
        if [ "$h" != "$L.h" ]; then
            echo "$f:$n: includes \"$inc\", internal to model/$L: use its API header \"$L/$L.h\""
        fi
    done)
    if [ -n "$out" ]; then
        printf '%s\n' "$out"
        bad=$((bad + $(printf '%s\n' "$out" | wc -l)))
    fi
done
if [ "$bad" -ne 0 ]; then
    echo "layers: $bad include(s) against the layer order in $files files"
    exit 1
fi
echo "layers: $files files follow the layer order"
