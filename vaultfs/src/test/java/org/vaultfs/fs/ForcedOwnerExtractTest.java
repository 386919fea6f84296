package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.SealedTrees;

/**
 * Extraction skips the chown and chmod a file's creation already did, but only where creation
 * gives what was asked. A filesystem that shows every file under one owner and refuses chown
 * and chmod (bindfs --force-user --chown-deny --chmod-deny here; a FAT mount or an NFS export
 * squashing root behave alike) must still get the chown, so that its refusal is reported
 * rather than the files silently keeping the forced owner.
 */
class ForcedOwnerExtractTest {
    static final byte[] PW = "forced owner password".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private static boolean run(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false; // not installed
        }
    }

    @Test
    void aRefusedOwnerIsReportedWhereCreationForcesAnother() throws Exception {
        Assumptions.assumeTrue(DirectoryFds.isRoot(), "owners are restored only as root");
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] content = "root's own file\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(src.resolve("owned.txt"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path v = SealedTrees.seal(src, tmp.resolve("v.av3"), PW);
        Path backing = Files.createDirectories(tmp.resolve("backing"));
        Path forced = Files.createDirectories(tmp.resolve("forced"));
        Assumptions.assumeTrue(run("bindfs", "--force-user=1234", "--force-group=1234", "--chown-deny", "--chmod-deny",
                backing.toString(), forced.toString()), "bindfs (FUSE) is not available");
        try {
            ExtractResult r;
            try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
                r = vault.extract(forced.resolve("out"), List.of(), ExtractOptions.defaults().withPreservePermissions(true));
            }
            assertArrayEquals(content, Files.readAllBytes(forced.resolve("out/owned.txt")));
            assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("cannot set the owner of ")),
                    "the refused chown is reported: " + r.warnings());
        } finally {
            run("fusermount", "-u", forced.toString());
        }
    }
}
