#!/bin/sh
# dist.sh EXE OUTDIR — `make dist`: dheapsim-VERSION-windows-x86_64.zip (the
# exe, the scenarios, the docs and README as text, the man page as text, a
# SHA256SUMS of them) and dheapsim-VERSION.tar.gz (the committed source, by
# git archive), each with a .sha256 beside it. Reproducible: every file in
# the zip carries the time of the last commit, in name order.
set -eu
EXE=$1
OUT=$2
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's/^#define DH_VERSION "\(.*\)"$/\1/p' model/base/base.h)
[ -n "$VERSION" ] || { echo "dist: no DH_VERSION in model/base/base.h" >&2; exit 1; }
for t in zip groff git sha256sum; do
    command -v $t >/dev/null 2>&1 || {
        echo "dist: $t is missing (sh tools/win-deps.sh installs zip and groff-base)" >&2
        exit 1; }
done
NAME=dheapsim-$VERSION-windows-x86_64
STAGE=$OUT/stage
rm -rf "$STAGE"
mkdir -p "$STAGE/$NAME/scenarios" "$STAGE/$NAME/docs"
cp "$EXE" "$STAGE/$NAME/dheapsim.exe"
cp scenarios/*.json scenarios/scenario.schema "$STAGE/$NAME/scenarios/"
cp README.md "$STAGE/$NAME/README.txt"
for d in docs/*.md; do
    cp "$d" "$STAGE/$NAME/docs/$(basename "$d" .md).txt"
done
# the man page rendered for an 80-column console, without terminal escapes
groff -man -Tascii -P-cbou -rLL=78n man/dheapsim.1 >"$STAGE/$NAME/dheapsim.1.txt"
# every file the time of the last commit (git log), so the zip is the same
# bytes from the same commit
stamp=$(git log -1 --format=%cd --date=format-local:%Y%m%d%H%M.%S)
( cd "$STAGE/$NAME" &&
  find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort |
      xargs sha256sum >SHA256SUMS )
find "$STAGE" -exec env TZ=UTC touch -h -t "$stamp" {} +
rm -f "$OUT/$NAME.zip"
( cd "$STAGE" && find "$NAME" | LC_ALL=C sort |
      TZ=UTC zip -q -X -D -@ "../$NAME.zip" )
( cd "$OUT" && sha256sum "$NAME.zip" >"$NAME.zip.sha256" )
git archive --format=tar --prefix="dheapsim-$VERSION/" HEAD |
    gzip -n -9 >"$OUT/dheapsim-$VERSION.tar.gz"
( cd "$OUT" && sha256sum "dheapsim-$VERSION.tar.gz" >"dheapsim-$VERSION.tar.gz.sha256" )
rm -rf "$STAGE"
echo "dist: $OUT/$NAME.zip"
echo "dist: $OUT/dheapsim-$VERSION.tar.gz"
