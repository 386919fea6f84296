#!/usr/bin/env bash
# Walking a mounted vault of 20,000 small files (1-16 KiB, seeded) with find: the first walk
# after mounting (page cache dropped; a LOOKUP per directory, the files' types come with the
# listing) and a second one (what the kernel's entry and attribute cache answers). Usage: docs/bench/find-bench.sh [WORKDIR]; root, FUSE.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
w=${1:-/var/tmp/findbench}
export VAULT_PASSWORD=find-bench-pw
mkdir -p "$w/src" "$w/mnt"
if [ ! -f "$w/done" ]; then
    python3 - "$w/src" <<'PY'
import os, random, sys
r = random.Random(1)
for i in range(20000):
    d = os.path.join(sys.argv[1], f"d{i % 200:03d}", f"e{(i // 200) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i}.txt"), "wb") as f:
        f.write(r.randbytes(r.randint(1024, 16384)))
PY
    touch "$w/done"
fi
[ -f "$w/v.av3" ] || "$root/vault" seal "$w/src" -o "$w/v.av3" -q --profile fast
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
"$root/vault" mount --background "$w/v.av3" "$w/mnt" > /dev/null 2>&1
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
n=$(find "$w/mnt" | wc -l)
"$root/vault" umount "$w/mnt" > /dev/null 2>&1 || fusermount -u "$w/mnt"
"$root/vault" mount --background "$w/v.av3" "$w/mnt" > /dev/null 2>&1
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
c=$(secs find "$w/mnt")
a=$(secs find "$w/mnt")
printf 'find, first walk   %6.3f s  (%.0f entries/s)\n' "$c" "$(echo "$n / $c" | bc -l)"
printf 'find, second walk  %6.3f s  (%.0f entries/s)\n' "$a" "$(echo "$n / $a" | bc -l)"
"$root/vault" umount "$w/mnt" > /dev/null 2>&1 || fusermount -u "$w/mnt"
