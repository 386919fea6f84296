#!/usr/bin/env bash
# Builds libvaultfs-native.so into OUTDIR (a resource directory of the jar) with the
# machine's C compiler, for x86-64 Linux only. Elsewhere, or without a compiler, it builds
# nothing and says so: the library then runs on its Java code.
# Usage: build.sh OUTDIR JAVA_HOME
set -euo pipefail
out="$1"
java_home="$2"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "$(uname -s)/$(uname -m)" != Linux/x86_64 ]]; then
    echo "vaultfs native: not x86-64 Linux; the Java code will be used" >&2
    exit 0
fi
cc="${CC:-cc}"
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "vaultfs native: no C compiler ($cc); the Java code will be used" >&2
    exit 0
fi
inc="$java_home/include"
[[ -f "$inc/jni.h" ]] || inc="$java_home/../include"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# No -Werror: a newer compiler's new warning must not break a user's build.
flags=(-O3 -fPIC -std=c11 -Wall -Wextra -fvisibility=hidden -I"$inc" -I"$inc/linux")
build() {
    "$cc" "${flags[@]}" -c "$src/blake3_native.c" -o "$tmp/blake3_native.o" &&
    "$cc" "${flags[@]}" -mavx512f -c "$src/blake3_avx512.c" -o "$tmp/blake3_avx512.o" &&
    "$cc" "${flags[@]}" -c "$src/gf_native.c" -o "$tmp/gf_native.o" &&
    "$cc" "${flags[@]}" -c "$src/gear_native.c" -o "$tmp/gear_native.o" &&
    "$cc" "${flags[@]}" -c "$src/process_native.c" -o "$tmp/process_native.o" &&
    "$cc" "${flags[@]}" -c "$src/random_native.c" -o "$tmp/random_native.o" &&
    "$cc" "${flags[@]}" -c "$src/writeback_native.c" -o "$tmp/writeback_native.o" &&
    "$cc" "${flags[@]}" -c "$src/dirfill_native.c" -o "$tmp/dirfill_native.o" &&
    "$cc" "${flags[@]}" -c "$src/dirscan_native.c" -o "$tmp/dirscan_native.o" &&
    "$cc" "${flags[@]}" -c "$src/fileread_native.c" -o "$tmp/fileread_native.o" &&
    "$cc" "${flags[@]}" -c "$src/filewrite_native.c" -o "$tmp/filewrite_native.o" &&
    "$cc" "${flags[@]}" -c "$src/dircalls_native.c" -o "$tmp/dircalls_native.o" &&
    "$cc" "${flags[@]}" -c "$src/gcmsiv_native.c" -o "$tmp/gcmsiv_native.o" &&
    "$cc" "${flags[@]}" -c "$src/argon2_native.c" -o "$tmp/argon2_native.o" &&
    "$cc" "${flags[@]}" -mavx2 -c "$src/argon2_avx2.c" -o "$tmp/argon2_avx2.o" &&
    "$cc" "${flags[@]}" -maes -mpclmul -msse4.1 -c "$src/gcmsiv_aesni.c" -o "$tmp/gcmsiv_aesni.o" &&
    "$cc" "${flags[@]}" -maes -mpclmul -msse4.1 -mavx512f -mavx512bw -mavx512vl -mvaes -mvpclmulqdq \
        -c "$src/gcmsiv_vaes.c" -o "$tmp/gcmsiv_vaes.o" &&
    "$cc" "${flags[@]}" -mavx512f -mavx512bw -mgfni -c "$src/gf_gfni.c" -o "$tmp/gf_gfni.o" &&
    "$cc" "${flags[@]}" -msha -mssse3 -msse4.1 -c "$src/sha256_native.c" -o "$tmp/sha256_native.o" &&
    "$cc" -shared -Wl,-z,noexecstack -Wl,-z,relro,-z,now -o "$tmp/libvaultfs-native.so" "$tmp"/*.o
}
# The C code is an accelerator: a compiler that cannot build it (too old for the AVX-512 or
# GFNI intrinsics, no JNI headers) leaves the Java code in charge rather than failing the build.
if ! build; then
    echo "vaultfs native: $cc could not build the C kernels (above); the Java code will be used" >&2
    rm -f "$out/libvaultfs-native.so"
    exit 0
fi
mv -f "$tmp/libvaultfs-native.so" "$out/libvaultfs-native.so"
