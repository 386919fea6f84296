package org.vaultfs.crypt;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * AES-256-GCM-SIV's building blocks in C (src/main/native/gcmsiv_*.c) with AES-NI and
 * PCLMULQDQ, and on 512-bit registers with VAES and VPCLMULQDQ where the CPU has them: eight
 * (sixteen) AES blocks in flight and POLYVAL reduced once per eight blocks, where the
 * JDK offers one AES block at a time behind a {@code Cipher} whose key schedule is rebuilt in
 * Java for every message, and POLYVAL only through its GHASH equivalence with byte swaps.
 * {@link AesGcmSiv} composes these exactly as it composes its Java engines.
 */
final class NativeGcmSiv {
    private static final int LEVEL = NativeLibrary.loaded() ? init0() : 0;
    private static final boolean AVAILABLE = LEVEL > 0;
    /** 512-bit VAES/VPCLMULQDQ kernels where the CPU has them ({@code -Dvaultfs.native.wide=false}: not). */
    private static final boolean WIDE = LEVEL > 1 && Boolean.parseBoolean(System.getProperty("vaultfs.native.wide", "true"));

    private NativeGcmSiv() {
    }

    /** Whether the library is loaded and the CPU has AES-NI, PCLMULQDQ and SSE4.1. */
    static boolean available() {
        return AVAILABLE;
    }

    /** Whether the 512-bit kernels (AVX-512, VAES, VPCLMULQDQ) run. */
    static boolean wide() {
        return WIDE;
    }

    /** RFC 8452 section 4: the message's POLYVAL key (16 bytes) and AES key (32 bytes). */
    static void deriveKeys(byte[] keyGeneratingKey, byte[] nonce, byte[] authKey, byte[] encKey) {
        if (keyGeneratingKey.length != 32 || nonce.length != 12 || authKey.length != 16 || encKey.length != 32) {
            throw new IllegalArgumentException("AES-256-GCM-SIV key derivation takes 32, 12, 16 and 32 bytes");
        }
        deriveKeys0(keyGeneratingKey, nonce, authKey, encKey);
    }

    /** AES-256 of one block under {@code key}, into {@code out[outOff, outOff+16)}. */
    static void encryptBlock(byte[] key, byte[] in, byte[] out, int outOff) {
        if (key.length != 32 || in.length < 16) {
            throw new IllegalArgumentException("AES-256 takes a 32-byte key and a 16-byte block");
        }
        Objects.checkFromIndexSize(outOff, 16, out.length);
        encryptBlock0(key, in, out, outOff);
    }

    /** XORs the GCM-SIV keystream of {@code key} from {@code counter} into {@code len} bytes. */
    static void ctr(byte[] key, byte[] counter, byte[] in, int inOff, int len, byte[] out, int outOff) {
        ctr(key, counter, in, inOff, len, out, outOff, WIDE);
    }

    /** As above; {@code wide = false} keeps to the 128-bit kernel (differential tests). */
    static void ctr(byte[] key, byte[] counter, byte[] in, int inOff, int len, byte[] out, int outOff, boolean wide) {
        if (key.length != 32 || counter.length < 16) {
            throw new IllegalArgumentException("AES-256 counter mode takes a 32-byte key and a 16-byte counter");
        }
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        ctr0(key, counter, in, inOff, len, out, outOff, wide);
    }

    /** Bytes of {@link #powers}' output: H .. H^8. */
    static final int POWERS_LEN = 8 * 16;

    /** The powers H .. H^8 of the POLYVAL key at {@code h[hOff]} into {@code powers} ({@link #POWERS_LEN} bytes). */
    static void powers(byte[] h, int hOff, byte[] powers) {
        Objects.checkFromIndexSize(hOff, 16, h.length);
        if (powers.length != POWERS_LEN) {
            throw new IllegalArgumentException("POLYVAL key powers are " + POWERS_LEN + " bytes");
        }
        powers0(h, hOff, powers);
    }

    /** Absorbs {@code len} bytes (a trailing partial block zero-padded) into the POLYVAL value {@code state}. */
    static void polyval(byte[] powers, byte[] state, byte[] in, int off, int len) {
        polyval(powers, state, in, off, len, WIDE);
    }

    /** As above; {@code wide = false} keeps to the 128-bit kernel (differential tests). */
    static void polyval(byte[] powers, byte[] state, byte[] in, int off, int len, boolean wide) {
        if (powers.length != POWERS_LEN || state.length != 16) {
            throw new IllegalArgumentException("POLYVAL powers are " + POWERS_LEN + " bytes, its state 16");
        }
        Objects.checkFromIndexSize(off, len, in.length);
        polyval0(powers, state, in, off, len, wide);
    }

    /**
     * Counter mode from {@code src[srcOff, +len)} (native memory) into consecutive native
     * {@code pages} of {@code pageBytes}, absorbing each {@code segment} into the POLYVAL value
     * {@code state} as it is written and storing the value after segment i at
     * {@code states[statesOff + 16 i]}. The plaintext of an open, with its checkpoints.
     */
    static void openToPages(byte[] key, byte[] counter, byte[] powers, byte[] state, ByteBuffer src, int srcOff, int len,
            ByteBuffer[] pages, int pageBytes, int segment, byte[] states, int statesOff) {
        if (key.length != 32 || counter.length < 16 || powers.length != POWERS_LEN || state.length != 16) {
            throw new IllegalArgumentException("AES-256 counter mode and POLYVAL take a 32-byte key, 16-byte counter and state");
        }
        if (segment <= 0 || segment % 16 != 0 || pageBytes <= 0 || pageBytes % segment != 0) {
            throw new IllegalArgumentException("pages must hold whole segments, segments whole blocks");
        }
        if (!src.isDirect()) {
            throw new IllegalArgumentException("the source must be native memory");
        }
        Objects.checkFromIndexSize(srcOff, len, src.capacity());
        long segments = ((long) len + segment - 1) / segment;
        Objects.checkFromIndexSize(statesOff, Math.toIntExact(16 * segments), states.length);
        for (int p = 0; (long) p * pageBytes < len; p++) {
            if (p >= pages.length || !pages[p].isDirect() || pages[p].capacity() < pageBytes) {
                throw new IllegalArgumentException("pages must be native memory of " + pageBytes + " bytes holding " + len);
            }
        }
        if (!openToPages0(key, counter, powers, state, src, srcOff, len, pages, pageBytes, segment, states, statesOff, WIDE)) {
            throw new IllegalStateException("native buffers refused after their checks passed");
        }
    }

    private static native boolean openToPages0(byte[] key, byte[] counter, byte[] powers, byte[] state, ByteBuffer src,
            int srcOff, int len, ByteBuffer[] pages, int pageBytes, int segment, byte[] states, int statesOff, boolean wide);

    private static native int init0();

    private static native void deriveKeys0(byte[] kgk, byte[] nonce, byte[] authKey, byte[] encKey);

    private static native void encryptBlock0(byte[] key, byte[] in, byte[] out, int outOff);

    private static native void ctr0(byte[] key, byte[] counter, byte[] in, int inOff, int len, byte[] out, int outOff,
                                    boolean wide);

    private static native void powers0(byte[] h, int hOff, byte[] powers);

    private static native void polyval0(byte[] powers, byte[] state, byte[] in, int off, int len, boolean wide);
}
