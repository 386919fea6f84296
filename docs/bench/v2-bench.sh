#!/usr/bin/env bash
# AEROVAULT2 on a 1 GiB file: seal --format v2, ls, verify, extract (page cache dropped before
# each, root), 4 KiB random reads through the mount (fio, as docs/bench/mount.sh), and edits in
# place (add 1 MiB, cp, rm: each rewrites the file, as the reference's edits do).
# Usage: docs/bench/v2-bench.sh [WORKDIR]; needs fio and FUSE. Prints one line per step.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
w=${1:-/var/tmp/v2-bench}
export VAULT_PASSWORD=benchmark-password
mkdir -p "$w/src" "$w/mnt"
[ -f "$w/src/big.bin" ] || head -c $((1024 * 1024 * 1024)) /dev/urandom > "$w/src/big.bin"
drop() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
rm -f "$w/v2.aerovault"; rm -rf "$w/out"
drop; t=$(secs "$root/vault" seal "$w/src" -o "$w/v2.aerovault" --format v2 -q)
printf 'seal --format v2   %6.1f MiB/s\n' "$(echo "1024 / $t" | bc -l)"
drop; t=$(secs "$root/vault" ls -l "$w/v2.aerovault")
printf 'ls -l (cold)       %6.2f s\n' "$t"
drop; t=$(secs "$root/vault" verify "$w/v2.aerovault")
printf 'verify (cold)      %6.1f MiB/s\n' "$(echo "1024 / $t" | bc -l)"
drop; t=$(secs "$root/vault" extract "$w/v2.aerovault" -o "$w/out")
printf 'extract (cold)     %6.1f MiB/s\n' "$(echo "1024 / $t" | bc -l)"
"$root/vault" mount --background "$w/v2.aerovault" "$w/mnt" > /dev/null 2>&1
for jobs in 1 2; do
    drop
    fio --name=rr --filename="$w/mnt/big.bin" --readonly --rw=randread --bs=4k --ioengine=psync --numjobs=$jobs \
        --time_based --runtime=10 --invalidate=1 --group_reporting --output-format=json > "$w/fio.json" 2>/dev/null
    printf 'mount randread %dj  %6.0f IOPS\n' "$jobs" "$(python3 -c "import json;print(json.load(open('$w/fio.json'))['jobs'][0]['read']['iops'])")"
done
"$root/vault" umount "$w/mnt" > /dev/null 2>&1 || fusermount -u "$w/mnt"
head -c $((1024 * 1024)) /dev/urandom > "$w/one-mib.bin"
drop; t=$(secs "$root/vault" add "$w/v2.aerovault" "$w/one-mib.bin" -q)
printf 'add 1 MiB (cold)   %6.2f s\n' "$t"
drop; t=$(secs "$root/vault" cp "$w/v2.aerovault" big.bin big-copy.bin -q)
printf 'cp big.bin (cold)  %6.2f s\n' "$t"
drop; t=$(secs "$root/vault" rm "$w/v2.aerovault" big.bin -q)
printf 'rm big.bin (cold)  %6.2f s  (the copy keeps the data; size now %s bytes)\n' "$t" "$(stat -c %s "$w/v2.aerovault")"
drop; t=$(secs "$root/vault" rm "$w/v2.aerovault" big-copy.bin -q)
printf 'rm last copy       %6.2f s  (compacted; size now %s bytes)\n' "$t" "$(stat -c %s "$w/v2.aerovault")"
