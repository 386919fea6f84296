package org.vaultfs.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes every file of the index of testdata/vectors/README.md into testdata/vectors (or the directory given as the first
 * argument). Deterministic: the same source gives the same bytes, which
 * VectorRegenerationTest enforces against the committed files.
 *
 * <pre>mvn -B -o -q test -pl vaultfs,format-spec -Dtest=VectorRegenerationTest -Dvectors.write=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * rewrites the committed vectors (or run {@link #main} with the test classpath).
 */
public final class VectorGenerator {
    private VectorGenerator() {
    }

    /** File name -> file bytes, for every vector. {@code work} is a scratch directory. */
    public static Map<String, byte[]> generate(Path work) {
        Map<String, byte[]> out = new TreeMap<>();
        for (VectorFile f : Primitives.all()) {
            put(out, f);
        }
        for (VectorFile f : new VaultVectors(work).all()) {
            put(out, f);
        }
        return out;
    }

    private static void put(Map<String, byte[]> out, VectorFile f) {
        if (out.put(f.name, f.render()) != null) {
            throw new IllegalStateException("vector generated twice: " + f.name);
        }
    }

    /** Replaces the *.txt vectors in {@code dir} by a fresh generation. */
    public static Map<String, byte[]> writeAll(Path dir) throws IOException {
        Path work = Files.createTempDirectory("vector-gen");
        try {
            Map<String, byte[]> files = generate(work);
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
            return files;
        } finally {
            deleteTree(work);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the nearest ancestor of the working directory holding testdata/ and format-spec/. */
    public static Path repoRoot() {
        String prop = System.getProperty("vaultfs.root");
        if (prop != null && Files.isDirectory(Paths.get(prop, "format-spec"))) {
            return Paths.get(prop).toAbsolutePath();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("format-spec")) && Files.isDirectory(p.resolve("vaultfs"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Paths.get("").toAbsolutePath());
    }

    public static Path vectorDir() {
        return repoRoot().resolve("testdata/vectors");
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Paths.get(args[0]) : vectorDir();
        Map<String, byte[]> files = writeAll(dir);
        List<String> names = List.copyOf(files.keySet());
        System.out.println("wrote " + names.size() + " vectors to " + dir);
    }
}
