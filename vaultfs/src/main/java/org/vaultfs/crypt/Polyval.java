package org.vaultfs.crypt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * POLYVAL (RFC 8452 section 3) on one of three engines ({@link Engine}): C with carry-less
 * multiplication where available; otherwise through its GHASH equivalence (RFC 8452 appendix
 * A): POLYVAL(H, X...) = ByteReverse(GHASH(mulX(ByteReverse(H)), ByteReverse(X)...)).
 * Reading a POLYVAL block as two little-endian longs yields the byte-reversed GHASH block
 * as two big-endian longs, so no byte or bit reversal is ever performed.
 *
 * <p>The table engine multiplies by H with sixteen 256-entry tables, one per byte position of the
 * multiplicand (T[p][v] = H * (v at byte p)), so a product is sixteen independent lookups
 * XORed together with no reduction step. Measured against 4-bit tables (8 KiB, L1-resident,
 * thirty-two lookups) these 64 KiB tables were about twice as fast, as the lookup count
 * dominates. They take a few microseconds to build, small against the messages this serves;
 * they depend on the per-nonce authentication key, so they are rebuilt for every message and
 * wiped after.
 *
 * <p>Not thread-safe; one instance per thread.
 */
final class Polyval {
    static final int BLOCK = 16;

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int SCRATCH = 8192;
    /** x^128 + x^7 + x^2 + x + 1 in GHASH's reflected bit order. */
    private static final long R = 0xE100000000000000L;

    /** Where the multiplications run. */
    enum Engine {
        /** C with PCLMULQDQ ({@link NativeGcmSiv}): eight blocks per reduction. */
        NATIVE,
        /** The JDK's GHASH intrinsic, fed byte-reversed blocks. */
        JDK_GHASH,
        /** Sixteen 256-entry tables in plain Java. */
        TABLES;

        boolean available() {
            return this == TABLES || (this == JDK_GHASH ? Intrinsic.AVAILABLE : NativeGcmSiv.available());
        }
    }

    /** Asked only when that engine is: finding the JDK's GHASH is reflection, ~20 ms of a cold start. */
    private static final class Intrinsic {
        static final boolean AVAILABLE = JdkGhash.available();
    }

    private final Engine engine;
    /** For byte position p and value v: H * (v at p), high and low halves. */
    private final long[] hi;
    private final long[] lo;
    private final byte[] pad = new byte[BLOCK];
    /** Byte-reversed input blocks on their way to the JDK's GHASH. */
    private final byte[] scratch;
    /** The native engine's key powers H .. H^8 and running value, in POLYVAL's own byte order. */
    private final byte[] nativePowers;
    private final byte[] nativeState;
    private Object ghash;
    private long z0;
    private long z1;
    /**
     * The JDK object cannot be given a state, only fed blocks. After a snapshot (whose digest
     * clears that object) or a resume, the running value waits in z0/z1 and is XORed into the
     * next block fed: (S + X) * H continues the Horner evaluation exactly.
     */
    private boolean pending;

    /** On {@code engine} (AesGcmSiv picks one per workspace; tests compare them all). */
    Polyval(Engine engine) {
        if (!engine.available()) {
            throw new IllegalStateException("POLYVAL engine " + engine + " is not available here");
        }
        this.engine = engine;
        hi = engine == Engine.TABLES ? new long[16 * 256] : null;
        lo = engine == Engine.TABLES ? new long[16 * 256] : null;
        scratch = engine == Engine.JDK_GHASH ? new byte[SCRATCH] : null;
        nativePowers = engine == Engine.NATIVE ? new byte[NativeGcmSiv.POWERS_LEN] : null;
        nativeState = engine == Engine.NATIVE ? new byte[BLOCK] : null;
    }

    /** The native engine's powers of H, for C code that absorbs on its own ({@link NativeGcmSiv#openToPages}). */
    byte[] nativePowers() {
        if (engine != Engine.NATIVE) {
            throw new IllegalStateException("not the native engine");
        }
        return nativePowers;
    }

    /** The native engine's running value, updated in place by such C code. */
    byte[] nativeState() {
        if (engine != Engine.NATIVE) {
            throw new IllegalStateException("not the native engine");
        }
        return nativeState;
    }

    /** Starts a new computation under the 16-byte POLYVAL key at {@code h[off]}. */
    void init(byte[] h, int off) {
        if (engine == Engine.NATIVE) {
            NativeGcmSiv.powers(h, off, nativePowers); // once per message, not per update
            Arrays.fill(nativeState, (byte) 0);
            return;
        }
        long a0 = (long) LE_LONG.get(h, off + 8);
        long a1 = (long) LE_LONG.get(h, off);
        // mulX_GHASH of the byte-reversed key, then successive powers x^(8p+b).
        long carry = a1 & 1;
        a1 = (a1 >>> 1) | (a0 << 63);
        a0 = (a0 >>> 1) ^ (-carry & R);
        z0 = 0;
        z1 = 0;
        pending = false;
        if (engine == Engine.JDK_GHASH) {
            byte[] k = new byte[BLOCK];
            BE_LONG.set(k, 0, a0);
            BE_LONG.set(k, 8, a1);
            ghash = JdkGhash.create(k);
            Arrays.fill(k, (byte) 0);
            return;
        }
        for (int p = 0; p < 16; p++) {
            int base = p << 8;
            for (int b = 0; b < 8; b++) {
                int idx = base + (0x80 >>> b);
                hi[idx] = a0;
                lo[idx] = a1;
                carry = a1 & 1;
                a1 = (a1 >>> 1) | (a0 << 63);
                a0 = (a0 >>> 1) ^ (-carry & R);
            }
            hi[base] = 0;
            lo[base] = 0;
            for (int v = 3; v < 256; v++) {
                int rest = v & (v - 1);
                if (rest != 0) {
                    int low = v & -v;
                    hi[base + v] = hi[base + rest] ^ hi[base + low];
                    lo[base + v] = lo[base + rest] ^ lo[base + low];
                }
            }
        }
        z0 = 0;
        z1 = 0;
    }

    /** Absorbs {@code len} bytes, zero-padding a trailing partial block. */
    void updatePadded(byte[] in, int off, int len) {
        if (engine == Engine.NATIVE) {
            NativeGcmSiv.polyval(nativePowers, nativeState, in, off, len);
            return;
        }
        int full = off + (len & ~(BLOCK - 1));
        if (engine == Engine.JDK_GHASH) {
            for (int p = off; p < full; ) {
                int n = Math.min(SCRATCH, full - p);
                for (int q = 0; q < n; q += BLOCK, p += BLOCK) {
                    BE_LONG.set(scratch, q, (long) LE_LONG.get(in, p + 8));
                    BE_LONG.set(scratch, q + 8, (long) LE_LONG.get(in, p));
                }
                if (pending) {
                    BE_LONG.set(scratch, 0, (long) BE_LONG.get(scratch, 0) ^ z0);
                    BE_LONG.set(scratch, 8, (long) BE_LONG.get(scratch, 8) ^ z1);
                    pending = false;
                }
                JdkGhash.update(ghash, scratch, 0, n);
            }
            padTail(in, full, off + len - full);
            return;
        }
        long s0 = z0;
        long s1 = z1;
        long[] th = hi;
        long[] tl = lo;
        for (int p = off; p < full; p += BLOCK) {
            s0 ^= (long) LE_LONG.get(in, p + 8);
            s1 ^= (long) LE_LONG.get(in, p);
            long r0 = th[(int) (s0 >>> 56)] ^ th[0x100 | (int) (s0 >>> 48) & 0xff]
                    ^ th[0x200 | (int) (s0 >>> 40) & 0xff] ^ th[0x300 | (int) (s0 >>> 32) & 0xff]
                    ^ th[0x400 | (int) (s0 >>> 24) & 0xff] ^ th[0x500 | (int) (s0 >>> 16) & 0xff]
                    ^ th[0x600 | (int) (s0 >>> 8) & 0xff] ^ th[0x700 | (int) s0 & 0xff]
                    ^ th[0x800 | (int) (s1 >>> 56)] ^ th[0x900 | (int) (s1 >>> 48) & 0xff]
                    ^ th[0xa00 | (int) (s1 >>> 40) & 0xff] ^ th[0xb00 | (int) (s1 >>> 32) & 0xff]
                    ^ th[0xc00 | (int) (s1 >>> 24) & 0xff] ^ th[0xd00 | (int) (s1 >>> 16) & 0xff]
                    ^ th[0xe00 | (int) (s1 >>> 8) & 0xff] ^ th[0xf00 | (int) s1 & 0xff];
            long r1 = tl[(int) (s0 >>> 56)] ^ tl[0x100 | (int) (s0 >>> 48) & 0xff]
                    ^ tl[0x200 | (int) (s0 >>> 40) & 0xff] ^ tl[0x300 | (int) (s0 >>> 32) & 0xff]
                    ^ tl[0x400 | (int) (s0 >>> 24) & 0xff] ^ tl[0x500 | (int) (s0 >>> 16) & 0xff]
                    ^ tl[0x600 | (int) (s0 >>> 8) & 0xff] ^ tl[0x700 | (int) s0 & 0xff]
                    ^ tl[0x800 | (int) (s1 >>> 56)] ^ tl[0x900 | (int) (s1 >>> 48) & 0xff]
                    ^ tl[0xa00 | (int) (s1 >>> 40) & 0xff] ^ tl[0xb00 | (int) (s1 >>> 32) & 0xff]
                    ^ tl[0xc00 | (int) (s1 >>> 24) & 0xff] ^ tl[0xd00 | (int) (s1 >>> 16) & 0xff]
                    ^ tl[0xe00 | (int) (s1 >>> 8) & 0xff] ^ tl[0xf00 | (int) s1 & 0xff];
            s0 = r0;
            s1 = r1;
        }
        z0 = s0;
        z1 = s1;
        padTail(in, full, off + len - full);
    }

    private void padTail(byte[] in, int from, int rest) {
        if (rest > 0) {
            Arrays.fill(pad, (byte) 0);
            System.arraycopy(in, from, pad, 0, rest);
            updatePadded(pad, 0, BLOCK);
            Arrays.fill(pad, (byte) 0);
        }
    }

    /** Absorbs the closing length block: bit lengths of the AAD and of the plaintext. */
    void updateLengths(long aadBytes, long textBytes) {
        LE_LONG.set(pad, 0, aadBytes * 8);
        LE_LONG.set(pad, 8, textBytes * 8);
        updatePadded(pad, 0, BLOCK);
        Arrays.fill(pad, (byte) 0);
    }

    /** Writes the 16-byte POLYVAL result. */
    void result(byte[] out, int off) {
        snapshot(out, off);
        pending = false;
    }

    /**
     * Writes the running value (what {@link #result} would give now) and keeps going: the
     * computation can later be continued from exactly here by {@link #resume}.
     */
    void snapshot(byte[] out, int off) {
        if (engine == Engine.NATIVE) {
            System.arraycopy(nativeState, 0, out, off, BLOCK);
            return;
        }
        if (engine == Engine.JDK_GHASH && !pending) {
            byte[] d = JdkGhash.digest(ghash); // also resets the JDK object to zero
            z0 = (long) BE_LONG.get(d, 0);
            z1 = (long) BE_LONG.get(d, 8);
            Arrays.fill(d, (byte) 0);
            pending = true;
        }
        LE_LONG.set(out, off, z1);
        LE_LONG.set(out, off + 8, z0);
    }

    /** Continues, under key {@code h}, a computation whose {@link #snapshot} was {@code state}. */
    void resume(byte[] h, int hOff, byte[] state, int stateOff) {
        init(h, hOff);
        if (engine == Engine.NATIVE) {
            System.arraycopy(state, stateOff, nativeState, 0, BLOCK);
            return;
        }
        z1 = (long) LE_LONG.get(state, stateOff);
        z0 = (long) LE_LONG.get(state, stateOff + 8);
        pending = engine == Engine.JDK_GHASH;
    }

    /** Drops every value derived from the key. */
    void wipe() {
        // The JDK object's key table cannot be reached to wipe; dropping it is all Java allows.
        ghash = null;
        if (scratch != null) {
            Arrays.fill(scratch, (byte) 0);
        }
        if (hi != null) {
            Arrays.fill(hi, 0);
            Arrays.fill(lo, 0);
        }
        if (nativePowers != null) {
            Arrays.fill(nativePowers, (byte) 0);
            Arrays.fill(nativeState, (byte) 0);
        }
        z0 = 0;
        z1 = 0;
        pending = false;
    }
}
