package org.vaultfs.ecc;

import org.vaultfs.bytes.LittleEndian;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Opens a {@code .aerocorrect} file (version 2, or legacy version 1) with bounded memory:
 * only the locator is read; each segment's AVEC payload is opened on demand. Version 2
 * locators are recovered from any intact copy or by a binding-checked byte majority
 * (SPEC.md §14.2).
 */
public final class SidecarReader implements AutoCloseable {
    /** One segment: the window it protects and where its payload sits in the sidecar. */
    public record Segment(long windowOffset, long windowLen, long avecOffset, long avecLen, byte[] geometry) {
    }

    private final FileChannel channel;
    private final int version;
    private final long totalLen;
    private final byte[] bindingId;
    private final byte[] contentSha256;
    private final List<Segment> segments;
    /** Which locator copies failed their checksum (v2), for reporting sidecar damage. */
    private final int damagedCopies;

    private SidecarReader(FileChannel channel, int version, long totalLen, byte[] bindingId, byte[] contentSha256,
                          List<Segment> segments, int damagedCopies) {
        this.channel = channel;
        this.version = version;
        this.totalLen = totalLen;
        this.bindingId = bindingId;
        this.contentSha256 = contentSha256;
        this.segments = List.copyOf(segments);
        this.damagedCopies = damagedCopies;
    }

    public static SidecarReader open(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such sidecar: " + path);
        } catch (IOException e) {
            throw VaultException.io("cannot open " + path, e);
        }
        try {
            return open(ch);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    static SidecarReader open(FileChannel ch) {
        long fileLen = size(ch);
        if (fileLen < SidecarFormat.MAGIC.length + 1) {
            throw malformed("aerocorrect sidecar too short");
        }
        byte[] head = read(ch, 0, SidecarFormat.MAGIC.length + 1);
        if (!Arrays.equals(head, 0, 8, SidecarFormat.MAGIC, 0, 8)) {
            throw malformed("bad aerocorrect sidecar magic");
        }
        int version = head[8] & 0xff;
        if (version == SidecarFormat.VERSION) {
            return openV2(ch, fileLen);
        }
        if (version == SidecarFormat.VERSION_1) {
            return openV1(ch, fileLen);
        }
        throw new VaultException(Failure.UNSUPPORTED_VERSION, "unsupported aerocorrect sidecar version " + version);
    }

    private static SidecarReader openV2(FileChannel ch, long fileLen) {
        if (fileLen < SidecarFormat.PREFIX_LEN) {
            throw malformed("aerocorrect sidecar too short");
        }
        byte[] prefix = read(ch, 0, SidecarFormat.PREFIX_LEN);
        String lastError = "aerocorrect sidecar directory unrecoverable";
        for (long n : candidateCounts(prefix)) {
            if (n == 0) {
                continue;
            }
            int dirLen;
            long span;
            try {
                dirLen = Math.toIntExact(SidecarDirectory.length(Math.toIntExact(n)));
                span = Math.multiplyExact((long) SidecarFormat.COPIES, dirLen + (long) SidecarFormat.COPY_SUM);
            } catch (ArithmeticException e) {
                continue;
            }
            long parityStart = SidecarFormat.PREFIX_LEN + span;
            if (span > SidecarFormat.MAX_DIRECTORY_REGION || parityStart > fileLen) {
                continue;
            }
            byte[] copies = read(ch, SidecarFormat.PREFIX_LEN, (int) span);
            int[] damaged = new int[1];
            byte[] dir = recoverDirectory(copies, dirLen, damaged);
            if (dir == null) {
                lastError = "aerocorrect sidecar locator is too corrupt to recover (every directory copy failed its checksum)";
                continue;
            }
            try {
                SidecarDirectory d = SidecarDirectory.decode(dir, (int) n);
                List<Segment> segs = new ArrayList<>();
                long parityLen = fileLen - parityStart;
                long used = 0;
                for (SidecarDirectory.Segment s : d.segments()) {
                    checkAvecLen(s.windowLen(), s.avecLen());
                    if (s.avecLen() > parityLen - used) {
                        throw malformed("aerocorrect sidecar segment length mismatch");
                    }
                    segs.add(new Segment(s.windowOffset(), s.windowLen(), parityStart + used, s.avecLen(), s.geometry()));
                    used += s.avecLen();
                }
                if (used != parityLen) {
                    throw malformed("aerocorrect sidecar parity region is " + parityLen + " bytes but segments declare " + used);
                }
                return new SidecarReader(ch, SidecarFormat.VERSION, d.totalLen(), d.bindingId(), d.contentSha256(), segs,
                        damaged[0]);
            } catch (VaultException e) {
                lastError = e.getMessage();
            }
        }
        throw malformed(lastError);
    }

    /** Majority values first (at most one slot rotted), then the rest; deduplicated, in order. */
    private static Set<Long> candidateCounts(byte[] prefix) {
        long[] c = new long[SidecarFormat.COPIES];
        for (int i = 0; i < c.length; i++) {
            c[i] = LittleEndian.getUnsignedInt(prefix, 9 + 4 * i);
        }
        Set<Long> order = new LinkedHashSet<>();
        for (long v : c) {
            if (Arrays.stream(c).filter(x -> x == v).count() >= 2) {
                order.add(v);
            }
        }
        for (long v : c) {
            order.add(v);
        }
        return order;
    }

    /** An intact copy, else a byte majority whose binding is self-consistent, else null. */
    private static byte[] recoverDirectory(byte[] copies, int dirLen, int[] damaged) {
        byte[][] dirs = new byte[SidecarFormat.COPIES][];
        byte[] found = null;
        for (int i = 0; i < SidecarFormat.COPIES; i++) {
            int base = i * (dirLen + SidecarFormat.COPY_SUM);
            dirs[i] = Arrays.copyOfRange(copies, base, base + dirLen);
            byte[] sum = Blake3.hash(dirs[i]);
            if (Arrays.equals(sum, 0, 32, copies, base + dirLen, base + dirLen + 32)) {
                found = found == null ? dirs[i] : found;
            } else {
                damaged[0]++;
            }
        }
        if (found != null) {
            return found;
        }
        byte[] voted = new byte[dirLen];
        for (int b = 0; b < dirLen; b++) {
            byte x = dirs[0][b];
            byte y = dirs[1][b];
            byte z = dirs[2][b];
            // With three copies the majority is whichever value two agree on; no majority keeps copy 1.
            voted[b] = (y == z && x != y) ? y : x;
        }
        SidecarDirectory d = SidecarDirectory.decode(voted, (dirLen - SidecarDirectory.FIXED_LEN) / SidecarDirectory.PER_SEGMENT);
        return d.selfConsistent() ? voted : null;
    }

    private static SidecarReader openV1(FileChannel ch, long fileLen) {
        int headerLen = 8 + 1 + 32 + 32 + 8 + 4;
        if (fileLen < headerLen + 32) {
            throw malformed("aerocorrect sidecar too short");
        }
        long bodyEnd = fileLen - 32;
        byte[] h = read(ch, 0, headerLen);
        byte[] binding = Arrays.copyOfRange(h, 9, 41);
        byte[] sha = Arrays.copyOfRange(h, 41, 73);
        long total = LittleEndian.getLong(h, 73);
        long count = LittleEndian.getUnsignedInt(h, 81);
        if (count == 0) {
            throw malformed("aerocorrect sidecar has no segments");
        }
        if (count > (bodyEnd - headerLen) / 24) {
            throw malformed("aerocorrect sidecar segment count " + count + " exceeds its length");
        }
        List<Segment> segs = new ArrayList<>();
        long pos = headerLen;
        for (long i = 0; i < count; i++) {
            if (pos + 24 > bodyEnd) {
                throw malformed("aerocorrect sidecar truncated reading segment header");
            }
            byte[] sh = read(ch, pos, 24);
            long wOff = LittleEndian.getLong(sh, 0);
            long wLen = LittleEndian.getLong(sh, 8);
            long aLen = LittleEndian.getLong(sh, 16);
            checkAvecLen(wLen, aLen);
            long at = pos + 24;
            if (aLen > bodyEnd - at) {
                throw malformed("aerocorrect sidecar segment length mismatch");
            }
            segs.add(new Segment(wOff, wLen, at, aLen, null));
            pos = at + aLen;
        }
        if (pos != bodyEnd) {
            throw malformed("aerocorrect sidecar has unexpected trailing bytes");
        }
        Blake3 hasher = Blake3.newHasher();
        byte[] buf = new byte[1 << 20];
        for (long p = 0; p < bodyEnd; p += buf.length) {
            int n = (int) Math.min(buf.length, bodyEnd - p);
            readInto(ch, p, buf, n);
            hasher.update(buf, 0, n);
        }
        if (!Arrays.equals(hasher.finish(), read(ch, bodyEnd, 32))) {
            throw malformed("aerocorrect sidecar integrity check failed");
        }
        return new SidecarReader(ch, SidecarFormat.VERSION_1, total, binding, sha, segs, 0);
    }

    private static void checkAvecLen(long windowLen, long avecLen) {
        if (windowLen < 0 || avecLen < 0 || avecLen > SidecarFormat.maxAvecLen(windowLen)) {
            throw malformed("aerocorrect segment AVEC length " + Long.toUnsignedString(avecLen)
                    + " exceeds the maximum for a window of " + Long.toUnsignedString(windowLen) + " bytes");
        }
    }

    public int version() {
        return version;
    }

    public long totalLen() {
        return totalLen;
    }

    public byte[] contentSha256() {
        return contentSha256.clone();
    }

    public List<Segment> segments() {
        return segments;
    }

    public int damagedLocatorCopies() {
        return damagedCopies;
    }

    /** binding_id = BLAKE3(domain || content_sha256), as every reader must check. */
    public boolean bindingConsistent() {
        return Arrays.equals(bindingId, SidecarDirectory.binding(contentSha256));
    }

    /** Segment {@code i}'s AVEC payload, its geometry healed from the locator; null when empty. */
    public AvecPayload payload(int i) {
        Segment s = segments.get(i);
        if (s.avecLen() == 0) {
            return null;
        }
        return AvecPayload.open(RegionStream.of(channel, s.avecOffset(), s.avecLen()), s.geometry());
    }

    /** Whether a segment's tiling covers {@code [0, total)} contiguously, in order. */
    public void requireTiling(long total) {
        long expected = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.windowOffset() != expected) {
                throw malformed("aerocorrect window " + i + " starts at " + s.windowOffset() + " but expected " + expected);
            }
            expected += s.windowLen();
            if (expected < 0) {
                throw malformed("aerocorrect window tiling overflows");
            }
        }
        if (expected != total) {
            throw malformed("aerocorrect windows cover " + expected + " bytes but the file has " + total);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static VaultException malformed(String msg) {
        return new VaultException(Failure.MALFORMED, msg);
    }

    private static long size(FileChannel ch) {
        try {
            return ch.size();
        } catch (IOException e) {
            throw VaultException.io("cannot stat sidecar", e);
        }
    }

    private static byte[] read(FileChannel ch, long pos, int len) {
        byte[] b = new byte[len];
        readInto(ch, pos, b, len);
        return b;
    }

    private static void readInto(FileChannel ch, long pos, byte[] b, int len) {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, len);
        try {
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new VaultException(Failure.TRUNCATED, "aerocorrect sidecar is truncated");
                }
            }
        } catch (IOException e) {
            throw VaultException.io("cannot read sidecar", e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // read-only handle
        }
    }
}
