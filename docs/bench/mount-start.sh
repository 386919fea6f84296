#!/usr/bin/env bash
# Mount start, alternated between checkouts: for each round and each checkout, `vault mount
# --background VAULT` then `ls` of the mount point, timed from the command to the listing,
# with the daemon's CPU seconds (user + system, /proc/PID/stat) read as soon as it is ready;
# then medians per checkout. Alternation is what makes a comparison on a noisy machine: the
# same checkout's starts spread by 30 % within minutes here.
# Usage: docs/bench/mount-start.sh VAULT ROUNDS CHECKOUT... (each a tree with ./vault built)
# The password comes from $VAULT_PASSWORD. Run as root or with FUSE usable by the user.
# COLD=1 (as root): drop the page cache before each start, as the peers benchmark does.
set -euo pipefail
vault=$1 rounds=$2
shift 2
mnt=$(mktemp -d)
trap 'fusermount -u "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
tck=$(getconf CLK_TCK)
out=$(mktemp)
for ((r = 0; r < rounds; r++)); do
    for tree in "$@"; do
        if [[ "${COLD:-}" == 1 ]]; then
            sync
            echo 3 > /proc/sys/vm/drop_caches
        fi
        s=$(date +%s.%N)
        "$tree/vault" mount --background "$vault" "$mnt" >/dev/null 2>&1
        ls "$mnt" >/dev/null
        e=$(date +%s.%N)
        pid=$(pgrep -f -- "--ready-fd=3 .*$mnt" | head -1)
        cpu=$(awk -v t="$tck" '{print ($14 + $15) / t}' "/proc/$pid/stat")
        echo "$tree $(echo "$e - $s" | bc -l) $cpu" >> "$out"
        fusermount -u "$mnt"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    done
done
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    tree, wall, cpu = line.split()
    rows.setdefault(tree, ([], []))
    rows[tree][0].append(float(wall)); rows[tree][1].append(float(cpu))
for tree, (wall, cpu) in rows.items():
    print(f"{tree}: wall median {statistics.median(wall):.2f} s (min {min(wall):.2f}), "
          f"CPU median {statistics.median(cpu):.2f} s, {len(wall)} starts")
PY
rm -f "$out"
