#!/bin/sh
# wine_reg.sh BIN — the .reg files `recommend --reg` writes, imported with
# Wine's own regedit (`wine regedit /S`) and read back with `wine reg query`:
# the SubSystems\Windows value must come back byte for byte as the report
# printed it, for each OS family, both formats and a machine's own value.
# Where Wine is not installed every case is "skipped" (issue 15 installs it).
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: sh tests/wine_reg.sh BUILD/dheapsim" >&2; exit 2
fi
BIN=$1
if ! command -v wine > /dev/null 2>&1; then
    echo "wine-reg: skipped (wine is not installed: apt-get install --no-install-recommends wine wine64)"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/wine-reg.XXXXXX") || exit 2
export WINEPREFIX="$T/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap 'wineserver -k > /dev/null 2>&1; rm -rf "$T"' EXIT
KEY='HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\SubSystems'
wineboot -i > /dev/null 2>&1
pass=0; fail=0
bad() { fail=$((fail + 1)); echo "FAIL: wine-reg $1: $2"; }

# one NAME SCENARIO ARGS...: recommend writes NAME.reg and its report; the
# value printed under "New SubSystems\Windows value" must be what Wine's
# regedit stores.
one() {
    name=$1; shift
    "$BIN" recommend "$@" --reg "$T/$name.reg" -o "$T/$name.txt" 2> "$T/err"
    rc=$?
    if [ $rc -ne 0 ]; then bad "$name" "recommend exit status $rc: $(head -n 1 "$T/err")"; return; fi
    want=$(awk 'f { sub(/^  /, ""); print; exit } /^New SubSystems\\Windows value/ { f = 1 }' "$T/$name.txt")
    if [ -z "$want" ]; then bad "$name" "no value in the report"; return; fi
    wine reg delete "$KEY" /v Windows /f > /dev/null 2>&1
    if ! wine regedit /S "$T/$name.reg" > "$T/err" 2>&1; then
        bad "$name" "wine regedit refused the file: $(head -n 1 "$T/err")"; return
    fi
    got=$(wine reg query "$KEY" /v Windows 2> /dev/null | tr -d '\r' |
          sed -n 's/^    Windows    REG_EXPAND_SZ    //p')
    if [ "$got" = "$want" ]; then pass=$((pass + 1))
    else bad "$name" "read back as '$got', written as '$want'"; fi
}

I=tests/import
one nt5-2003       $I/comment62-plus-30-services.json --no-shrink
one nt60-win7-x64  $I/comment62-plus-30-services.json --os win7-x64
one nt62-2022      $I/comment62-plus-30-services.json --os server2022
one regedit4-2003  $I/comment62-plus-30-services.json --reg-format regedit4
one own-value      $I/comment62-plus-30-services.json --os server2019 \
    --windows-value '%SystemRoot%\system32\csrss.exe ObjectDirectory=\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16 Extra="a b"'
echo "wine-reg: $pass passed, $fail failed (wine $(wine --version 2>/dev/null))"
[ $fail -eq 0 ]
