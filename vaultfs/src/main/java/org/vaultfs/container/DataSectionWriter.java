package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
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

    /** Writes {@code [u64 len][block]} and returns its offset relative to the section. */
    long append(byte[] block) {
        long offset = length;
        byte[] prefix = new byte[8];
        LittleEndian.putLong(prefix, 0, block.length);
        writeFully(ByteBuffer.wrap(prefix), sectionStart + offset);
        writeFully(ByteBuffer.wrap(block), sectionStart + offset + 8);
        length += 8 + block.length;
        return offset;
    }

    long length() {
        return length;
    }

    private void writeFully(ByteBuffer b, long pos) {
        out.write(b, pos);
    }
}
