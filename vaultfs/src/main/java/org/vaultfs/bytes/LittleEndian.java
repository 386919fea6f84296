package org.vaultfs.bytes;

/** Little-endian integers in byte arrays, the byte order of every fixed-width field of the format. */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    public static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** The unsigned 16-bit value at {@code off}. */
    public static int getUnsignedShort(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** The unsigned 32-bit value at {@code off}. */
    public static long getUnsignedInt(byte[] b, int off) {
        return Integer.toUnsignedLong(getInt(b, off));
    }

    /** The low {@code n} bytes of {@code v} at {@code off}. */
    public static void putBytes(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
