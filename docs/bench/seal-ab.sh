#!/usr/bin/env bash
# `vault seal --profile fast` of the peer corpus alternated between checkouts, the page cache
# dropped before each: wall and CPU seconds, peak RSS, and the collections the run made
# (young, full) from the JVM's GC log. The vaults of all checkouts must hold the same files
# (the summary lines are compared).
# Usage: [WARM=1] docs/bench/seal-ab.sh WORKDIR ROUNDS CHECKOUT... (WORKDIR as made by peers.sh;
# root). WARM=1: the corpus is read whole after each drop, so every seal starts with its inputs
# in the page cache (peers.sh's warm rows).
set -euo pipefail
w=$1; rounds=$2; shift 2
export VAULT_PASSWORD=${VAULT_PASSWORD:-peers-benchmark-pw}
drop() {
    sync; echo 3 > /proc/sys/vm/drop_caches
    if [[ "${WARM:-}" == 1 ]]; then
        find "$w/corpus" -type f -print0 | xargs -0 cat > /dev/null
    fi
}
for _ in $(seq "$rounds"); do
    for v in "$@"; do
        rm -f "$w/ab.av3" "$w/ab.gc"
        drop
        t=$(VAULT_JAVA_OPTS="-Xlog:gc:file=$w/ab.gc" /usr/bin/time -f "%e %U %S %M" \
            "$v/vault" seal "$w/corpus" -o "$w/ab.av3" --profile fast -q 2>&1 >/dev/null | tail -1)
        read -r wall user sys rss <<<"$t"
        young=$(grep -c "Pause Young" "$w/ab.gc" || true)
        full=$(grep -c "Pause Full" "$w/ab.gc" || true)
        pauses=$(grep -o "[0-9.]*ms$" "$w/ab.gc" | awk '{s+=$1} END {printf "%.0f", s}')
        printf '%s: %s s wall, %.2f s CPU, %d MiB peak, %s young + %s full collections (%s ms)\n' \
            "$v" "$wall" "$(echo "$user + $sys" | bc -l)" $((rss / 1024)) "$young" "$full" "$pauses"
    done
done
rm -f "$w/ab.av3" "$w/ab.gc"
