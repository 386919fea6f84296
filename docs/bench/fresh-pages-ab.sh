#!/usr/bin/env bash
# Checkouts alternated on one of peers.sh's rows, with restic's run of the same row between
# them as in peers.sh: restic frees its memory before each vaultfs run, so the runs meet the
# page cache and the heap in the state the one-run benchmark gives them (on a VM that reports
# freed memory to its host, the first touch of such memory is dear). Prints wall and system
# seconds per run, then the sorted walls per checkout.
# Usage: docs/bench/fresh-pages-ab.sh WORKDIR ROUNDS ROW CHECKOUT...
#   ROW: seal-warm | seal-cold | verify | extract; WORKDIR as made by peers.sh; root.
set -euo pipefail
w=$1; rounds=$2; row=$3; shift 3
export VAULT_PASSWORD=${VAULT_PASSWORD:-peers-benchmark-pw} RESTIC_PASSWORD=${RESTIC_PASSWORD:-peers-benchmark-pw}
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
warm() { drop; find "$w/corpus" -type f -print0 | xargs -0 cat > /dev/null; }
fresh_ext4() {
    umount "$w/x" 2>/dev/null || true
    rm -f "$w/x.img"; truncate -s 3G "$w/x.img"; mkfs.ext4 -q -F "$w/x.img"
    mkdir -p "$w/x"; mount -o loop "$w/x.img" "$w/x"
}
timed() { # LABEL CMD...: prints "LABEL wall sys"
    local label=$1; shift
    /usr/bin/time -f "$label %e %S" -o "$w/ab.time" "$@" > /dev/null
    cat "$w/ab.time"
}
vaultfs() { # CHECKOUT
    local v=$1
    case $row in
        seal-warm) rm -f "$w/ab.av3"; warm; timed "$v" "$v/vault" seal "$w/corpus" -o "$w/ab.av3" --profile fast -q ;;
        seal-cold) rm -f "$w/ab.av3"; drop; timed "$v" "$v/vault" seal "$w/corpus" -o "$w/ab.av3" --profile fast -q ;;
        verify) drop; timed "$v" "$v/vault" verify "$w/v.av3" -q ;;
        extract) fresh_ext4; drop; timed "$v" "$v/vault" extract "$w/v.av3" -o "$w/x/out" -q; umount "$w/x"; rm -f "$w/x.img" ;;
        *) echo "unknown row $row" >&2; exit 2 ;;
    esac
}
restic_run() {
    case $row in
        seal-warm | seal-cold)
            rm -rf "$w/ab-restic"; restic init -q -r "$w/ab-restic" > /dev/null
            if [[ $row == seal-warm ]]; then warm; else drop; fi
            timed restic restic -r "$w/ab-restic" backup --compression auto -q "$w/corpus" ;;
        verify) drop; timed restic restic -r "$w/restic" check --read-data -q ;;
        extract) fresh_ext4; drop; timed restic restic -r "$w/restic" restore latest --target "$w/x/out" -q; umount "$w/x"; rm -f "$w/x.img" ;;
    esac
}
out="$w/ab.runs"
: > "$out"
for _ in $(seq "$rounds"); do
    for v in "$@"; do
        vaultfs "$v" | tee -a "$out"
        restic_run | tee -a "$out"
    done
done
rm -rf "$w/ab.av3" "$w/ab-restic" "$w/ab.time"
for v in "$@" restic; do
    echo "$v: $(grep "^$v " "$out" | awk '{print $2}' | sort -n | tr '\n' ' ')"
done
