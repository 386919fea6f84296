package org.vaultfs.crypt;

/**
 * BLAKE3 (hash and keyed hash, 32-byte output). Instances are incremental hashers and are
 * not thread-safe; the static helpers are.
 */
public final class Blake3 {
    public static final int OUT_LEN = 32;
    public static final int KEY_LEN = 32;

    private final org.apache.commons.codec.digest.Blake3 impl;

    private Blake3(org.apache.commons.codec.digest.Blake3 impl) {
        this.impl = impl;
    }

    public static Blake3 newHasher() {
        return new Blake3(org.apache.commons.codec.digest.Blake3.initHash());
    }

    public static Blake3 newKeyedHasher(byte[] key) {
        if (key.length != KEY_LEN) {
            throw new IllegalArgumentException("BLAKE3 key must be 32 bytes");
        }
        return new Blake3(org.apache.commons.codec.digest.Blake3.initKeyedHash(key));
    }

    public Blake3 update(byte[] data, int off, int len) {
        impl.update(data, off, len);
        return this;
    }

    public Blake3 update(byte[] data) {
        return update(data, 0, data.length);
    }

    /** Writes {@code len} bytes of output (extendable output) into {@code out} at {@code off}. */
    public void finish(byte[] out, int off, int len) {
        impl.doFinalize(out, off, len);
    }

    public byte[] finish() {
        byte[] out = new byte[OUT_LEN];
        finish(out, 0, OUT_LEN);
        return out;
    }

    public static byte[] hash(byte[] data, int off, int len) {
        return newHasher().update(data, off, len).finish();
    }

    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static byte[] keyedHash(byte[] key, byte[] data, int off, int len) {
        return newKeyedHasher(key).update(data, off, len).finish();
    }
}
