package org.vaultfs.fs;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaultfs.container.ChunkRecord;

/**
 * Keeps the last few decoded chunks for a sequential consumer such as extraction. Packed small
 * files are stored in path order and share chunks, so extracting them in path order asks for
 * the same chunk many times in a row: without this every member would decode its whole pack
 * chunk again. Single-threaded; wipes what it drops.
 */
final class RecentChunks implements ChunkSource {
    private final ChunkSource source;
    private final long capacity;
    private final LinkedHashMap<String, byte[]> chunks = new LinkedHashMap<>(16, 0.75f, true);
    private long used;

    RecentChunks(ChunkSource source, long capacityBytes) {
        this.source = source;
        this.capacity = capacityBytes;
    }

    @Override
    public byte[] decode(ChunkRecord chunk) {
        byte[] hit = chunks.get(chunk.id());
        if (hit != null) {
            return hit;
        }
        // Decoded through the source's pooled buffers and copied out once: a plain decode
        // allocates (and the JVM zeroes) the block, the opened payload and the plaintext.
        byte[][] kept = new byte[1][];
        source.decodeInto(chunk, (buf, off, len) -> kept[0] = Arrays.copyOfRange(buf, off, off + len));
        byte[] plain = kept[0];
        chunks.put(chunk.id(), plain);
        used += plain.length;
        Iterator<Map.Entry<String, byte[]>> it = chunks.entrySet().iterator();
        // Never evict the chunk just decoded: the caller is about to read it.
        while (used > capacity && chunks.size() > 1) {
            byte[] old = it.next().getValue();
            it.remove();
            used -= old.length;
            Arrays.fill(old, (byte) 0);
        }
        return plain;
    }

    @Override
    public boolean sharesResults() {
        return true;
    }

    @Override
    public void close() {
        for (byte[] b : chunks.values()) {
            Arrays.fill(b, (byte) 0);
        }
        chunks.clear();
        used = 0;
    }
}
