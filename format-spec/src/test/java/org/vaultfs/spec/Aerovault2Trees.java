package org.vaultfs.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

/** The AEROVAULT2 fixtures' trees: extracted, checked against their own listings, digested. */
final class Aerovault2Trees {
    static final String PASSWORD = "aerovault2-fixture-pw";

    private Aerovault2Trees() {
    }

    static Path fixture(String name) {
        Path d = Fixtures.dir();
        Path f = d == null ? null : d.resolveSibling("aerovault2").resolve(name);
        if (f == null || !Files.isRegularFile(f)) {
            Fixtures.absent("AEROVAULT2 fixture " + name + " (expected ../shared/fixtures/aerovault2/)");
        }
        return f;
    }

    /**
     * The tree digest of {@code vault}'s extraction, after checking the extraction file by file
     * against tree.sha256 and tree.dirs beside it; an AssertionError names the first difference.
     */
    static String checkedTreeDigest(Path vault) {
        try {
            Path out = Files.createTempDirectory("vault2-tree");
            try (Vault v = Vault.open(vault, PASSWORD.getBytes(StandardCharsets.UTF_8),
                    OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
                v.extract(out, List.of(), ExtractOptions.defaults().withDurable(false));
            }
            Map<String, String> want = new TreeMap<>();
            for (String line : Files.readAllLines(vault.resolveSibling("tree.sha256"))) {
                want.put(line.substring(line.indexOf("./") + 2), line.substring(0, 64));
            }
            TreeSet<String> wantDirs = new TreeSet<>();
            for (String line : Files.readAllLines(vault.resolveSibling("tree.dirs"))) {
                wantDirs.add(line.substring(2));
            }
            Map<String, String> got = new TreeMap<>();
            TreeSet<String> gotDirs = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.toList()) {
                    String rel = out.relativize(p).toString();
                    if (!rel.isEmpty() && Files.isDirectory(p)) {
                        gotDirs.add(rel);
                    } else if (!rel.isEmpty()) {
                        got.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                    }
                }
            }
            if (!want.equals(got) || !wantDirs.equals(gotDirs)) {
                throw new AssertionError(vault.getFileName() + " does not extract to its tree.sha256/tree.dirs: " + got + " " + gotDirs);
            }
            String digest = TreeDigest.of(out);
            try (Stream<Path> walk = Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
