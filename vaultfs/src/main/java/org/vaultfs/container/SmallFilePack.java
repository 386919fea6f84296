package org.vaultfs.container;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small files concatenated into one stream before chunking (SPEC.md §8): no framing, the
 * manifest is the index. Flushed once it reaches the pack target.
 */
final class SmallFilePack {
    static final int SMALL_FILE_THRESHOLD = 256 * 1024;
    static final int PACK_TARGET = 4 * 1024 * 1024;

    record Member(String path, long start, long length, String modified) {
    }

    private byte[] data = new byte[PACK_TARGET + SMALL_FILE_THRESHOLD];
    private int length;
    private final List<Member> members = new ArrayList<>();

    static boolean isSmall(long size) {
        return size < SMALL_FILE_THRESHOLD;
    }

    void add(String path, byte[] bytes, int len, String modified) {
        if (length + len > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + len));
        }
        System.arraycopy(bytes, 0, data, length, len);
        members.add(new Member(path, length, len, modified));
        length += len;
    }

    boolean full() {
        return length >= PACK_TARGET;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }

    List<Member> members() {
        return members;
    }
}
