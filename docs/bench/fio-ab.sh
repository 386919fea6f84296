#!/usr/bin/env bash
# O_DIRECT 4 KiB random reads of the peer corpus's random.bin through a fresh mount,
# alternated between checkouts: the file is read once first (cache and JIT warm alike for
# each build), then fio randread (psync) for 8 s with JOBS jobs; prints IOPS, p50 latency and
# the daemon's CPU time per request.
# Usage: docs/bench/fio-ab.sh WORKDIR ROUNDS JOBS CHECKOUT... (WORKDIR as made by peers.sh;
# root; $VAULT_PASSWORD set)
set -euo pipefail
w=$1; rounds=$2; jobs=$3; shift 3
cd "$w"
mkdir -p mnt-v
for _ in $(seq "$rounds"); do
    for v in "$@"; do
        "$v/vault" mount --background v.av3 mnt-v >/dev/null 2>&1
        pid=$(pgrep -f "vault.jar mount" | head -1)
        cat mnt-v/random.bin > /dev/null
        c0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        fio --name=rr --filename=mnt-v/random.bin --readonly --rw=randread --bs=4k --ioengine=psync --direct=1 \
            --numjobs="$jobs" --time_based --runtime=8 --group_reporting --output-format=json > fio.json
        c1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        python3 -c "
import json
r = json.load(open('fio.json'))['jobs'][0]['read']
print('$v: jobs $jobs, %.0f IOPS, p50 %.1f us, daemon CPU %.1f us per request'
      % (r['iops'], r['clat_ns']['percentile']['50.000000'] / 1000, ($c1 - $c0) * 10000.0 / r['total_ios']))"
        "$v/vault" umount mnt-v >/dev/null 2>&1 || fusermount -u mnt-v
        sleep 0.5
    done
done
