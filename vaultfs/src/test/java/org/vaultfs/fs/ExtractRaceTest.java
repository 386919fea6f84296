package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/**
 * A local attacker races the extraction: while it runs, another thread keeps replacing the
 * directories it has created with symlinks to a directory outside the target. Nothing may be
 * written outside the target, whatever the interleaving.
 */
class ExtractRaceTest {
    static final byte[] PW = "race test password".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @Test
    void swappingDirectoriesForSymlinksNeverRedirectsAWrite() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (String d : List.of("docs", "docs/deep", "more")) {
            Path p = Files.createDirectories(src.resolve(d));
            for (int i = 0; i < 600; i++) {
                Files.writeString(p.resolve("f" + i + ".txt"), d + " file " + i + "\n".repeat(i % 7));
            }
        }
        Path vault = tmp.resolve("v.aerovault");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE).withThreads(2))) {
            ed.addTree(src, "");
            ed.commit();
        }
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        // Mirrors the tree, so a write redirected into it finds its parent directories there.
        Files.createDirectory(outside.resolve("deep"));
        AtomicInteger swaps = new AtomicInteger();
        for (int round = 0; round < 2; round++) {
            Path out = Files.createDirectory(tmp.resolve("out" + round));
            AtomicBoolean stop = new AtomicBoolean();
            Thread attacker = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    for (String d : List.of("docs", "docs/deep", "more")) {
                        Path victim = out.resolve(d);
                        try {
                            if (Files.isDirectory(victim, LinkOption.NOFOLLOW_LINKS)) {
                                Files.move(victim, out.resolve(".moved-" + n++));
                                Files.createSymbolicLink(victim, outside);
                                swaps.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // lost a race with the extractor: try again
                        }
                    }
                }
            });
            attacker.start();
            try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
                new Extractor(r, ExtractOptions.defaults().withDurable(false)).extract(out, List.of());
            } catch (VaultException e) {
                // Refusing to go on (a symlink where a directory was) is a correct outcome.
                assertTrue(e.failure() == Failure.PATH_ESCAPE || e.failure() == Failure.CONFLICT || e.failure() == Failure.IO,
                        e.failure() + ": " + e.getMessage());
            } finally {
                stop.set(true);
                attacker.join();
            }
            try (Stream<Path> s = Files.walk(outside)) {
                assertEquals(List.of(), s.filter(p -> !Files.isDirectory(p)).toList(), "files were written outside the target");
            }
        }
        assertTrue(swaps.get() > 0, "the attacker never got to swap a directory");
    }
}
