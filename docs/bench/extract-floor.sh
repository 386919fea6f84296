#!/usr/bin/env bash
# How fast can this filesystem take the corpus durably at all? Beside `vault extract` (durable)
# and `restic restore` (nothing synced), the same tree written by the kernel's own means with
# nothing to decrypt, decompress or check: the corpus as two uncompressed tars in RAM
# (/dev/shm), extracted by two `tar -x` at once, then `sync -f`; and the same without the sync.
# Each run onto a freshly made ext4 as peers.sh makes it (loop-mounted image, caches dropped,
# the tars read back into memory), the four alternated round by round.
# Usage: [ROUNDS=5] docs/bench/extract-floor.sh [WORKDIR]. Needs the corpus, vault and restic
# repository peers.sh leaves in WORKDIR; run as root. Prints every run and the medians.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
w=${1:-/var/tmp/vaultfs-peers}
rounds=${ROUNDS:-5}
export VAULT_PASSWORD=peers-benchmark-pw RESTIC_PASSWORD=peers-benchmark-pw
for f in "$w/corpus.done" "$w/v.av3" "$w/restic/config"; do
    [[ -e "$f" ]] || { echo "extract-floor: $f missing: run docs/bench/peers.sh $w first" >&2; exit 2; }
done
shm=$(mktemp -d /dev/shm/extract-floor.XXXXXX)
trap 'umount "$w/x" 2>/dev/null || true; rm -rf "$shm"' EXIT
# Two halves of about the same size, so the two writers finish together.
tar -C "$w/corpus" -cf "$shm/a.tar" small app.log
tar -C "$w/corpus" -cf "$shm/b.tar" text random.bin

fresh() {
    umount "$w/x" 2>/dev/null || true
    truncate -s 3G "$w/x.img"; mkfs.ext4 -q -F "$w/x.img"
    mkdir -p "$w/x"; mount -o loop "$w/x.img" "$w/x"
    sync; echo 3 > /proc/sys/vm/drop_caches
    cat "$shm/a.tar" "$shm/b.tar" > /dev/null
}
two_tars() { mkdir "$w/x/o" && { tar -xf "$shm/a.tar" -C "$w/x/o" & tar -xf "$shm/b.tar" -C "$w/x/o"; wait; }; }
declare -A T
timed() {  # timed NAME CMD...: appends the wall seconds to T[NAME]
    local name=$1 s e; shift
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    T[$name]="${T[$name]:-} $(echo "$e - $s" | bc -l | xargs printf '%.2f')"
}
for ((i = 0; i < rounds; i++)); do
    fresh; timed tar-x2-sync bash -c "$(declare -f two_tars); w='$w' shm='$shm'; two_tars && sync -f '$w/x/o'"
    fresh; timed tar-x2 bash -c "$(declare -f two_tars); w='$w' shm='$shm'; two_tars"
    fresh; timed vault-extract "$root/vault" extract "$w/v.av3" -o "$w/x/out-v" -q
    fresh; timed restic-restore restic -r "$w/restic" restore latest --target "$w/x/out-r" -q
done
for name in tar-x2-sync tar-x2 vault-extract restic-restore; do
    median=$(printf '%s\n' ${T[$name]} | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    echo "$name: median $median s; runs:${T[$name]}"
done
