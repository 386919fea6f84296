#!/usr/bin/env bash
# Benchmark: `vault mount` (vaultfs FUSE) against squashfuse over `mksquashfs -comp zstd`
# of the same tree. Not a test: prints a Markdown table of what it measured.
#
# Needs: root (drop_caches), /dev/fuse, libfuse2, squashfs-tools, squashfuse, fio, python3.
# Mounts go through the ./vault launcher of this checkout, as a user's would. VAULTFS_CP
# (for sealing the test vaults) must hold the vaultfs + tools classes and their
# dependencies, e.g. from a worktree after `mvn -o -q compile -pl vaultfs,tools`:
#   mvn -o -q dependency:build-classpath -pl vaultfs -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=runtime
#   export VAULTFS_CP="$PWD/vaultfs/target/classes:$PWD/tools/target/classes:$(cat /tmp/cp.txt):$HOME/.m2/repository/info/picocli/picocli/4.7.6/picocli-4.7.6.jar"
#
# Sizes (defaults are the full benchmark; lower them for a quick run):
#   BIG_MB=1024 SMALL_FILES=20000 MANY_FILES=100000 FIO_SECONDS=10 CACHE=256M docs/bench/mount.sh
set -euo pipefail

BIG_MB=${BIG_MB:-1024}
SMALL_FILES=${SMALL_FILES:-20000}
MANY_FILES=${MANY_FILES:-100000}
FIO_SECONDS=${FIO_SECONDS:-10}
CACHE=${CACHE:-256M}
WORK=${WORK:-$(mktemp -d /var/tmp/vaultfs-bench.XXXXXX)}
: "${VAULTFS_CP:?set VAULTFS_CP to the vaultfs+tools class path (see the header of this script)}"
export VAULT_PASSWORD=${VAULT_PASSWORD:-bench-password}
JAVA=${JAVA:-java}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

SRC=$WORK/src; MANY=$WORK/many
VAULT=$WORK/tree.av3; MANYVAULT=$WORK/many.av3
SQFS=$WORK/tree.sqfs; MANYSQFS=$WORK/many.sqfs
MV=$WORK/mnt-vault; MS=$WORK/mnt-squash

log() { echo "# $*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || log "cannot drop page cache (not root?): cold figures are fresh-mount only"; }

vault_mount() { "$ROOT/vault" mount "$1" "$2" --background --cache-size "$CACHE"; }  # the launcher's own heap: 256 MiB + cache
vault_umount() { "$ROOT/vault" umount "$1" 2>/dev/null || fusermount -u "$1" 2>/dev/null || true; }
sq_mount() { squashfuse "$1" "$2"; }
sq_umount() { fusermount -u "$1" 2>/dev/null || true; }
cleanup() { vault_umount "$MV"; sq_umount "$MS"; }
trap cleanup EXIT

seal() { # seal DIR VAULT: the real writer, real Argon2id, default zstd level
  cat > "$WORK/Seal.java" <<'EOF'
import java.nio.file.Path;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
public class Seal {
    public static void main(String[] a) {
        try (VaultEditor ed = VaultEditor.create(Path.of(a[1]), System.getenv("VAULT_PASSWORD").getBytes(), EditOptions.defaults())) {
            ed.addTree(Path.of(a[0]), "");
            ed.commit();
        }
    }
}
EOF
  "$JAVA" -Xmx2g -cp "$VAULTFS_CP" "$WORK/Seal.java" "$1" "$2"
}

# ---------------------------------------------------------------- data
mkdir -p "$SRC/small" "$MANY" "$MV" "$MS"
if [ ! -f "$VAULT" ]; then
  log "generating ${BIG_MB} MiB incompressible file and $SMALL_FILES small files in $SRC"
  head -c "$((BIG_MB << 20))" /dev/urandom > "$SRC/big.bin"
  python3 - "$SRC/small" "$SMALL_FILES" <<'EOF'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2]); r = random.Random(1)
words = b"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu\n"
for i in range(n):
    d = os.path.join(root, f"d{i // 500:03d}"); os.makedirs(d, exist_ok=True)
    size = r.randint(512, 16384)  # text-like, compressible: the small-file case both tools pack
    with open(os.path.join(d, f"f{i:06d}.txt"), "wb") as f: f.write((words * (size // len(words) + 1))[:size])
EOF
  log "generating $MANY_FILES tiny files in $MANY"
  python3 - "$MANY" "$MANY_FILES" <<'EOF'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"d{i // 1000:03d}"); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:06d}"), "wb") as f: f.write(b"x" * 64)
EOF
  log "sealing vaults";     t0=$(now); seal "$SRC" "$VAULT"; seal "$MANY" "$MANYVAULT"; log "sealed in $(elapsed "$t0" "$(now)") s"
  log "mksquashfs -comp zstd"; mksquashfs "$SRC" "$SQFS" -comp zstd -noappend -quiet >/dev/null; mksquashfs "$MANY" "$MANYSQFS" -comp zstd -noappend -quiet >/dev/null
fi

# ---------------------------------------------------------------- measurements
declare -A R
seq_read() { # mount-fn umount-fn image mnt key
  local t0 t1 mb=$((BIG_MB))
  drop_caches; "$1" "$3" "$4"
  t0=$(now); dd if="$4/big.bin" of=/dev/null bs=1M status=none; t1=$(now)
  R[$5,cold]=$(python3 -c "print(f'{$mb/($t1-$t0):.0f}')")
  t0=$(now); dd if="$4/big.bin" of=/dev/null bs=1M status=none; t1=$(now)
  R[$5,warm]=$(python3 -c "print(f'{$mb/($t1-$t0):.0f}')")
  "$2" "$4"
}
peak_rss() { # peak resident MiB of the process serving mount point $1
  local pid
  pid=$(pgrep -f -- "$1" | head -1)
  [ -n "$pid" ] && awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo n/a
}
fio_rand() { # mount-fn umount-fn image mnt key jobs
  drop_caches; "$1" "$3" "$4"
  fio --name=rr --filename="$4/big.bin" --readonly --rw=randread --bs=4k --ioengine=psync --numjobs="$6" \
      --time_based --runtime="$FIO_SECONDS" --invalidate=1 --group_reporting --output-format=json > "$WORK/fio.json"
  R[$5,iops$6]=$(python3 -c "import json;j=json.load(open('$WORK/fio.json'))['jobs'][0]['read'];print(f\"{j['iops']:.0f}\")")
  R[$5,p99_$6]=$(python3 -c "import json;j=json.load(open('$WORK/fio.json'))['jobs'][0]['read']['clat_ns']['percentile'];print(f\"{j['99.000000']/1000:.0f}\")")
  R[$5,rss$6]=$(peak_rss "$4")
  "$2" "$4"
}
tar_small() { # mount-fn umount-fn image mnt key
  local t0
  drop_caches; "$1" "$3" "$4"
  t0=$(now); tar cf - -C "$4" small | cat > /dev/null; R[$5,tar]=$(elapsed "$t0" "$(now)")
  "$2" "$4"
}
first_byte() { # mount-fn umount-fn image mnt key
  local t0
  drop_caches
  t0=$(now); "$1" "$3" "$4"; head -c1 "$4/d050/f050000" > /dev/null; R[$5,first]=$(elapsed "$t0" "$(now)")
  "$2" "$4"
}

for k in vault squash; do
  if [ $k = vault ]; then M=vault_mount; U=vault_umount; IMG=$VAULT; MIMG=$MANYVAULT; MP=$MV
  else M=sq_mount; U=sq_umount; IMG=$SQFS; MIMG=$MANYSQFS; MP=$MS; fi
  log "$k: sequential";    seq_read "$M" "$U" "$IMG" "$MP" $k
  log "$k: fio 1 job";     fio_rand "$M" "$U" "$IMG" "$MP" $k 1
  log "$k: fio 2 jobs";    fio_rand "$M" "$U" "$IMG" "$MP" $k 2
  log "$k: tar";           tar_small "$M" "$U" "$IMG" "$MP" $k
  if [ "$MANY_FILES" -gt 50000 ]; then log "$k: first byte"; first_byte "$M" "$U" "$MIMG" "$MP" $k; else R[$k,first]=n/a; fi
done

cat <<EOF
| measurement ($(nproc) cores, big file ${BIG_MB} MiB, ${SMALL_FILES} small files, ${MANY_FILES}-file vault) | vaultfs (\`vault mount\`) | squashfuse (zstd) |
|---|---:|---:|
| sequential read, cold (MiB/s) | ${R[vault,cold]} | ${R[squash,cold]} |
| sequential read, warm (MiB/s) | ${R[vault,warm]} | ${R[squash,warm]} |
| 4 KiB random read, 1 job (IOPS) | ${R[vault,iops1]} | ${R[squash,iops1]} |
| 4 KiB random read, 1 job, p99 (µs) | ${R[vault,p99_1]} | ${R[squash,p99_1]} |
| 4 KiB random read, 2 jobs (IOPS) | ${R[vault,iops2]} | ${R[squash,iops2]} |
| 4 KiB random read, 2 jobs, p99 (µs) | ${R[vault,p99_2]} | ${R[squash,p99_2]} |
| peak RSS of the mount process after the 2-job run (MiB; cache ${CACHE}) | ${R[vault,rss2]} | ${R[squash,rss2]} |
| \`tar c\` of the small-file tree, cold (s) | ${R[vault,tar]} | ${R[squash,tar]} |
| mount to first byte, ${MANY_FILES}-file image (s) | ${R[vault,first]} | ${R[squash,first]} |
EOF
log "image sizes: vault $(du -h "$VAULT" | cut -f1), squashfs $(du -h "$SQFS" | cut -f1); work dir $WORK (delete when done)"
