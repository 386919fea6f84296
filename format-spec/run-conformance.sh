#!/usr/bin/env bash
# AeroVault conformance runner (SPEC sections 18-19): runs every vault vector in
# testdata/vectors through an implementation's CLI.
#
#   format-spec/run-conformance.sh [--exit-codes FILE] [--only GLOB] IMPL_COMMAND [ARG...]
#
# For each vault-*.txt the vault is written to a temp file and the runner calls
#   IMPL_COMMAND [ARG...] extract VAULT -o DIR
# with the vector's password in $VAULT_PASSWORD (unset when the vector has none), in an
# empty working directory, DIR not existing yet. Then:
#   expected success -> exit status 0 and the testdata/vectors/README.md tree digest of DIR equals tree-digest;
#   expected failure -> non-zero exit, exactly one line on stderr, and DIR absent or empty;
#                       with --exit-codes, the status must map to a set holding the expected
#                       name (file lines: "CODE NAME[,NAME...]", e.g. conformance/vaultfs-exit-codes.txt).
# The tree digest is computed by conformance/TreeDigest.java (java single-file launch, JDK 11+).
# Vectors that reference a file (payload-file) are skipped when it is absent; set
# AEROVAULT_FIXTURES to the directory holding it if it is not at the referenced path.
# Exit status: 0 when every vector passed (skips allowed), 1 otherwise. Needs bash, base64,
# sha256sum, java.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
vectors="${VECTORS_DIR:-$root/testdata/vectors}"
helper="$here/conformance/TreeDigest.java"
timeout_s="${CONFORMANCE_TIMEOUT:-300}"
codes_file=""
only="vault-*.txt"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --exit-codes) codes_file="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
if [[ $# -lt 1 ]]; then
    echo "usage: $0 [--exit-codes FILE] [--only GLOB] IMPL_COMMAND [ARG...]" >&2
    exit 2
fi
impl=("$@")
# The implementation runs in a scratch directory: make a relative command path absolute.
if [[ "${impl[0]}" == */* && "${impl[0]}" != /* ]]; then
    impl[0]="$(cd "$(dirname "${impl[0]}")" && pwd)/$(basename "${impl[0]}")"
fi

declare -A code_names=()
if [[ -n "$codes_file" ]]; then
    while read -r code names _; do
        [[ -z "${code:-}" || "$code" == \#* ]] && continue
        code_names[$code]="$names"
    done < "$codes_file"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/aerovault-conformance.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# header KEY FILE: the value of a header line (header = lines before the first blank line).
header() {
    awk -v k="$1: " 'NF == 0 { exit } index($0, k) == 1 { print substr($0, length(k) + 1); exit }' "$2"
}
has_header() {
    awk -v k="$1: " 'NF == 0 { exit 1 } index($0, k) == 1 { found = 1; exit 0 } END { exit !found }' "$2"
}

pass=0; fail=0; skip=0
for vec in "$vectors"/$only; do
    [[ -f "$vec" ]] || continue
    name="$(basename "$vec")"
    case_dir="$work/${name%.txt}"
    mkdir -p "$case_dir/cwd"
    vault="$case_dir/vault.av3"
    out="$case_dir/out"
    expected="$(header expected "$vec")"

    ref="$(header payload-file "$vec")"
    if [[ -n "$ref" ]]; then
        src="$root/$ref"
        [[ -f "$src" || -z "${AEROVAULT_FIXTURES:-}" ]] || src="$AEROVAULT_FIXTURES/$(basename "$ref")"
        if [[ ! -f "$src" ]]; then
            # Worktrees sit one level deeper than a checkout: look for shared/ further up.
            for up in "$root/.." "$root/../.." "$root/../../.."; do
                [[ -f "$up/$ref" ]] && src="$up/$ref" && break
            done
        fi
        if [[ ! -f "$src" ]]; then
            echo "SKIP $name: $ref not found"; skip=$((skip + 1)); continue
        fi
        want_sha="$(header payload-sha256 "$vec")"
        got_sha="$(sha256sum "$src" | cut -d' ' -f1)"
        if [[ "$want_sha" != "$got_sha" ]]; then
            echo "FAIL $name: $src has SHA-256 $got_sha, vector says $want_sha"; fail=$((fail + 1)); continue
        fi
        cp "$src" "$vault"
    else
        awk 'seen { print } NF == 0 { seen = 1 }' "$vec" | base64 -d > "$vault"
    fi

    (
        cd "$case_dir/cwd" || exit 99
        if has_header password "$vec"; then
            export VAULT_PASSWORD; VAULT_PASSWORD="$(header password "$vec")"
        else
            unset VAULT_PASSWORD
        fi
        exec timeout "$timeout_s" "${impl[@]}" extract "$vault" -o "$out" </dev/null >"$case_dir/stdout" 2>"$case_dir/stderr"
    )
    rc=$?
    why=""
    if [[ "$expected" == "success" ]]; then
        if [[ $rc -ne 0 ]]; then
            why="exit status $rc, expected 0: $(head -c 300 "$case_dir/stderr")"
        else
            # An implementation may leave DIR uncreated for a vault with no entries: empty tree.
            mkdir -p "$out"
            digest="$(java "$helper" "$out" 2>&1)"
            want="$(header tree-digest "$vec")"
            [[ "$digest" == "$want" ]] || why="tree digest $digest, expected $want"
        fi
    else
        lines="$(grep -c '' "$case_dir/stderr")"
        if [[ $rc -eq 0 ]]; then
            why="exit status 0, expected failure $expected"
        elif [[ $rc -eq 124 ]]; then
            why="timed out after ${timeout_s}s"
        elif [[ "$lines" -ne 1 ]]; then
            why="$lines stderr lines, expected exactly one"
        elif [[ -d "$out" && -n "$(find "$out" -mindepth 1 -print -quit)" ]]; then
            why="refused vault left files in DIR: $(find "$out" -mindepth 1 | head -3 | tr '\n' ' ')"
        elif [[ -n "$codes_file" ]]; then
            names="${code_names[$rc]:-}"
            [[ ",$names," == *",$expected,"* ]] || why="exit status $rc means '${names:-nothing}' in $codes_file, expected $expected"
        fi
    fi
    if [[ -z "$why" ]]; then
        echo "PASS $name ($expected)"; pass=$((pass + 1))
    else
        echo "FAIL $name: $why"; fail=$((fail + 1))
    fi
done

echo "$pass passed, $fail failed, $skip skipped"
[[ $fail -eq 0 && $pass -gt 0 ]]
