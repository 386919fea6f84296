package org.vaultfs.remote;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Properties;
import org.vaultfs.bytes.Hex;

/**
 * What the last completed push of a local file left beside it: where it went, the object's
 * ETag, and a hash of every 1 MiB block. The next push to the same place compares the local
 * blocks with these (only if the object still has that ETag) and copies unchanged ranges on
 * the server instead of sending them.
 */
record PushRecord(String location, String etag, long size, String[] blockHashes) {
    static final int BLOCK = 1 << 20;
    /** Files above 1 TiB keep no record (a million block hashes is already 40 MB of heap): their pushes are whole. */
    static final int MAX_BLOCKS = 1 << 20;

    static boolean fits(long size) {
        return size >= 0 && blocks(size) <= MAX_BLOCKS;
    }

    static Path pathFor(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".s3pushed");
    }

    static PushRecord load(Path file) {
        Properties p = TransferState.load(pathFor(file));
        if (p == null) {
            return null;
        }
        try {
            long size = Long.parseLong(p.getProperty("size", "-1"));
            String location = p.getProperty("location");
            String etag = p.getProperty("etag");
            String[] hashes = p.getProperty("blocks", "").isEmpty() ? new String[0] : p.getProperty("blocks").split(",");
            if (!fits(size) || location == null || etag == null || hashes.length != blocks(size)) {
                return null;
            }
            return new PushRecord(location, etag, size, hashes);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("location", location);
        p.setProperty("etag", etag);
        p.setProperty("size", Long.toString(size));
        p.setProperty("blocks", String.join(",", blockHashes));
        TransferState.save(pathFor(file), p);
    }

    static int blocks(long size) {
        return (int) Math.min(Integer.MAX_VALUE, (size + BLOCK - 1) / BLOCK);
    }

    /**
     * Hashes the blocks of {@code buf[0..len)}, which sits at file offset {@code offset} (a
     * multiple of {@link #BLOCK}), into their places in {@code into}: SHA-256, 128 bits kept.
     */
    static void hashBlocks(byte[] buf, int len, long offset, String[] into) {
        MessageDigest d = Digests.sha256();
        int first = (int) (offset / BLOCK);
        for (int off = 0; off < len; off += BLOCK) {
            d.update(buf, off, Math.min(BLOCK, len - off));
            into[first + off / BLOCK] = Hex.encode(d.digest(), 0, 16);
        }
    }

    /** Every block's hash of the first {@code size} bytes of {@code in}. */
    static String[] hashAll(FileChannel in, long size) throws IOException {
        String[] out = new String[blocks(size)];
        byte[] buf = new byte[BLOCK];
        for (long at = 0; at < size; at += BLOCK) {
            int len = (int) Math.min(BLOCK, size - at);
            hashBlocks(S3Push.readPart(in, at, len, buf), len, at, out);
        }
        return out;
    }

    /** Which of {@code local}'s blocks this record says the object holds unchanged at the same offset. */
    boolean[] sameBlocks(String[] local, long localSize) {
        boolean[] same = new boolean[local.length];
        for (int i = 0; i < local.length && i < blockHashes.length; i++) {
            long end = Math.min(localSize, (long) (i + 1) * BLOCK);
            long oldEnd = Math.min(size, (long) (i + 1) * BLOCK);
            same[i] = end == oldEnd && local[i].equals(blockHashes[i]);
        }
        return same;
    }
}
