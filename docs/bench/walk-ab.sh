#!/usr/bin/env bash
# Cold directory walks through a fresh mount, alternated between checkouts: for each round and
# each checkout, `vault mount --background VAULT`, drop the caches, `find DIR`, drop them
# again, `tar c` of DIR to /dev/null, unmount; then the medians per checkout. DIR is a
# directory inside the vault (the peer corpus's `small`: 20,000 files in 200 directories).
# Usage: docs/bench/walk-ab.sh VAULT DIR ROUNDS CHECKOUT... (each a tree with ./vault built)
# The password comes from $VAULT_PASSWORD. Needs root (drop_caches) and FUSE.
set -euo pipefail
vault=$1 dir=$2 rounds=$3
shift 3
mnt=$(mktemp -d)
out=$(mktemp)
trap 'fusermount -u "$mnt" 2>/dev/null || true; rmdir "$mnt"; rm -f "$out"' EXIT
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
for ((r = 0; r < rounds; r++)); do
    for tree in "$@"; do
        "$tree/vault" mount --background "$vault" "$mnt" >/dev/null 2>&1
        ls "$mnt" >/dev/null
        drop; s=$(date +%s.%N); find "$mnt/$dir" >/dev/null; e=$(date +%s.%N)
        drop; s2=$(date +%s.%N); tar -C "$mnt/$dir" -cf /dev/null .; e2=$(date +%s.%N)
        echo "$tree $(echo "$e - $s" | bc -l) $(echo "$e2 - $s2" | bc -l)" >> "$out"
        fusermount -u "$mnt"
        sleep 0.3
    done
done
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    tree, f, t = line.split()
    rows.setdefault(tree, ([], []))
    rows[tree][0].append(float(f)); rows[tree][1].append(float(t))
for tree, (f, t) in rows.items():
    print(f"{tree}: find median {statistics.median(f):.3f} s, tar c median {statistics.median(t):.3f} s, {len(f)} rounds")
PY
