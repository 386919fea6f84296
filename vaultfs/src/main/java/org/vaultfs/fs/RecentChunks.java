package org.vaultfs.fs;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaultfs.bytes.ScratchPool;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Keeps the last few decoded chunks for a sequential consumer such as extraction. Packed small
 * files are stored in path order and share chunks, so extracting them in path order asks for
 * the same chunk many times in a row: without this every member would decode its whole pack
 * chunk again. The arrays are reused once dropped (wiped first): fresh ones, kept across
 * collections, were promoted and filled the old generation. Single-threaded.
 */
final class RecentChunks implements AutoCloseable {
    private final ChunkSource source;
    private final long capacity;
    private final ScratchPool arrays;
    private final LinkedHashMap<String, Plain> chunks = new LinkedHashMap<>(16, 0.75f, true);
    private long used;

    RecentChunks(ChunkSource source, long capacityBytes) {
        this.source = source;
        this.capacity = capacityBytes;
        this.arrays = new ScratchPool(64 << 10, (4 << 20) + (256 << 10), 16);
    }

    /**
     * The chunk's authenticated plaintext in the first {@code chunk.plaintextLen()} bytes of
     * an array that may be longer. Owned by this cache: read it before the next call, never
     * modify it.
     */
    byte[] plaintext(ChunkRecord chunk) {
        Plain hit = chunks.get(chunk.id());
        if (hit != null) {
            return hit.array();
        }
        byte[][] kept = new byte[1][];
        // Decoded through the source's pooled buffers and copied out once.
        source.decodeInto(chunk, (buf, off, len) -> {
            if (len != chunk.plaintextLen()) {
                throw new VaultException(Failure.MALFORMED, "chunk " + chunk.id() + " decoded to " + len
                        + " bytes, not the " + chunk.plaintextLen() + " its record lists");
            }
            byte[] a = arrays.take(len);
            System.arraycopy(buf, off, a, 0, len);
            kept[0] = a;
        });
        Plain plain = new Plain(kept[0], (int) chunk.plaintextLen());
        chunks.put(chunk.id(), plain);
        used += plain.array().length;
        Iterator<Map.Entry<String, Plain>> it = chunks.entrySet().iterator();
        // Never evict the chunk just decoded: the caller is about to read it.
        while (used > capacity && chunks.size() > 1) {
            Plain old = it.next().getValue();
            it.remove();
            used -= old.array().length;
            drop(old);
        }
        return plain.array();
    }

    private record Plain(byte[] array, int length) {
    }

    private void drop(Plain p) {
        Arrays.fill(p.array(), 0, p.length(), (byte) 0);
        arrays.give(p.array());
    }

    @Override
    public void close() {
        for (Plain p : chunks.values()) {
            drop(p);
        }
        chunks.clear();
        used = 0;
    }
}
