#!/usr/bin/env bash
# The floor of one reader's 4 KiB reads through FUSE on this machine, beside vaultfs and
# gocryptfs: fio randread (psync, O_DIRECT, JOBS jobs, 8 s) against nullfs (docs/bench/nullfs.c,
# a daemon that answers every read from a zeroed buffer) with its device read blocking, as
# libfuse's loop does, and polled, as vaultfs' workers do after an answer; then a fresh vaultfs
# mount of the peers vault (random.bin read once first, as in peers.sh) and gocryptfs.
# Alternated, ROUNDS rounds; prints IOPS and the mean latency per row.
# Usage: docs/bench/fuse-floor.sh WORKDIR [ROUNDS] [JOBS]   (WORKDIR as made by peers.sh; root;
# $VAULT_PASSWORD set; installs gcc and libfuse-dev when missing)
set -euo pipefail
w=$(readlink -f "$1"); rounds=${2:-3}; jobs=${3:-1}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ -f "$w/v.av3" && -d "$w/gc-cipher" ]] || { echo "fuse-floor: run docs/bench/peers.sh $w first" >&2; exit 2; }
if ! command -v gcc >/dev/null || [[ ! -f /usr/include/fuse/fuse_lowlevel.h ]]; then
    apt-get install -y -q gcc libfuse-dev pkg-config >/dev/null
fi
nullfs="$w/nullfs"
gcc -O2 -Wall -o "$nullfs" "$root/docs/bench/nullfs.c" $(pkg-config --cflags --libs fuse)
mkdir -p "$w/mnt-n" "$w/mnt-v" "$w/mnt-g"

iops() {  # FILE -> "IOPS mean-latency-us"
    fio --name=rr --filename="$1" --readonly --rw=randread --bs=4k --ioengine=psync --direct=1 \
        --numjobs="$jobs" --time_based --runtime=8 --group_reporting --output-format=json > "$w/fio.json"
    python3 -c "
import json
r = json.load(open('$w/fio.json'))['jobs'][0]['read']
print('%.0f IOPS, mean %.1f us' % (r['iops'], r['clat_ns']['mean'] / 1000))"
}
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
null_run() {  # MODE
    "$nullfs" "$w/mnt-n" $1 &
    local pid=$!
    for _ in $(seq 50); do [[ -e "$w/mnt-n/null.bin" ]] && break; sleep 0.05; done
    echo "nullfs, device $2: $(iops "$w/mnt-n/null.bin")"
    fusermount -u "$w/mnt-n"; wait "$pid" || true
}
mountpoint -q "$w/mnt-g" || gocryptfs -q -nosyslog -extpass "echo $VAULT_PASSWORD" "$w/gc-cipher" "$w/mnt-g"
[[ -f "$w/mnt-g/random.bin" ]] || cp "$w/corpus/random.bin" "$w/mnt-g/random.bin"
for r in $(seq "$rounds"); do
    echo "-- round $r, $jobs job(s)"
    null_run spin polled
    null_run "" blocking
    "$root/vault" mount --background "$w/v.av3" "$w/mnt-v" >/dev/null 2>&1
    drop; cat "$w/mnt-v/random.bin" > /dev/null; drop
    echo "vaultfs: $(iops "$w/mnt-v/random.bin")"
    "$root/vault" umount "$w/mnt-v" >/dev/null 2>&1 || fusermount -u "$w/mnt-v"
    drop; echo "gocryptfs: $(iops "$w/mnt-g/random.bin")"
done
fusermount -u "$w/mnt-g"
