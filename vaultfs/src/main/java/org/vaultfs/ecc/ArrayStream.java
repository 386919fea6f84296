package org.vaultfs.ecc;

/** A stream held in memory (headers, manifests, tests). Writes go into the array. */
public final class ArrayStream implements StreamSource, StreamSink {
    private final byte[] bytes;

    public ArrayStream(byte[] bytes) {
        this.bytes = bytes;
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public long length() {
        return bytes.length;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        int avail = (int) Math.max(0, Math.min(len, bytes.length - pos));
        if (avail > 0) {
            System.arraycopy(bytes, (int) pos, dst, off, avail);
        }
        java.util.Arrays.fill(dst, off + avail, off + len, (byte) 0);
    }

    @Override
    public void write(long pos, byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, Math.toIntExact(pos), len);
    }
}
