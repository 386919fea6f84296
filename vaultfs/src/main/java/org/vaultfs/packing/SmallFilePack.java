package org.vaultfs.packing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small files concatenated into one stream before chunking (SPEC.md §8): no framing, the
 * manifest is the index. Flushed once it reaches the pack target.
 */
public final class SmallFilePack {
    public static final int SMALL_FILE_THRESHOLD = 256 * 1024;
    public static final int PACK_TARGET = 4 * 1024 * 1024;

    public record Member(String path, long start, long length, String modified) {
    }

    /** Array length that holds any pack without growing: it is flushed once it reaches the target. */
    public static final int CAPACITY = PACK_TARGET + SMALL_FILE_THRESHOLD;

    private byte[] data;
    private int length;
    private final List<Member> members = new ArrayList<>();

    public SmallFilePack() {
        this(new byte[CAPACITY]);
    }

    /** A pack filled into {@code buffer} (a reused array; its old contents are overwritten). */
    public SmallFilePack(byte[] buffer) {
        this.data = buffer;
    }

    public static boolean isSmall(long size) {
        return size < SMALL_FILE_THRESHOLD;
    }

    public void add(String path, byte[] bytes, int len, String modified) {
        System.arraycopy(bytes, 0, data, reserve(path, len, modified), len);
    }

    /** Adds the member {@code path}: {@code len} bytes of {@code src} from {@code offset}. */
    public void add(String path, java.nio.ByteBuffer src, int offset, int len, String modified) {
        src.get(offset, data, reserve(path, len, modified), len);
    }

    /** Files a member of {@code len} bytes at the pack's end; returns where its bytes go. */
    private int reserve(String path, int len, String modified) {
        if (length + len > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + len));
        }
        int at = length;
        members.add(new Member(path, at, len, modified));
        length += len;
        return at;
    }

    public boolean full() {
        return length >= PACK_TARGET;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public List<Member> members() {
        return members;
    }

    /** Which chunks of a pack hold a member, and where in the first of them it starts. */
    public record Cover(int firstChunk, int chunkCount, long offsetInFirst) {
    }

    /**
     * Maps {@code m} onto the pack's chunks, given each chunk's exclusive end. An empty
     * member covers no chunk and starts at offset 0 (SPEC.md §8.3).
     */
    public static Cover cover(Member m, int[] cutPoints) {
        if (m.length() == 0) {
            return new Cover(0, 0, 0);
        }
        long end = m.start() + m.length();
        int first = -1;
        int count = 0;
        long offset = 0;
        long chunkStart = 0;
        for (int i = 0; i < cutPoints.length; i++) {
            long chunkEnd = cutPoints[i];
            if (chunkStart < end && m.start() < chunkEnd) {
                if (first < 0) {
                    first = i;
                    offset = m.start() - chunkStart;
                }
                count++;
            }
            chunkStart = chunkEnd;
        }
        return new Cover(Math.max(first, 0), count, offset);
    }
}
