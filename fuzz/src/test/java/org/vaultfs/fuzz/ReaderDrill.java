package org.vaultfs.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vaultfs.container.Entry;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.container.VaultReader;
import org.vaultfs.container.VaultVerifier;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.fs.ExtractResult;
import org.vaultfs.fs.Extractor;
import org.vaultfs.fs.FileNode;
import org.vaultfs.fs.FsNode;
import org.vaultfs.fs.ReaderChunkSource;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fs.VaultFileSystems;
import org.vaultfs.testing.CachingKdf;

/**
 * Every reader path over one (possibly hostile) vault file: open, list, verify, stream each
 * file, extract into a scratch directory that holds planted symbolic links pointing outside,
 * and read each file through the mount's range-read path. Checks the cross-path oracles:
 * whatever succeeds agrees byte for byte, and nothing outside the extraction directory changes.
 */
public final class ReaderDrill {
    private static final byte[] KEEP = "outside: must never change\n".getBytes(StandardCharsets.US_ASCII);

    private ReaderDrill() {
    }

    /** Runs the drill on {@code vault}, using {@code work} (created, then emptied) as scratch. */
    public static void run(Path vault, Path work) {
        Invariants.refusedOrOk(() -> {
            try (VaultReader r = VaultReader.open(vault, FuzzVaults.PASSWORD, CachingKdf.INSTANCE)) {
                drill(r, work);
            }
        });
    }

    private static void drill(VaultReader r, Path work) throws IOException {
        List<Entry> entries = r.entries();
        Map<String, byte[]> streamed = new HashMap<>();
        for (Entry e : entries) {
            if (e.isDir()) {
                continue;
            }
            VaultException failed = Invariants.refusedOrOk(() -> {
                try (InputStream in = r.openStream(e)) {
                    byte[] b = in.readAllBytes();
                    if (b.length != e.size()) {
                        throw new AssertionError(e.path() + ": streamed " + b.length + " bytes, entry size " + e.size());
                    }
                    streamed.put(e.path(), b);
                }
            });
            if (failed != null) {
                streamed.remove(e.path());
            }
        }
        Invariants.refusedOrOk(() -> VaultVerifier.verify(r, ProgressListener.NONE, 1));
        extract(r, work, streamed, false);
        mountReads(r, streamed);
    }

    /** Extracts into work/out, next to work/outside, which planted links in out point at. */
    static void extract(VaultReader r, Path work, Map<String, byte[]> streamed, boolean salvage) throws IOException {
        FuzzVaults.deleteTree(work);
        Path out = Files.createDirectories(work.resolve("out"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.write(outside.resolve("keep"), KEEP);
        Files.createSymbolicLink(out.resolve("link"), Path.of("..", "outside"));
        Files.createSymbolicLink(out.resolve("flink"), Path.of("..", "outside", "keep"));
        TreeMap<String, String> before = Invariants.listing(work, out);
        try {
            ExtractResult[] res = new ExtractResult[1];
            VaultException failed = Invariants.refusedOrOk(() ->
                    res[0] = new Extractor(r, ExtractOptions.defaults().withSalvage(salvage)).extract(out, List.of()));
            TreeMap<String, String> after = Invariants.listing(work, out);
            if (!before.equals(after)) {
                throw new AssertionError("extraction wrote outside its target: before " + before + " after " + after);
            }
            if (!Arrays.equals(KEEP, Files.readAllBytes(outside.resolve("keep")))) {
                throw new AssertionError("extraction wrote through a planted symbolic link");
            }
            checkInside(out);
            if (failed == null && res[0].complete()) {
                for (Map.Entry<String, byte[]> f : streamed.entrySet()) {
                    Path p = out.resolve(f.getKey());
                    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            || !Arrays.equals(f.getValue(), Files.readAllBytes(p))) {
                        throw new AssertionError("extracted " + f.getKey() + " differs from its streamed bytes");
                    }
                }
            }
            // Salvage mode differs only for failures reading vault data; target-side refusals abort in both modes.
            if (failed != null && !salvage && isVaultDataFailure(failed)) {
                extract(r, work, streamed, true);
            }
        } finally {
            FuzzVaults.deleteTree(work);
        }
    }

    private static boolean isVaultDataFailure(VaultException e) {
        return switch (e.failure()) {
            case IO, PATH_ESCAPE, CONFLICT -> false;
            default -> true;
        };
    }

    /**
     * Everything under out is a real file or directory, except the planted links. The walk
     * does not follow links, so with no other link present every path it sees lies inside out.
     */
    private static void checkInside(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isSymbolicLink(p)) {
                    String name = out.relativize(p).toString();
                    if (!name.equals("link") && !name.equals("flink")) {
                        throw new AssertionError("extraction created a symbolic link: " + name);
                    }
                }
            }
        }
    }

    /** The mount's handle-less range reads over each file: whole, then a few slices; bytes must agree. */
    static void mountReads(VaultReader r, Map<String, byte[]> streamed) {
        // The file system owns (and closes) the reader it is given; hand it a view that stays open.
        VaultFileSystem fs = VaultFileSystems.of(r, new ReaderChunkSource(r), 1 << 20, org.vaultfs.event.VaultListener.IGNORE);
        try {
            for (Entry e : r.entries()) {
                if (e.isDir()) {
                    continue;
                }
                FsNode n = fs.lookup("/" + e.path());
                if (!(n instanceof FileNode f)) {
                    continue;
                }
                int len = (int) Math.min(e.size(), 1 << 20);
                byte[] buf = new byte[len];
                int[] got = new int[1];
                VaultException failed = Invariants.refusedOrOk(() -> got[0] = fs.read(f, 0, buf, len));
                byte[] expect = streamed.get(e.path());
                if (failed == null && expect != null) {
                    if (got[0] != len || !Arrays.equals(buf, 0, len, expect, 0, len)) {
                        throw new AssertionError("mount read of " + e.path() + " disagrees with the stream");
                    }
                }
            }
        } finally {
            fs.cache().close();
        }
    }
}
