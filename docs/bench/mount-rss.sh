#!/usr/bin/env bash
# Resident memory of `vault mount` across a whole session, per cache size: one mount runs a
# cold and a warm sequential read of the 1 GiB file, 10 s of 4 KiB random reads from two fio
# jobs, then `tar c` of the 20,000 small files (which fills the cache with packed chunks). It
# prints VmRSS after each phase and VmHWM (the peak, which includes Argon2id's 128 MiB during
# unlock) at the end, with the heap's old generation as the collector sees it.
# ROUNDS=n repeats the whole sequence n times on the same mount (page cache dropped before
# each round), one row per round: a long-running mount must not creep.
# Uses the vaults docs/bench/mount.sh generates in $WORK; run that first.
# Usage: [ROUNDS=n] WORK=/var/tmp/vaultfs-mountbench docs/bench/mount-rss.sh [cache sizes...]   (default: 64M 256M 1G)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-/var/tmp/vaultfs-mountbench}"
VAULT="$WORK/tree.av3"
MNT="$WORK/mnt-vault"
export VAULT_PASSWORD="${VAULT_PASSWORD:-bench-password}"
[ -f "$VAULT" ] || { echo "mount-rss: $VAULT missing; run docs/bench/mount.sh first" >&2; exit 2; }
mkdir -p "$MNT"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(64M 256M 1G)

rss() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
hwm() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }

echo "| cache | round | after mount | after sequential (cold, warm) | after 2 fio jobs | after tar | peak (VmHWM) | old generation used / committed (MiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for c in "${sizes[@]}"; do
  drop_caches
  "$root/vault" mount "$VAULT" "$MNT" --background --cache-size "$c"
  pid=$(pgrep -f -- "$VAULT $MNT" | head -1)
  a=$(rss "$pid")
  for r in $(seq "${ROUNDS:-1}"); do
    [ "$r" = 1 ] || drop_caches
    dd if="$MNT/big.bin" of=/dev/null bs=1M status=none
    dd if="$MNT/big.bin" of=/dev/null bs=1M status=none
    b=$(rss "$pid")
    fio --name=rr --filename="$MNT/big.bin" --readonly --rw=randread --bs=4k --ioengine=psync --numjobs=2 \
        --time_based --runtime=10 --invalidate=1 --group_reporting --output-format=terse >/dev/null
    f=$(rss "$pid")
    tar cf - -C "$MNT" small | cat > /dev/null
    t=$(rss "$pid")
    p=$(hwm "$pid")
    old=$(jstat -gc "$pid" 2>/dev/null | tail -1 | awk '{printf "%d / %d", $8 / 1024, $7 / 1024}' || echo n/a)
    echo "| $c | $r | $a | $b | $f | $t | $p | $old |"
  done
  [ -z "${RSS_DETAIL:-}" ] || { jcmd "$pid" VM.native_memory summary 2>/dev/null | grep -E "Total|Java Heap|Other|Arena|GC |Code|Internal|Thread " || true; awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6; range=$1} /^Rss:/{if ($2>4000) print $2" KB", range, name}' "/proc/$pid/smaps" | sort -rn | head -20; }
  "$root/vault" umount "$MNT"
done
