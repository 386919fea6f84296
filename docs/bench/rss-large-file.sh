#!/usr/bin/env bash
# Peak RSS of sealing one large file: memory must not grow with the input.
# Usage: docs/bench/rss-large-file.sh [GIB] [WORKDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gib=${1:-4}
work=${2:-/tmp/vaultfs-rss}
export VAULT_PASSWORD=benchmark-password
mkdir -p "$work/src"
f=$work/src/large.bin
if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" != "$((gib << 30))" ]; then
  # Half random, half text-like, so both the raw and the zstd paths run.
  head -c "$(((gib << 30) / 2))" /dev/urandom > "$f"
  # `yes` dies of SIGPIPE once head has enough; that is the expected end, not a failure.
  (yes "vaultfs large file benchmark line with some repeated words 0123456789" || true) | head -c "$(((gib << 30) / 2))" >> "$f"
fi
"$root/vault" --version >/dev/null
rm -f "$work/large.aerovault"
/usr/bin/time -f 'elapsed %e s, peak RSS %M KiB' "$root/vault" seal "$work/src" -o "$work/large.aerovault" 2>&1 | tail -n 2
