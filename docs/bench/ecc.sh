#!/usr/bin/env bash
# Parity generation, verify and repair throughput: `vault correct` against par2cmdline at
# the same redundancy, on the same file, in the same run.
#   usage: docs/bench/ecc.sh [SIZE_MIB=1024] [PCT=15]
# Needs: a built tools jar (mvn -o -q package -pl vaultfs,tools -DskipTests), par2, python3.
set -euo pipefail
SIZE_MIB=${1:-1024}
PCT=${2:-15}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/tools/target/vault.jar"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ecc-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
VAULT="java -jar $JAR"
F="$WORK/data.bin"

python3 - "$F" "$SIZE_MIB" <<'PY'
import os, sys
with open(sys.argv[1], "wb") as f:
    for _ in range(int(sys.argv[2])):
        f.write(os.urandom(1 << 20))
PY
cp "$F" "$WORK/orig.bin"
mkdir "$WORK/par2"; cp "$F" "$WORK/par2/data.bin"
cat "$F" "$WORK/par2/data.bin" > /dev/null   # both copies in the page cache

now() { date +%s.%N; }
damage() {  # flip one byte every 7 MiB: well inside both tools' repair budgets
python3 - "$1" "$SIZE_MIB" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    for off in range(4096, int(sys.argv[2]) << 20, 7 << 20):
        f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ 0x5A]))
PY
}
r() { python3 -c "import sys; s,e=float(sys.argv[1]),float(sys.argv[2]); print('%8.1f MiB/s  (%6.2f s)' % ($SIZE_MIB/(e-s), e-s))" "$1" "$2"; }

echo "file: $SIZE_MIB MiB random, redundancy $PCT %, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "par2: $(par2 --version 2>&1 | head -1)"
printf '%-28s %s\n' "step" "throughput"

t0=$(now); $VAULT correct gen "$F" --ec "$PCT" 2>/dev/null; t1=$(now)
printf '%-28s %s\n' "vault correct gen" "$(r $t0 $t1)"
t0=$(now); (cd "$WORK/par2" && par2 create -q -q -r"$PCT" data.bin >/dev/null); t1=$(now)
printf '%-28s %s\n' "par2 create -r$PCT" "$(r $t0 $t1)"

t0=$(now); $VAULT correct verify "$F" 2>/dev/null; t1=$(now)
printf '%-28s %s\n' "vault correct verify" "$(r $t0 $t1)"
t0=$(now); (cd "$WORK/par2" && par2 verify -q -q data.bin.par2 >/dev/null); t1=$(now)
printf '%-28s %s\n' "par2 verify" "$(r $t0 $t1)"

damage "$F"; damage "$WORK/par2/data.bin"
t0=$(now); $VAULT correct repair "$F" 2>/dev/null; t1=$(now)
printf '%-28s %s\n' "vault correct repair" "$(r $t0 $t1)"
t0=$(now); (cd "$WORK/par2" && par2 repair -q -q data.bin.par2 >/dev/null); t1=$(now)
printf '%-28s %s\n' "par2 repair" "$(r $t0 $t1)"

cmp "$F" "$WORK/orig.bin" && cmp "$WORK/par2/data.bin" "$WORK/orig.bin" && echo "both repairs exact"
echo "sidecar $(stat -c %s "$F.aerocorrect") bytes; par2 $(cat "$WORK"/par2/*.par2 | wc -c) bytes"
