package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.FuzzAccess;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ByteSink;
import org.vaultfs.fs.FileNode;
import org.vaultfs.fs.OpenFile;
import org.vaultfs.fs.ReaderChunkSource;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fs.VaultFileSystems;
import org.vaultfs.testing.CachingKdf;

/**
 * The mount's reads (VaultFileSystem.read, with and without a handle) as FUSE issues them:
 * the fuzzer picks a sequence of (file, offset, length, buffer) requests over a vault holding
 * a multi-chunk CDC file, a medium file and packed small files, with offsets biased to chunk
 * boundaries and EOF. Optionally one stored block is damaged on its way out of the vault (a
 * chunk source that flips a fuzzer-chosen bit), which must surface as a VaultException on the
 * reads that touch it. Oracle: every read returns exactly the expected count and bytes, or a
 * VaultException; never wrong bytes, a short read, or another exception.
 */
class RangeReadFuzzTest {
    private static VaultReader reader;
    private static Map<String, byte[]> files;
    private static List<FileNode> nodes;
    private static List<long[]> boundaries;
    private static VaultFileSystem clean;

    private static synchronized void init() {
        if (reader != null) {
            return;
        }
        reader = VaultReader.open(FuzzVaults.multiChunk(), FuzzVaults.PASSWORD, CachingKdf.INSTANCE);
        files = FuzzVaults.multiChunkFiles();
        // The mount's own source: pooled in-place decodes, checkpoints and segment reads.
        clean = VaultFileSystems.of(reader, new ReaderChunkSource(reader), 8 << 20, org.vaultfs.event.VaultListener.IGNORE);
        nodes = new ArrayList<>();
        boundaries = new ArrayList<>();
        for (String path : files.keySet()) {
            FileNode n = (FileNode) clean.lookup("/" + path);
            nodes.add(n);
            EntryLayout l = reader.layout(n.entry());
            long[] b = new long[l.chunkCount()];
            for (int i = 0; i < b.length; i++) {
                b[i] = l.chunkStartInFile(i);
            }
            boundaries.add(b);
        }
    }

    @FuzzTest
    void reads(FuzzedDataProvider d) {
        init();
        boolean damage = d.consumeBoolean();
        VaultFileSystem fs = clean;
        String damagedId = null;
        if (damage) {
            List<String> ids = new ArrayList<>(reader.manifest().chunks().keySet());
            damagedId = ids.get(d.consumeInt(0, ids.size() - 1));
            long bit = d.consumeLong(0, Long.MAX_VALUE);
            String target = damagedId;
            // A file system of its own (closed below with its read-ahead threads, which cache
            // per-thread direct buffers) over a reader of its own.
            VaultReader own = VaultReader.open(FuzzVaults.multiChunk(), FuzzVaults.PASSWORD, CachingKdf.INSTANCE);
            fs = VaultFileSystems.of(own, r -> {
                byte[] block = own.readStoredBlock(r);
                if (r.id().equals(target)) {
                    block[(int) Math.floorMod(bit, (long) block.length)] ^= (byte) (1 << (bit >>> 40 & 7));
                }
                return FuzzAccess.decodeBlock(own, r, block);
            }, 1 << 20, org.vaultfs.event.VaultListener.IGNORE);
        }
        try {
            int ops = d.consumeInt(1, 12);
            for (int op = 0; op < ops && d.remainingBytes() > 0; op++) {
                int fi = d.consumeInt(0, nodes.size() - 1);
                FileNode node = nodes.get(fi);
                byte[] expect = files.get(node.path());
                long offset = offset(d, expect.length, boundaries.get(fi));
                int len = d.pickValue(new int[] {0, 1, 4096, 131072}) + d.consumeInt(-1, 70_000);
                boolean viaHandle = d.consumeBoolean();
                read(fs, node, expect, offset, len, viaHandle, d, damagedId);
            }
        } finally {
            if (fs != clean) {
                fs.close();
            }
        }
    }

    private static void read(VaultFileSystem fs, FileNode node, byte[] expect, long offset, int len, boolean viaHandle,
                             FuzzedDataProvider d, String damagedId) {
        int bufLen = viaHandle ? Math.max(0, len) : Math.max(0, len + d.consumeInt(-8, 8));
        byte[] buf = new byte[bufLen];
        int[] n = new int[1];
        VaultException e = Invariants.refusedOrOk(() -> {
            if (viaHandle) {
                long fh = fs.open(node);
                OpenFile of = fs.handle(fh);
                n[0] = fs.read(of, offset, ByteSink.of(buf), len);
                fs.release(fh);
            } else {
                n[0] = fs.read(node, offset, buf, len);
            }
        });
        if (offset < 0) {
            if (e == null || e.failure() != Failure.INVALID_ARGUMENT) {
                throw new AssertionError("negative offset " + offset + " was not refused as invalid-argument", e);
            }
            return;
        }
        long want = len <= 0 || offset >= expect.length ? 0 : Math.min(expect.length - offset, Math.min(len, bufLen));
        if (e != null) {
            if (damagedId == null) {
                throw new AssertionError("read of a sound vault failed: " + node.path() + " @" + offset + "+" + len, e);
            }
            if (!touches(node, offset, want, damagedId)) {
                throw new AssertionError("read failed although it does not touch the damaged chunk", e);
            }
            return;
        }
        if (n[0] != want) {
            throw new AssertionError(node.path() + " @" + offset + "+" + len + " (buf " + bufLen + "): read " + n[0]
                    + " bytes, expected " + want);
        }
        if (want > 0 && !Arrays.equals(buf, 0, (int) want, expect, (int) offset, (int) (offset + want))) {
            throw new AssertionError(node.path() + " @" + offset + "+" + len + ": wrong bytes");
        }
    }

    private static boolean touches(FileNode node, long offset, long len, String id) {
        EntryLayout l = reader.layout(node.entry());
        if (len == 0) {
            return false;
        }
        for (int i = l.chunkAt(offset); i < l.chunkCount(); i++) {
            ChunkRecord c = l.chunk(i);
            if (l.chunkStartInFile(i) >= offset + len) {
                break;
            }
            if (c.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static long offset(FuzzedDataProvider d, long size, long[] bounds) {
        switch (d.consumeInt(0, 3)) {
            case 0:
                return d.consumeLong(0, Math.max(0, size - 1));
            case 1:
                return bounds.length == 0 ? 0 : Math.max(0, bounds[d.consumeInt(0, bounds.length - 1)]) + d.consumeInt(-2, 2);
            case 2:
                return size + d.consumeInt(-3, 3);
            default:
                return d.consumeLong();
        }
    }
}
