package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.vaultfs.error.VaultException;

/** Appends length-prefixed blocks to the data section of the vault being written. */
final class DataSectionWriter {
    private final FileChannel out;
    private final long sectionStart;
    private long length;

    DataSectionWriter(FileChannel out, long sectionStart, long initialLength) {
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
        try {
            while (b.hasRemaining()) {
                pos += out.write(b, pos);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot write the new vault", e);
        }
    }
}
