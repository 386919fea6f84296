package org.vaultfs.crypt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** SHA-256 of a byte range in one call: in C where the CPU has the SHA extensions, else the JDK's. */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] digest(byte[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (NativeSha256.available()) {
            return NativeSha256.digest(in, off, len);
        }
        return inJava(in, off, len);
    }

    /** A running digest: in C where the CPU has the SHA extensions, else the JDK's. */
    public static Running running() {
        return NativeSha256.available() ? new NativeRunning() : new JdkRunning();
    }

    /** A digest fed in pieces. Not thread-safe. */
    public abstract static class Running {
        Running() {
        }

        public abstract void update(byte[] b, int off, int len);

        /** The digest of everything fed so far; the instance must not be used afterwards. */
        public abstract byte[] digest();
    }

    /** The JDK's running digest (tests compare the two). */
    static Running jdkRunning() {
        return new JdkRunning();
    }

    private static final class JdkRunning extends Running {
        private final MessageDigest md;

        JdkRunning() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }

        @Override
        public void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        @Override
        public byte[] digest() {
            return md.digest();
        }
    }

    /** Whole blocks go to the C code in one call per update; a partial block waits here. */
    private static final class NativeRunning extends Running {
        private final int[] state = new int[8];
        private final byte[] pending = new byte[128];
        private int pendingLen;
        private long total;

        NativeRunning() {
            NativeSha256.start0(state);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            total += len;
            if (pendingLen > 0) {
                int n = Math.min(len, 64 - pendingLen);
                System.arraycopy(b, off, pending, pendingLen, n);
                pendingLen += n;
                off += n;
                len -= n;
                if (pendingLen < 64) {
                    return;
                }
                NativeSha256.blocks0(state, pending, 0, 1);
                pendingLen = 0;
            }
            int whole = len >>> 6;
            if (whole > 0) {
                NativeSha256.blocks0(state, b, off, whole);
            }
            int rest = len & 63;
            System.arraycopy(b, off + (whole << 6), pending, 0, rest);
            pendingLen = rest;
        }

        @Override
        public byte[] digest() {
            // 0x80, zeros, then the message length in bits, big-endian, ending a block.
            int padded = pendingLen < 56 ? 64 : 128;
            java.util.Arrays.fill(pending, pendingLen, padded, (byte) 0);
            pending[pendingLen] = (byte) 0x80;
            long bits = total << 3;
            for (int i = 0; i < 8; i++) {
                pending[padded - 1 - i] = (byte) (bits >>> (8 * i));
            }
            NativeSha256.blocks0(state, pending, 0, padded >>> 6);
            byte[] out = new byte[32];
            NativeSha256.out0(state, out);
            return out;
        }
    }

    /** The JDK's digest (tests compare the two). */
    static byte[] inJava(byte[] in, int off, int len) {
        Running r = new JdkRunning();
        r.update(in, off, len);
        return r.digest();
    }
}
