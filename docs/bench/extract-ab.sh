#!/usr/bin/env bash
# Extraction A/B: the same vault extracted by two vault.jar builds, alternated, page cache
# dropped before each run (root). Prints one line per run.
# Usage: docs/bench/extract-ab.sh OLD_JAR NEW_JAR VAULT [ROUNDS] [EXTRA_EXTRACT_ARGS...]
# Needs VAULT_PASSWORD (or VAULT_PASSWORD_FILE) for VAULT. Build an older jar with
# `git worktree add /tmp/old COMMIT && (cd /tmp/old && mvn -q -o package -DskipTests -pl vaultfs,tools)`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
old=$1 new=$2 vault=$3 rounds=${4:-4}
shift $(( $# < 4 ? $# : 4 ))
work=$(mktemp -d "${TMPDIR:-/var/tmp}/extract-ab.XXXXXX")
trap 'rm -rf "$work"' EXIT
for r in $(seq "$rounds"); do
    for which in old new; do
        jar=$old; [[ $which == new ]] && jar=$new
        rm -rf "$work/out"
        sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
        s=$(date +%s.%N)
        VAULT_JAR=$jar "$root/vault" extract "$vault" -o "$work/out" "$@" 2>/dev/null
        e=$(date +%s.%N)
        printf '%s round %d: %.2f s\n' "$which" "$r" "$(echo "$e - $s" | bc -l)"
    done
done
