#!/usr/bin/env bash
# `vault correct` alternated between checkouts on the peer corpus's 256 MiB random file: for
# each round and checkout, gen at 10 %, repair of the intact file, then repair after 8 runs of
# 320 KiB were overwritten (as in peers.sh), the page cache dropped before each; prints wall
# seconds and checks the repaired file against the original.
# Usage: docs/bench/ecc-ab.sh WORKDIR ROUNDS CHECKOUT... (WORKDIR as made by peers.sh; root)
set -euo pipefail
w=$1; rounds=$2; shift 2
cd "$w"
damage() {
    python3 - p.bin <<'PY'
import random, sys
r = random.Random(4)
with open(sys.argv[1], "r+b") as f:
    for i in range(8):
        f.seek(i * (32 << 20) + (1 << 20) + 4096 * i)
        f.write(r.randbytes(320 << 10))
PY
}
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
secs() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
for _ in $(seq "$rounds"); do
    for v in "$@"; do
        cp corpus/random.bin p.bin; rm -f p.bin.aerocorrect; drop
        g=$(secs "$v/vault" correct gen p.bin --ec 10 -q)
        drop; c=$(secs "$v/vault" correct repair p.bin -q)
        damage; drop; r=$(secs "$v/vault" correct repair p.bin -q)
        cmp -s p.bin corpus/random.bin || r="$r (NOT RESTORED)"
        echo "$v: gen $g s, repair intact $c s, repair damaged $r s"
    done
done
