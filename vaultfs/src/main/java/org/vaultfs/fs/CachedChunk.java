package org.vaultfs.fs;

import java.nio.ByteBuffer;
import org.vaultfs.bytes.DirectMemory;

/**
 * One chunk's plaintext held in pool pages. The page contents are written once, before the
 * chunk is published to readers, and never change while it is cached. {@code pins} and
 * {@code evicted} belong to the cache and are guarded by its lock: pages go back to the pool
 * (and are wiped) only once the chunk is evicted and no reader is still copying from it.
 */
final class CachedChunk {
    private final ByteBuffer[] pages;
    private final int pageBytes;
    private final int length;
    int pins;
    boolean evicted;

    CachedChunk(ByteBuffer[] pages, int pageBytes, int length) {
        this.pages = pages;
        this.pageBytes = pageBytes;
        this.length = length;
    }

    ByteBuffer[] pages() {
        return pages;
    }

    int pageBytes() {
        return pageBytes;
    }

    int length() {
        return length;
    }

    /** Copies the plaintext in (the cache then wipes the tail, {@link #wipeTail}). */
    void fill(byte[] plain, int off) {
        fill(pages, pageBytes, plain, off, length);
    }

    /** Copies {@code length} bytes of {@code plain} from {@code off} into consecutive pages of {@code pageBytes}. */
    static void fill(ByteBuffer[] pages, int pageBytes, byte[] plain, int off, int length) {
        for (int i = 0, at = 0; at < length; i++, at += pageBytes) {
            pages[i].put(0, plain, off + at, Math.min(pageBytes, length - at));
        }
    }

    /**
     * Zeroes the last page past the plaintext: pages may come straight from an evicted chunk,
     * unwiped, and no byte of it may outlive the chunk it belonged to.
     */
    void wipeTail() {
        int tail = length % pageBytes;
        if (tail != 0) {
            DirectMemory.wipe(pages[pages.length - 1], tail, pageBytes);
        }
    }

    /** Copies {@code n} bytes from {@code offset}, which the caller has checked lie within the chunk. */
    void copyTo(long offset, int n, ByteSink sink, int sinkOffset) {
        int page = (int) (offset / pageBytes);
        int in = (int) (offset % pageBytes);
        for (int done = 0; done < n; page++, in = 0) {
            int take = Math.min(n - done, pageBytes - in);
            sink.put(sinkOffset + done, pages[page], in, take);
            done += take;
        }
    }
}
