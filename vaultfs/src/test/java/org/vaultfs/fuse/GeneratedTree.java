package org.vaultfs.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.testing.CachingKdf;

/**
 * A source tree with every shape a mount has to get right (thousands of packed small files,
 * a multi-chunk file over 8 MiB, empty files, empty and nested directories, unicode names)
 * and the vault sealed from it by the real writer.
 */
final class GeneratedTree {
    static final String PASSWORD = "mount-test-pw";
    static final FileTime STAMP = FileTime.fromMillis(1_700_000_000_000L);
    static final String BIG = "media/big.bin";
    static final int BIG_SIZE = 12 * 1024 * 1024 + 12_345;

    final Path source;
    final Path vault;

    private GeneratedTree(Path source, Path vault) {
        this.source = source;
        this.vault = vault;
    }

    static GeneratedTree create(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Random r = new Random(42);
        for (int d = 0; d < 20; d++) {
            Path sub = Files.createDirectories(src.resolve(String.format("small/d%02d", d)));
            for (int f = 0; f < 100; f++) {
                byte[] b = new byte[r.nextInt(3000)];
                r.nextBytes(b);
                Files.write(sub.resolve(String.format("f%03d.bin", f)), b);
            }
        }
        byte[] big = new byte[BIG_SIZE];
        r.nextBytes(big);
        Files.write(Files.createDirectories(src.resolve("media")).resolve("big.bin"), big);
        Files.write(src.resolve("empty.txt"), new byte[0]);
        Files.write(src.resolve("small/empty-too.bin"), new byte[0]);
        Files.createDirectories(src.resolve("emptydir/nested/deeper"));
        Files.write(src.resolve("ünïcødé-名前 ✓.txt"), "héllo wörld\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(src.resolve("日本語"));
        Files.write(src.resolve("日本語/ファイル.txt"), "テキスト".getBytes(StandardCharsets.UTF_8));
        // Fixed times, directories last (creating children touches them), deepest first.
        List<Path> all;
        try (Stream<Path> s = Files.walk(src)) {
            all = new ArrayList<>(s.toList());
        }
        all.sort(Comparator.comparing((Path p) -> Files.isDirectory(p)).thenComparing(p -> -p.getNameCount()));
        for (Path p : all) {
            Files.setLastModifiedTime(p, STAMP);
        }
        Path vault = dir.resolve("tree.av3");
        try (VaultEditor ed = VaultEditor.create(vault, PASSWORD.getBytes(StandardCharsets.UTF_8),
                EditOptions.defaults().withKdf(CachingKdf.INSTANCE).withThreads(2))) {
            ed.addTree(src, "");
            ed.commit();
        }
        return new GeneratedTree(src, vault);
    }

    /** Every path under the source, relative, '/'-separated, sorted. */
    List<String> relativePaths() throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            return s.filter(p -> !p.equals(source)).map(p -> source.relativize(p).toString()).sorted().toList();
        }
    }
}
