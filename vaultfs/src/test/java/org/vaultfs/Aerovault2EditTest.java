package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.ContainerLineage;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.Entry;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/**
 * Tree edits of AEROVAULT2 vaults (add, rm, mkdir, mv, cp) against a model of the tree: after
 * every commit the vault reopens, authenticates every chunk, holds exactly the model's tree,
 * keeps its lineage and header, and its data section holds each live chunk record once and
 * nothing else (rm compacts).
 */
class Aerovault2EditTest {
    static final byte[] PW = "edit test password".getBytes(StandardCharsets.UTF_8);
    static final EditOptions OPTS = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);
    static final OpenOptions OPEN = OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE);
    static final int[] CHUNK_SIZES = {4096, 5000, 16384, 65536};

    @TempDir
    Path tmp;

    private final AtomicInteger runs = new AtomicInteger();

    /** The tree a vault should hold: files with their bytes, and directories. */
    static final class Model {
        final TreeMap<String, byte[]> files = new TreeMap<>();
        final TreeSet<String> dirs = new TreeSet<>();

        void mkdirs(String dir) {
            for (String d = dir; !d.isEmpty(); d = parent(d)) {
                dirs.add(d);
            }
        }

        List<String> all() {
            List<String> l = new ArrayList<>(files.keySet());
            l.addAll(dirs);
            l.sort(null);
            return l;
        }

        boolean exists(String p) {
            return files.containsKey(p) || dirs.contains(p);
        }

        /** Moves or copies {@code from} (and what is under it) to {@code to}. */
        void relocate(String from, String to, boolean keep) {
            mkdirs(parent(to));
            Map<String, byte[]> f = new TreeMap<>();
            List<String> d = new ArrayList<>();
            files.forEach((k, v) -> {
                if (k.equals(from) || k.startsWith(from + "/")) {
                    f.put(to + k.substring(from.length()), v);
                }
            });
            for (String k : dirs) {
                if (k.equals(from) || k.startsWith(from + "/")) {
                    d.add(to + k.substring(from.length()));
                }
            }
            if (!keep) {
                remove(from);
            }
            files.putAll(f);
            dirs.addAll(d);
        }

        void remove(String p) {
            files.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
            dirs.removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
        }
    }

    static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i < 0 ? "" : p.substring(0, i);
    }

    static byte[] content(Random r) {
        int size = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(5000);
            case 2 -> r.nextInt(40_000);
            default -> 60_000 + r.nextInt(150_000);
        };
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }

    @Test
    void randomEditSessionsKeepTheTreeTheLineageAndACompactDataSection() {
        qt().withExamples(24).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(0, CHUNK_SIZES.length - 1), integers().between(0, 1))
                .checkAssert((seed, size, cascade) -> {
                    try {
                        editRun(seed, CHUNK_SIZES[size], cascade == 1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private void editRun(long seed, int chunkSize, boolean cascade) throws IOException {
        Random r = new Random(seed);
        Path work = Files.createDirectories(tmp.resolve("run" + runs.incrementAndGet()));
        Path src = Files.createDirectories(work.resolve("src"));
        Model model = new Model();
        for (int i = 0; i < 4; i++) {
            String p = (i % 2 == 0 ? "d" + i + "/" : "") + "f" + i;
            model.files.put(p, content(r));
            model.mkdirs(parent(p));
            write(src.resolve(p), model.files.get(p));
        }
        Path v = work.resolve("v.aerovault");
        Vault.sealAerovault2(src, v, PW, cascade, chunkSize, OPTS);
        byte[] header = Arrays.copyOf(Files.readAllBytes(v), 512);
        check(v, model, header);
        int made = 0;
        for (int session = 0; session < 3; session++) {
            try (TreeEdit ed = Vault.edit(v, PW, OPTS)) {
                for (int op = 0; op < 4; op++) {
                    made = applyRandomOp(r, ed, model, work, made);
                }
                ed.commit();
            }
            check(v, model, header);
        }
        // The edited vault converts to AEROVAULT3 holding the same tree.
        Path v3 = work.resolve("v.av3");
        try (Vault vault = Vault.open(v, PW, OPEN)) {
            vault.convertTo(v3, PW, OPTS);
        }
        try (Vault converted = Vault.open(v3, PW, OPEN)) {
            assertEquals(ContainerLineage.AEROVAULT3, converted.lineage());
            assertEquals(model.dirs, new TreeSet<>(converted.entries().stream().filter(Entry::isDir).map(Entry::path).toList()));
            for (Map.Entry<String, byte[]> f : model.files.entrySet()) {
                try (InputStream in = converted.newInputStream(f.getKey())) {
                    assertArrayEquals(f.getValue(), in.readAllBytes(), f.getKey());
                }
            }
            assertEquals(model.files.size(), converted.entries().stream().filter(e -> !e.isDir()).count());
        }
    }

    /** One random edit, applied to the vault and the model alike; returns the names used so far. */
    private int applyRandomOp(Random r, TreeEdit ed, Model model, Path work, int made) throws IOException {
        List<String> all = model.all();
        List<String> dirs = new ArrayList<>(model.dirs);
        dirs.add("");
        String dir = dirs.get(r.nextInt(dirs.size()));
        String fresh = (dir.isEmpty() ? "" : dir + "/") + "n" + made++;
        switch (all.isEmpty() ? 0 : r.nextInt(6)) {
            case 0 -> {
                byte[] b = content(r);
                Path f = write(work.resolve("in" + made), b);
                String to = r.nextBoolean() && !model.files.isEmpty()
                        ? new ArrayList<>(model.files.keySet()).get(r.nextInt(model.files.size())) : fresh;
                ed.addFile(f, to);
                model.files.put(to, b);
            }
            case 1 -> {
                Path t = Files.createDirectories(work.resolve("tree" + made));
                byte[] b = content(r);
                write(t.resolve("sub/x"), b);
                ed.addTree(t, fresh);
                model.mkdirs(fresh + "/sub");
                model.files.put(fresh + "/sub/x", b);
            }
            case 2 -> {
                String p = all.get(r.nextInt(all.size()));
                ed.remove(p, true);
                model.remove(p);
            }
            case 3 -> {
                assertTrue(ed.mkdir(fresh));
                model.mkdirs(fresh);
            }
            default -> {
                String from = all.get(r.nextInt(all.size()));
                if (fresh.equals(from) || fresh.startsWith(from + "/")) {
                    return made;
                }
                boolean copy = r.nextBoolean();
                if (copy) {
                    ed.copy(from, fresh);
                } else {
                    ed.move(from, fresh);
                }
                model.relocate(from, fresh, copy);
            }
        }
        return made;
    }

    private static Path write(Path p, byte[] b) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.write(p, b);
    }

    /** The vault holds the model, authenticates, kept its header, and its data section has no hole and no duplicate. */
    static void check(Path v, Model model, byte[] header) throws IOException {
        byte[] bytes = Files.readAllBytes(v);
        assertArrayEquals(header, Arrays.copyOf(bytes, 512), "the header is kept byte for byte");
        try (Vault vault = Vault.open(v, PW, OPEN)) {
            assertEquals(ContainerLineage.AEROVAULT2, vault.lineage());
            assertTrue(vault.verify(b -> { }).clean());
            TreeMap<String, byte[]> files = new TreeMap<>();
            TreeSet<String> dirs = new TreeSet<>();
            for (Entry e : vault.entries()) {
                if (e.isDir()) {
                    dirs.add(e.path());
                } else {
                    try (InputStream in = vault.newInputStream(e.path())) {
                        files.put(e.path(), in.readAllBytes());
                    }
                }
            }
            assertEquals(model.dirs, dirs);
            assertEquals(model.files.keySet(), files.keySet());
            model.files.forEach((k, b) -> assertArrayEquals(b, files.get(k), k));
            long dataStart = 516 + LittleEndian.getUnsignedInt(bytes, 512);
            Map<Long, Long> distinct = new HashMap<>();
            for (ChunkRecord c : vault.chunkRecords()) {
                distinct.put(c.dataOffset(), 4 + c.blockLen());
            }
            long held = distinct.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(bytes.length - dataStart, held, "the data section holds each live chunk once and nothing else");
        }
    }

    @Test
    void editsOfTheFixturesKeepTheirHeaderTheirAadRuleAndTheirOtherEntries() throws IOException {
        for (String name : new String[] {"v2-default.aerovault", "v2-cascade.aerovault", "v2-legacy-aad.aerovault",
                "v2-16k-chunks.aerovault"}) {
            Path v = Files.copy(Aerovault2FixturesTest.dir().resolve(name), tmp.resolve(name));
            byte[] before = Files.readAllBytes(v);
            Map<String, byte[]> kept = new TreeMap<>();
            List<String> files;
            try (Vault vault = Vault.open(v, Aerovault2FixturesTest.PW, OPEN)) {
                files = vault.entries().stream().filter(e -> !e.isDir()).map(Entry::path).toList();
                for (String f : files) {
                    try (InputStream in = vault.newInputStream(f)) {
                        kept.put(f, in.readAllBytes());
                    }
                }
            }
            byte[] added = new byte[70_000];
            new Random(name.hashCode()).nextBytes(added);
            Path in = write(tmp.resolve("in-" + name), added);
            String victim = files.get(0);
            try (TreeEdit ed = Vault.edit(v, Aerovault2FixturesTest.PW, OPTS)) {
                ed.addFile(in, "new/added.bin");
                ed.remove(victim, false);
                ed.copy(files.get(1), "copied");
                ed.commit();
            }
            kept.remove(victim);
            kept.put("new/added.bin", added);
            kept.put("copied", kept.get(files.get(1)));
            byte[] after = Files.readAllBytes(v);
            assertArrayEquals(Arrays.copyOf(before, 512), Arrays.copyOf(after, 512), name + ": header kept");
            try (Vault vault = Vault.open(v, Aerovault2FixturesTest.PW, OPEN)) {
                assertTrue(vault.verify(b -> { }).clean(), name);
                for (Map.Entry<String, byte[]> e : kept.entrySet()) {
                    try (InputStream s = vault.newInputStream(e.getKey())) {
                        assertArrayEquals(e.getValue(), s.readAllBytes(), name + ": " + e.getKey());
                    }
                }
                assertFalse(vault.entry(victim).isPresent());
            }
            // A version-2 header binds chunks to their index only: new files get no file_id, as the reference writes them.
            String json = org.vaultfs.legacy.LegacyTestAccess.manifestJson(v, Aerovault2FixturesTest.PW);
            boolean version2 = before[10] == 2;
            assertEquals(!version2, json.contains("\"file_id\""), name + ": " + json.length());
        }
    }

    @Test
    void aFailedEditLeavesTheVaultByteForByteAndNamesTheCause() throws IOException {
        Path v = Files.copy(Aerovault2FixturesTest.dir().resolve("v2-default.aerovault"), tmp.resolve("v.aerovault"));
        byte[] before = Files.readAllBytes(v);
        assertEquals(Failure.WRONG_PASSWORD, assertThrows(VaultException.class,
                () -> Vault.edit(v, "not the password".getBytes(StandardCharsets.UTF_8), OPTS)).failure());
        try (TreeEdit ed = Vault.edit(v, Aerovault2FixturesTest.PW, OPTS)) {
            assertEquals(Failure.NOT_FOUND, assertThrows(VaultException.class, () -> ed.remove("absent", false)).failure());
            assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> ed.mkdir("a/../b")).failure());
            assertEquals(Failure.LOCKED, assertThrows(VaultException.class,
                    () -> Vault.edit(v, Aerovault2FixturesTest.PW, OPTS)).failure());
            ed.mkdir("uncommitted");
        }
        assertArrayEquals(before, Files.readAllBytes(v), "nothing committed, nothing changed");
        try (TreeEdit ed = Vault.edit(v, Aerovault2FixturesTest.PW, OPTS)) {
            ed.mkdir("late");
            Files.write(v, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND); // another writer, past the lock
            assertEquals(Failure.CONFLICT, assertThrows(VaultException.class, ed::commit).failure());
        }
        byte[] now = Files.readAllBytes(v);
        assertEquals(before.length + 1, now.length, "the other writer's change stands");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file is left");
        }
    }
}
