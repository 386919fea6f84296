#!/usr/bin/env bash
# Cold and warm sequential read of big.bin through `vault mount` and squashfuse, alternated,
# for tuning the sequential path. Not a test: prints one line per run.
#
#   docs/bench/seqread.sh [ROUNDS] [VAULT_CHECKOUT...]
#
# Uses the images mount.sh made (WORK, default /var/tmp/vaultfs-mountbench). Each checkout
# (default: this one) is mounted through its own ./vault launcher. Needs root (drop_caches).
#
# Why it differs from mount.sh's cold figure:
# - On a VM the host caches the disk image: a guest-cold read of the same file ran at 300 MB/s
#   to 2.7 GB/s depending on what the host kept. Each run therefore first reads the image
#   once (the host keeps it), then drops the guest's caches: what is left to compare is the
#   guest-side pipeline, not the host's cache of the moment.
# - The machine is shared: each run waits (up to 3 minutes) for the CPUs to be 90% idle.
# - Besides MiB/s it prints the mount's CPU seconds for the cold GiB, steadier than wall time
#   when others load the machine, and the speed of each eighth of the file (JIT warm-up shows
#   in the first, garbage collection in the later ones).
set -uo pipefail

ROUNDS=${1:-3}
shift || true
CHECKOUTS=("$@")
[ ${#CHECKOUTS[@]} -gt 0 ] || CHECKOUTS=("$(cd "$(dirname "$0")/../.." && pwd)")
WORK=${WORK:-/var/tmp/vaultfs-mountbench}
export VAULT_PASSWORD=${VAULT_PASSWORD:-bench-password}
MV=$WORK/mnt-seqread; MS=$WORK/mnt-seqread-sq
mkdir -p "$MV" "$MS"
HZ=$(getconf CLK_TCK)

quiet() {
  local a b t idle k i
  for i in $(seq 90); do
    read -ra a < /proc/stat; sleep 2; read -ra b < /proc/stat
    t=0; for k in 1 2 3 4 5 6 7 8; do t=$((t + b[k] - a[k])); done
    idle=$(( (b[4] - a[4]) * 100 / (t > 0 ? t : 1) ))
    [ "$idle" -ge 90 ] && return 0
  done
  echo "# machine still busy (idle $idle%)" >&2
}
cold_start() { cat "$1" > /dev/null; quiet; sync; echo 3 > /proc/sys/vm/drop_caches; }
rate() { python3 -c "print(f'{$1/($3-$2):.0f}')"; }
eighths() { # prints MiB/s of each eighth of the file, then the total
  python3 - "$1" <<'EOF'
import os, sys, time
f = os.open(sys.argv[1], os.O_RDONLY); size = os.fstat(f).st_size; step = size // 8
buf = memoryview(bytearray(1 << 20)); n = 0; mark = step; t0 = last = time.time(); out = []
while True:
    k = os.readv(f, [buf])
    if k <= 0: break
    n += k
    if n >= mark and len(out) < 8:
        now = time.time(); out.append(f"{step / (1 << 20) / (now - last):.0f}"); last = now; mark += step
print(f"{n / (1 << 20) / (time.time() - t0):.0f} | " + " ".join(out))
EOF
}

for r in $(seq "$ROUNDS"); do
  for c in "${CHECKOUTS[@]}"; do
    cold_start "$WORK/tree.av3"
    "$c/vault" mount "$WORK/tree.av3" "$MV" --background >/dev/null || { echo "mount failed: $c"; continue; }
    pid=$(pgrep -f "java.*$MV" | head -1)
    c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    cold=$(eighths "$MV/big.bin")
    c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    t1=$(date +%s.%N); dd if="$MV/big.bin" of=/dev/null bs=1M status=none; t2=$(date +%s.%N)
    dev=$(awk -v m="$MV" '$5==m {print $3}' /proc/self/mountinfo)
    echo "vault $(basename "$c") ra=$(cat "/sys/class/bdi/$dev/read_ahead_kb") cold ${cold%% |*} warm $(rate 1024 "$t1" "$t2") cpu $(python3 -c "print(f'{($c1-$c0)/$HZ:.2f}')")s | eighths ${cold#*| }"
    "$c/vault" umount "$MV"
  done
  cold_start "$WORK/tree.sqfs"
  squashfuse "$WORK/tree.sqfs" "$MS"
  t0=$(date +%s.%N); dd if="$MS/big.bin" of=/dev/null bs=1M status=none; t1=$(date +%s.%N)
  dd if="$MS/big.bin" of=/dev/null bs=1M status=none; t2=$(date +%s.%N)
  echo "squashfuse cold $(rate 1024 "$t0" "$t1") warm $(rate 1024 "$t1" "$t2")"
  fusermount -u "$MS"
done
