#!/usr/bin/env bash
# Runs the crypt-primitive JMH benchmarks (BLAKE3, AES-256-GCM-SIV) against their library
# counterparts. Short runs: the point is the ratio, on a shared 2-core machine.
# Usage: docs/bench/primitives.sh [JMH regex] [extra JMH args...]
# JMH_OPTS replaces the default run length, e.g. JMH_OPTS="-f 1 -wi 1 -i 1" for a smoke run.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl vaultfs test-compile
mvn -B -q -o -pl vaultfs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
cp="vaultfs/target/test-classes:vaultfs/target/classes:$(cat vaultfs/target/bench.cp)"
filter="${1:-org.vaultfs.bench.}"
shift || true
# shellcheck disable=SC2086 # JMH_OPTS is a word list on purpose
exec java -cp "$cp" org.openjdk.jmh.Main "$filter" ${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 2s} "$@"
