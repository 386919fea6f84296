package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Carries the data section of the vault being edited into the new file: whole when every
 * block is still referenced, else compacted (SPEC.md §6.4), keeping block order (and so block
 * indexes and AADs) and moving only offsets.
 */
final class BaseDataCopy {
    private BaseDataCopy() {
    }

    /** Copies all of {@code base}'s data section to just after the header; returns its length. */
    static long whole(VaultReader base, FileChannel out) {
        long len = base.header().dataLen();
        RangeCopy.copy(base.file().source(), base.header().dataOffset(), len, out, VaultHeader.SIZE);
        return len;
    }

    /**
     * Copies the records of {@code base} whose chunk is in {@code live}, in block order, and
     * rewrites {@code manifest}'s chunk map to their new offsets; returns the new length.
     */
    static long compacted(VaultReader base, Manifest.Builder manifest, Set<String> live, FileChannel out) {
        List<ChunkRecord> keep = new ArrayList<>();
        for (ChunkRecord r : manifest.chunks.values()) {
            if (live.contains(r.id())) {
                keep.add(r);
            }
        }
        keep.sort((a, b) -> Long.compare(a.blockIndex(), b.blockIndex()));
        manifest.chunks.clear();
        long dataOffset = base.header().dataOffset();
        long pos = 0;
        for (ChunkRecord r : keep) {
            byte[] prefix = base.file().readExact(dataOffset + r.dataOffset(), 8, "block length prefix");
            if (LittleEndian.getLong(prefix, 0) != r.blockLen()) {
                throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " length prefix is damaged; run vault verify");
            }
            RangeCopy.copy(base.file().source(), dataOffset + r.dataOffset(), r.recordLen(), out, VaultHeader.SIZE + pos);
            manifest.chunks.put(r.id(), r.withDataOffset(pos));
            pos += r.recordLen();
        }
        return pos;
    }
}
