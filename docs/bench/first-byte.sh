#!/bin/bash
# Time from starting `vault mount` to the first byte read through the mount. Usage:
#   VAULT_PASSWORD=... docs/bench/first-byte.sh [--background] VAULT MOUNTPOINT PATH-IN-VAULT
# Foreground: this shell puts the command in the background and polls for the file.
# --background: the command itself returns once mounted, then one read (what a user does).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
background=0
if [ "${1:-}" = --background ]; then background=1; shift; fi
vault=$1; mnt=$2; file=$3
t0=$(date +%s%N)
if [ $background = 1 ]; then
  "$root/vault" mount "$vault" "$mnt" --background || exit
  head -c 1 "$mnt/$file" >/dev/null
else
  "$root/vault" mount "$vault" "$mnt" >/dev/null 2>&1 &
  pid=$!
  until head -c 1 "$mnt/$file" >/dev/null 2>&1; do sleep 0.02; done
fi
t1=$(date +%s%N)
echo "mount-to-first-byte: $(( (t1 - t0) / 1000000 )) ms"
"$root/vault" umount "$mnt" >/dev/null 2>&1
[ $background = 1 ] || wait $pid
