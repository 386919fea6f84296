#!/bin/bash
# Time from starting `vault mount` in the foreground (one JVM; this shell puts it in the
# background) to the first byte read through the mount. Usage:
#   VAULT_PASSWORD=... docs/bench/first-byte.sh VAULT MOUNTPOINT PATH-IN-VAULT
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
vault=$1; mnt=$2; file=$3
t0=$(date +%s%N)
"$root/vault" mount "$vault" "$mnt" >/dev/null 2>&1 &
pid=$!
until head -c 1 "$mnt/$file" >/dev/null 2>&1; do sleep 0.02; done
t1=$(date +%s%N)
echo "mount-to-first-byte: $(( (t1 - t0) / 1000000 )) ms"
"$root/vault" umount "$mnt" >/dev/null 2>&1; wait $pid
