package org.vaultfs.container;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Structural checks on a decrypted manifest, run once at open so every later read can trust
 * the numbers it uses. The manifest is authenticated, so a failure here means a hostile or
 * broken writer, never random damage.
 */
final class ManifestValidator {
    private ManifestValidator() {
    }

    /**
     * Checks in the order of SPEC.md §15.2 step 6 (format, wrappers, lane agreement, paths,
     * duplicates), then the record and extent checks the per-block reads rely on. Returns the
     * entries by path, built for the duplicate check, for the reader to keep.
     */
    static Map<String, Entry> validate(Manifest m, long dataLen, boolean headerPlaintextLane) {
        if (m.format() != Manifest.FORMAT) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "unsupported manifest format " + m.format());
        }
        m.wrappers().requireSupported();
        if (headerPlaintextLane != m.wrappers().plaintextLane()) {
            throw new VaultException(Failure.MALFORMED, "header and manifest disagree on whether the vault is encrypted");
        }
        for (Entry e : m.entries()) {
            VaultPaths.requireCanonical(e.path());
        }
        Map<String, Entry> byPath = new HashMap<>(m.entries().size() * 2);
        for (Entry e : m.entries()) {
            if (byPath.put(e.path(), e) != null) {
                throw new VaultException(Failure.MALFORMED, "duplicate path in manifest: " + VaultPaths.printable(e.path()));
            }
        }
        long maxPlain = maxPlaintextPerBlock(m);
        boolean plaintextLane = m.wrappers().plaintextLane();
        for (ChunkRecord r : m.chunks().values()) {
            checkChunk(r, dataLen, maxPlain, plaintextLane);
        }
        FileAncestors fileAncestors = new FileAncestors(m.entries());
        Extent extent = new Extent();
        for (Entry e : m.entries()) {
            fileAncestors.requireNone(e.path());
            if (e.isDir()) {
                continue;
            }
            extent.check(m, e);
        }
        requireTiling(m, dataLen);
        return byPath;
    }

    static long maxPlaintextPerBlock(Manifest m) {
        AlgorithmSpec.Bounds b = m.wrappers().chunking().bounds();
        long max = b == null ? ReaderLimits.DEFAULT_CDC_MAX : b.max();
        return Math.min(max, ReaderLimits.MAX_PLAINTEXT_BLOCK);
    }

    private static void checkChunk(ChunkRecord r, long dataLen, long maxPlain, boolean plaintextLane) {
        String what = "chunk " + VaultPaths.printable(r.id());
        if (!isLowerHex(r.id(), 32)) {
            throw new VaultException(Failure.MALFORMED, what + ": id is not 32 lowercase hex characters");
        }
        if (r.blockLen() > ReaderLimits.MAX_BLOCK) {
            throw new VaultException(Failure.BOUNDS, what + ": block length " + r.blockLen() + " exceeds 64 MiB");
        }
        if (r.plaintextLen() > maxPlain) {
            throw new VaultException(Failure.BOUNDS, what + ": plaintext length " + r.plaintextLen() + " exceeds the "
                    + maxPlain + "-byte chunk maximum");
        }
        long overhead = plaintextLane ? 0 : ReaderLimits.AEAD_OVERHEAD;
        if (r.compressedLen() + overhead != r.blockLen()) {
            throw new VaultException(Failure.MALFORMED, what + ": block length " + r.blockLen()
                    + " does not match compressed length " + r.compressedLen());
        }
        if (r.storedRaw() && r.compressedLen() != r.plaintextLen()) {
            throw new VaultException(Failure.MALFORMED, what + ": raw block length differs from its plaintext length");
        }
        if (r.dataOffset() > dataLen || r.recordLen() > dataLen - r.dataOffset()) {
            throw new VaultException(Failure.BOUNDS, what + ": block at data offset " + r.dataOffset()
                    + " runs past the " + dataLen + "-byte data section");
        }
    }

    /**
     * The records must tile the data section exactly, in data-offset order, as every writer
     * lays them down: overlapping records would let a small vault make verify and scrub decode
     * one block once per record, and gaps would hide bytes no check covers (SPEC.md §6.1).
     */
    private static void requireTiling(Manifest m, long dataLen) {
        ChunkRecord[] recs = m.chunks().values().toArray(new ChunkRecord[0]);
        java.util.Arrays.sort(recs, java.util.Comparator.comparingLong(ChunkRecord::dataOffset));
        long expected = 0;
        for (ChunkRecord r : recs) {
            if (r.dataOffset() != expected) {
                throw new VaultException(Failure.MALFORMED, "chunk records do not tile the data section: chunk "
                        + VaultPaths.printable(r.id()) + " starts at data offset " + r.dataOffset()
                        + (r.dataOffset() < expected ? ", inside the previous record" : ", after a gap") + " (expected " + expected + ")");
            }
            expected += r.recordLen();
        }
        if (expected != dataLen) {
            throw new VaultException(Failure.MALFORMED, "chunk records do not tile the data section: they cover "
                    + expected + " of its " + dataLen + " bytes");
        }
    }

    private static boolean isLowerHex(String s, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds a file among an entry's ancestors at any depth (q beside q/r/s, not only q/r): a
     * tree like that fails extraction halfway. Each '/' boundary's prefix is looked up by its
     * String hash, computed incrementally, so a path costs its length and no substring is
     * made: a path of 100,000 segments would otherwise allocate its ancestors quadratically.
     * An entry in the same directory as the entry checked before it has the same ancestors,
     * so in a sorted manifest each directory's ancestors are looked up once, not once per entry.
     */
    private static final class FileAncestors {
        private final Map<Integer, Object> filesByHash = new HashMap<>();
        private String checked;
        private int checkedParentLen = -1;

        FileAncestors(List<Entry> entries) {
            for (Entry e : entries) {
                if (!e.isDir()) {
                    add(e.path());
                }
            }
        }

        private void add(String path) {
            Object held = filesByHash.putIfAbsent(path.hashCode(), path);
            if (held instanceof String f) {
                filesByHash.put(path.hashCode(), new java.util.ArrayList<>(List.of(f, path)));
            } else if (held != null) {
                castList(held).add(path);
            }
        }

        @SuppressWarnings("unchecked")
        private static List<String> castList(Object o) {
            return (List<String>) o;
        }

        void requireNone(String path) {
            if (filesByHash.isEmpty()) {
                return;
            }
            int parentLen = path.lastIndexOf('/');
            if (parentLen == checkedParentLen && parentLen >= 0 && path.regionMatches(0, checked, 0, parentLen)) {
                return;
            }
            int h = 0;
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c == '/' && isFile(h, path, i)) {
                    throw new VaultException(Failure.MALFORMED, "entry " + VaultPaths.printable(path) + " lies under a file");
                }
                h = 31 * h + c;
            }
            checked = path;
            checkedParentLen = parentLen;
        }

        private boolean isFile(int hash, String path, int prefixLen) {
            Object o = filesByHash.get(hash);
            if (o instanceof String f) {
                return f.length() == prefixLen && path.startsWith(f);
            }
            if (o != null) {
                for (String f : castList(o)) {
                    if (f.length() == prefixLen && path.startsWith(f)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A file's bytes against its chunks; the sums are kept for the next file with the same chunk list. */
    private static final class Extent {
        private List<String> chunks;
        private long available;
        private long firstLen;

        void check(Manifest m, Entry e) {
            if (e.chunks() != chunks) {
                long sum = 0;
                long first = 0;
                for (int i = 0; i < e.chunks().size(); i++) {
                    String id = e.chunks().get(i);
                    ChunkRecord r = m.chunks().get(id);
                    if (r == null) {
                        throw new VaultException(Failure.MALFORMED, "file " + VaultPaths.printable(e.path()) + " references missing chunk " + VaultPaths.printable(id));
                    }
                    if (i == 0) {
                        first = r.plaintextLen();
                    }
                    sum += r.plaintextLen();
                }
                chunks = e.chunks();
                available = sum;
                firstLen = first;
            }
            long start = e.offsetInChunks();
            if (e.size() > 0 && !e.chunks().isEmpty() && start >= firstLen) {
                throw new VaultException(Failure.BOUNDS, "file " + VaultPaths.printable(e.path()) + ": pack offset lies past its first chunk");
            }
            if (start > available || e.size() > available - start) {
                throw new VaultException(Failure.BOUNDS, "file " + VaultPaths.printable(e.path()) + " claims " + e.size()
                        + " bytes but its chunks hold " + available);
            }
            if (e.packOffset() == null && available != e.size()) {
                throw new VaultException(Failure.MALFORMED, "file " + VaultPaths.printable(e.path()) + " has " + e.size()
                        + " bytes but its chunks hold " + available);
            }
        }
    }

    /** SPEC.md §12.2 rules 3-5; run before the manifest is decrypted. */
    static void checkExtensions(List<ExtensionEntry> exts, long payloadLen) {
        Set<String> seen = new HashSet<>();
        for (ExtensionEntry x : exts) {
            if (x.critical() && !isUnderstood(x)) {
                throw new VaultException(Failure.CRITICAL_EXTENSION, "unsupported critical extension: " + VaultPaths.printable(x.extensionId()));
            }
            if (!seen.add(x.extensionId())) {
                throw new VaultException(Failure.MALFORMED, "duplicate extension id: " + VaultPaths.printable(x.extensionId()));
            }
            if (x.offset() > payloadLen || x.length() > payloadLen - x.offset()) {
                throw new VaultException(Failure.BOUNDS, "extension " + VaultPaths.printable(x.extensionId()) + " payload escapes the "
                        + payloadLen + "-byte payload area");
            }
        }
    }

    /** No critical extension is defined yet; the error-correction ones are non-critical. */
    private static boolean isUnderstood(ExtensionEntry x) {
        return false;
    }
}
