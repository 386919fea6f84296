#!/usr/bin/env bash
# Cold and warm sequential reads of the 1 GiB file, vaultfs and squashfuse alternating, N
# rounds: the rows of docs/bench/mount.sh that vary most between runs, repeated so a median
# can be taken. Each round is a fresh mount after drop_caches, then `dd bs=1M` twice.
# Uses the images docs/bench/mount.sh generates in $WORK; run that first.
# Usage: WORK=/var/tmp/vaultfs-mountbench docs/bench/seq-rounds.sh [rounds]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-/var/tmp/vaultfs-mountbench}"
N="${1:-5}"
export VAULT_PASSWORD="${VAULT_PASSWORD:-bench-password}"
MV="$WORK/mnt-vault"; MS="$WORK/mnt-squash"
mkdir -p "$MV" "$MS"
now() { date +%s.%N; }
mbs() { python3 -c "print(f'{1024/($2-$1):.0f}')"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
two_passes() { # dir -> "cold warm"
  local t0 t1 t2
  t0=$(now); dd if="$1/big.bin" of=/dev/null bs=1M status=none; t1=$(now)
  dd if="$1/big.bin" of=/dev/null bs=1M status=none; t2=$(now)
  echo "$(mbs "$t0" "$t1") | $(mbs "$t1" "$t2")"
}
echo "| round | vaultfs cold | vaultfs warm | squashfuse cold | squashfuse warm |"
echo "|---|---:|---:|---:|---:|"
for i in $(seq "$N"); do
  drop_caches; "$root/vault" mount "$WORK/tree.av3" "$MV" --background
  v=$(two_passes "$MV"); "$root/vault" umount "$MV"
  drop_caches; squashfuse "$WORK/tree.sqfs" "$MS"
  q=$(two_passes "$MS"); fusermount -u "$MS"
  echo "| $i | $v | $q |"
done
