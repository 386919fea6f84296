package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * A source file read once from start to end whose pages were not cached when its reading
 * began: its pages are dropped from the page cache behind the reads, a whole aligned
 * {@link DropBehind#WINDOW} at a time, so that the kernel's read-ahead reuses them instead of
 * taking fresh ones for the whole file (see {@link DropBehind}). A file that was cached, read
 * lately by someone, is left as it was found.
 */
final class DropBehindChannel implements ReadableByteChannel {
    private final FileChannel in;
    private final PageCacheAdvice pages;
    private long read; // bytes read so far, from position 0
    private long dropped; // everything below this has been dropped

    private DropBehindChannel(FileChannel in, PageCacheAdvice pages) {
        this.in = in;
        this.pages = pages;
    }

    /** {@code in} (at position 0), with its pages dropped behind the reads where {@code file} is not cached yet. */
    static ReadableByteChannel over(FileChannel in, Path file) {
        PageCacheAdvice pages = PageCacheAdvice.open(file);
        if (pages == null) {
            return in;
        }
        if (pages.isCached(0)) {
            pages.close();
            return in;
        }
        return new DropBehindChannel(in, pages);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = in.read(dst);
        if (n > 0) {
            read += n;
            long upto = read / DropBehind.WINDOW * DropBehind.WINDOW;
            if (upto > dropped) {
                pages.drop(dropped, upto - dropped);
                dropped = upto;
            }
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return in.isOpen();
    }

    /** Closes the file too; the last, partial window is dropped with it. */
    @Override
    public void close() throws IOException {
        try {
            if (read > dropped) {
                pages.drop(dropped, read - dropped);
            }
            pages.close();
        } finally {
            in.close();
        }
    }
}
