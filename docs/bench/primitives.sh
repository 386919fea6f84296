#!/usr/bin/env bash
# Runs the crypt-primitive JMH benchmarks (BLAKE3, AES-256-GCM-SIV, Argon2id) against their
# library counterparts. Short runs: the point is the ratio, on a shared 2-core machine.
# When Argon2 is selected and the reference C CLI (Debian package argon2) is installed, it
# first times ARGON2_RUNS cold derivations each of the C CLI and of ours in a fresh JVM
# (what a vault open costs a user), and checks both give the same tag.
# Usage: docs/bench/primitives.sh [JMH regex] [extra JMH args...]
# JMH_OPTS replaces the default run length, e.g. JMH_OPTS="-f 1 -wi 1 -i 1" for a smoke run.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl vaultfs test-compile
mvn -B -q -o -pl vaultfs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
cp="vaultfs/target/test-classes:vaultfs/target/classes:$(cat vaultfs/target/bench.cp)"
filter="${1:-org.vaultfs.bench.}"
shift || true
if [[ "org.vaultfs.bench.Argon2Bench.vaultfs" =~ $filter ]] && command -v argon2 >/dev/null; then
    echo "# Argon2id 128 MiB t=4 p=4, cold, wall clock; loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
    tmp=$(mktemp -d)
    TIMEFORMAT="%R s wall, %U s user, %S s sys"
    for _ in $(seq "${ARGON2_RUNS:-3}"); do
        echo -n "C CLI (argon2 -id -m 17 -t 4 -p 4 -l 32): "
        time (echo -n pw | argon2 saltsalt -id -m 17 -t 4 -p 4 -l 32 -r >"$tmp/c")
        echo -n "vaultfs, fresh JVM incl. startup:          "
        time (java -cp "$cp" org.vaultfs.bench.Argon2Bench >"$tmp/j")
        echo "  of which derivation: $(cut -d' ' -f1-2 "$tmp/j")"
        [[ "$(cat "$tmp/j")" == *"$(cat "$tmp/c")" ]] || { echo "tag differs from the C CLI" >&2; exit 1; }
    done
    rm -rf "$tmp"
fi
# shellcheck disable=SC2086 # JMH_OPTS is a word list on purpose
exec java -cp "$cp" org.openjdk.jmh.Main "$filter" ${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 2s} "$@"
