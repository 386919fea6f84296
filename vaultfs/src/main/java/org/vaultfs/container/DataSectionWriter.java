package org.vaultfs.container;

import java.nio.ByteBuffer;

/** Appends length-prefixed blocks to the data section of the vault being written. */
final class DataSectionWriter {
    /** Where the bytes go: a local temp file, or a stream to object storage. Writes all of {@code b} at {@code pos}. */
    interface Output {
        void write(ByteBuffer b, long pos);
    }

    private final Output out;
    private final long sectionStart;
    private long length;

    DataSectionWriter(Output out, long sectionStart, long initialLength) {
        this.out = out;
        this.sectionStart = sectionStart;
        this.length = initialLength;
    }

    /**
     * Writes {@code framed[0, len)}, a block already behind its u64 length prefix, and returns
     * its offset relative to the section.
     */
    long append(byte[] framed, int len) {
        long offset = length;
        // In pieces the JDK's cached per-thread direct buffer can carry: a larger heap buffer
        // makes it map, zero and unmap a temporary one on every write.
        for (int done = 0; done < len; ) {
            int n = Math.min(WRITE_PIECE, len - done);
            out.write(ByteBuffer.wrap(framed, done, n), sectionStart + offset + done);
            done += n;
        }
        length += len;
        return offset;
    }

    private static final int WRITE_PIECE = 256 << 10;

    long length() {
        return length;
    }
}
