#!/usr/bin/env bash
# vaultfs and rclone moving the same vault to and from the same local S3 endpoint (issue 17):
# push and pull throughput, the first byte of a file through `vault mount s3://...` beside
# `rclone cat --count 1` of the object, and what a push sends after adding 1 MiB to the vault.
# The endpoint is S3Proxy (the tests' server) on its filesystem store, started here from the
# Maven repository. Page cache dropped before each row. Writes docs/bench/s3-results.md.
# Usage: docs/bench/s3.sh [WORKDIR] [VAULT_MIB]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
w=${1:-/var/tmp/vaultfs-s3}
mib=${2:-1024}
out="$root/docs/bench/s3-results.md"
command -v rclone >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y rclone >/dev/null
rm -rf "$w"; mkdir -p "$w/store" "$w/src" "$w/mnt"
export VAULT_PASSWORD=s3-benchmark-pw
(cd "$root" && mvn -B -q -o -pl vaultfs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$w/cp" >/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$w/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access
s3proxy.credential=bench-secret-key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$w/store
CONF
java -Dlogback.configurationFile="$root/vaultfs/src/test/resources/logback-test.xml" -cp "$(cat "$w/cp")" org.gaul.s3proxy.Main --properties "$w/s3proxy.conf" >"$w/s3proxy.log" 2>&1 &
proxy=$!
trap 'fusermount -u "$w/mnt" 2>/dev/null || true; kill $proxy 2>/dev/null || true' EXIT
mkdir -p "$w/store/bench"
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_REGION=us-east-1
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_S3_FORCE_PATH_STYLE=true
# rclone's AWS library refuses a CA bundle given for other tools; the endpoint is plain HTTP.
unset AWS_CA_BUNDLE
export RCLONE_CONFIG_S3_TYPE=s3 RCLONE_CONFIG_S3_PROVIDER=Other RCLONE_CONFIG_S3_ENDPOINT=$AWS_ENDPOINT_URL \
    RCLONE_CONFIG_S3_ACCESS_KEY_ID=bench-access RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=bench-secret-key \
    RCLONE_CONFIG_S3_FORCE_PATH_STYLE=true RCLONE_CONFIG_S3_REGION=us-east-1

head -c $((mib << 20)) /dev/urandom > "$w/src/photos.bin"
"$root/vault" seal "$w/src" -o "$w/v.aerovault" --profile fast -q
size_mib=$(( $(stat -c %s "$w/v.aerovault") / 1048576 ))
drop() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
t() { local s e; s=$(date +%s.%N); "$@" >"$w/last.out" 2>&1 || { cat "$w/last.out"; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }
rate() { printf '%.1f MiB/s (%.2f s)' "$(echo "$size_mib / $1" | bc -l)" "$1"; }

drop; vp=$(t "$root/vault" push "$w/v.aerovault" s3://bench/v.aerovault -j 4)
drop; rp=$(t rclone copyto "$w/v.aerovault" s3:bench/r.aerovault --s3-upload-concurrency 4 --s3-chunk-size 16M)
row "push ${size_mib} MiB" "$(rate "$vp")" "$(rate "$rp")" "vault push -j 4 (16 MiB parts) / rclone copyto (4 x 16 MiB)"
drop; vl=$(t "$root/vault" pull s3://bench/v.aerovault -o "$w/pulled.aerovault" -j 4)
drop; rl=$(t rclone copyto s3:bench/r.aerovault "$w/rpulled.aerovault" --multi-thread-streams 4)
row "pull ${size_mib} MiB" "$(rate "$vl")" "$(rate "$rl")" "both verify a checksum; vault pull also fsyncs and renames"
cmp "$w/pulled.aerovault" "$w/v.aerovault"
drop; s=$(date +%s.%N); "$root/vault" mount --background s3://bench/v.aerovault "$w/mnt" >/dev/null 2>&1
head -c 1 "$w/mnt/photos.bin" >/dev/null; e=$(date +%s.%N); vm=$(echo "$e - $s" | bc -l)
fusermount -u "$w/mnt"
drop; rm_=$(t rclone cat s3:bench/r.aerovault --count 1)
row "first byte" "$(printf '%.2f s' "$vm")" "$(printf '%.2f s' "$rm_")" "vault mount --background + head -c1 of a file inside (Argon2id unlock included) / rclone cat --count 1 of the object"
drop; /usr/bin/time -f "%e %M" -o "$w/seal.time" "$root/vault" seal "$w/src" -o s3://bench/streamed.aerovault --profile fast -q
read -r ss srss < "$w/seal.time"
drop; /usr/bin/time -f "%e %M" -o "$w/lseal.time" "$root/vault" seal "$w/src" -o "$w/local.aerovault" --profile fast -q
read -r ls_ lrss < "$w/lseal.time"
row "seal ${mib} MiB of files straight to the store" "$(printf '%.2f s, peak RSS %d MiB' "$ss" $((srss / 1024)))" "-" "no local copy; for scale, the same seal to a local file: $(printf '%.2f s, %d MiB' "$ls_" $((lrss / 1024)))"
head -c $((1 << 20)) /dev/urandom > "$w/new.bin"
"$root/vault" add "$w/v.aerovault" "$w/new.bin" -q
drop; vi=$(t "$root/vault" push "$w/v.aerovault" s3://bench/v.aerovault -j 4)
sent=$(grep -o '[0-9]* sent ([^)]*)' "$w/last.out" || true)
copied=$(grep -o '[^,]* copied on the server' "$w/last.out" || true)
drop; ri=$(t rclone copyto "$w/v.aerovault" s3:bench/r.aerovault --s3-upload-concurrency 4 --s3-chunk-size 16M)
row "push after adding 1 MiB" "$(printf '%.2f s; %s, %s' "$vi" "$sent" "$copied")" "$(printf '%.2f s; the whole file' "$ri")" "incremental: UploadPartCopy of unchanged ranges"
{
    echo "| work | vaultfs | rclone | notes |"
    echo "|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo "vault: ${size_mib} MiB; S3Proxy $(ls ~/.m2/repository/org/gaul/s3proxy/) (filesystem store) on loopback; $(rclone version | head -1); $(date -u +%FT%TZ); $(nproc) cores"
} > "$out"
cat "$out"
