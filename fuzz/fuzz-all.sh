#!/usr/bin/env bash
# Real fuzzing, one target at a time (Jazzer runs one @FuzzTest per JVM).
# Usage: fuzz/fuzz-all.sh [seconds-per-target] [Class#method ...]   (from the repository root)
# Logs go to fuzz/target/fuzz-logs/<Class>_<method>.log; findings are written by Jazzer into
# fuzz/src/test/resources/org/vaultfs/fuzz/<Class>Inputs/<method>/crash-* (commit them after fixing).
set -u
secs=${1:-120}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(HeaderFuzzTest#parse HeaderFuzzTest#authenticatedLayout ExtensionDirFuzzTest#parse
           ManifestJsonFuzzTest#read ManifestJsonFuzzTest#fastPathAgrees ManifestAuthFuzzTest#tamper BlockDecodeFuzzTest#decode
           VaultFileFuzzTest#tail ForgedManifestFuzzTest#extract RangeReadFuzzTest#reads
           ReedSolomonFuzzTest#reconstruct AvecPayloadFuzzTest#scan SidecarFuzzTest#open
           SegmentReadFuzzTest#open Aerovault2FuzzTest#header Aerovault2FuzzTest#manifestText
           Aerovault2FuzzTest#manifestJson Aerovault2FuzzTest#chunks MetadataFuzzTest#json MetadataFuzzTest#fastPathAgrees)
fi
mkdir -p fuzz/target/fuzz-logs
for t in "${targets[@]}"; do
  log="fuzz/target/fuzz-logs/${t/\#/_}.log"
  echo "== $t (${secs}s) -> $log"
  JAZZER_FUZZ=1 mvn -B -o test -pl fuzz -am -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.seconds="$secs" > "$log" 2>&1
  echo "   rc=$? $(grep -E '^Done [0-9]+ runs' "$log" | tail -1) $(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
  grep -E 'Test unit written to|FuzzTestFinding|== Java Exception' "$log" | head -3
done
