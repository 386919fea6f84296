#!/usr/bin/env bash
# A/B of two vault.jar builds on one corpus, alternated round by round, page cache dropped
# before each cold step (root): seal (fast profile), verify, extract, and 4 KiB random reads
# through the mount. For checking that a refactor changed no speed. Prints one line per step.
# Usage: docs/bench/refactor-ab.sh OLD_JAR NEW_JAR [CORPUS_MIB] [ROUNDS] [WORKDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
old=$1 new=$2 mib=${3:-768} rounds=${4:-3} work=${5:-/var/tmp/refactor-ab}
export VAULT_PASSWORD=benchmark-password
mkdir -p "$work"
[ -d "$work/corpus" ] || java "$here/GenCorpus.java" "$work/corpus" "$mib"
big=$(cd "$work/corpus" && find random -type f -size +10M | head -1)
drop() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
bytes=$(du -sb "$work/corpus" | cut -f1)
random_reads() { # IOPS of 4 KiB preads at random offsets for 10 s, one thread; each page dropped after, so every read reaches FUSE
    python3 - "$1" <<'PY'
import os, random, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY); size = os.fstat(fd).st_size; r = random.Random(7); n = 0
end = time.monotonic() + 10
while time.monotonic() < end:
    at = r.randrange(0, size - 4096) & ~4095
    os.pread(fd, 4096, at); os.posix_fadvise(fd, at, 4096, os.POSIX_FADV_DONTNEED); n += 1
print(n / 10)
PY
}
for r in $(seq "$rounds"); do
    for which in old new; do
        jar=$old; [[ $which == new ]] && jar=$new
        v=$work/$which.aerovault; rm -f "$v" "$v.aerocorrect"; rm -rf "$work/out"; mkdir -p "$work/mnt"
        drop; t=$(timed env VAULT_JAR=$jar "$root/vault" seal "$work/corpus" -o "$v" --profile fast)
        printf '%s round %d seal    %6.1f MiB/s\n' "$which" "$r" "$(echo "$bytes / 1048576 / $t" | bc -l)"
        drop; t=$(timed env VAULT_JAR=$jar "$root/vault" verify "$v")
        printf '%s round %d verify  %6.1f MiB/s\n' "$which" "$r" "$(echo "$bytes / 1048576 / $t" | bc -l)"
        drop; t=$(timed env VAULT_JAR=$jar "$root/vault" extract "$v" -o "$work/out")
        printf '%s round %d extract %6.1f MiB/s\n' "$which" "$r" "$(echo "$bytes / 1048576 / $t" | bc -l)"
        VAULT_JAR=$jar "$root/vault" mount --background "$v" "$work/mnt" >/dev/null 2>&1
        drop; iops=$(random_reads "$work/mnt/$big")
        printf '%s round %d random  %6.0f IOPS (4 KiB, 1 thread, mount)\n' "$which" "$r" "$iops"
        VAULT_JAR=$jar "$root/vault" umount "$work/mnt" >/dev/null 2>&1 || fusermount -u "$work/mnt"
    done
done
