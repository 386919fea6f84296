package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/** The pre-walk sizes a progress bar only when one is drawn; a missing source fails either way. */
class SourceScanTest {
    @TempDir
    Path tmp;

    static CliEnv env(boolean terminal, boolean quiet) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CliEnv e = new CliEnv(nowhere, nowhere, Map.of(), null, terminal, CachingKdf.INSTANCE);
        return quiet ? e.quietly() : e;
    }

    @Test
    void walksOnlyWhenABarIsDrawn() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        Files.write(src.resolve("a"), new byte[1000]);
        Files.write(src.resolve("b"), new byte[234]);
        List<Path> roots = List.of(tmp.resolve("src"));
        SourceScan drawn = SourceScan.forProgress(env(true, false), roots);
        assertEquals(2, drawn.files());
        assertEquals(1234, drawn.bytes());
        assertEquals(0, SourceScan.forProgress(env(false, false), roots).bytes(), "no terminal: no walk");
        assertEquals(0, SourceScan.forProgress(env(true, true), roots).bytes(), "--quiet: no walk");
    }

    @Test
    void aMissingSourceFailsWithOrWithoutTheWalk() {
        List<Path> missing = List.of(tmp.resolve("nope"));
        for (CliEnv e : List.of(env(true, false), env(false, false))) {
            VaultException x = assertThrows(VaultException.class, () -> SourceScan.forProgress(e, missing));
            assertEquals(Failure.NOT_FOUND, x.failure());
        }
    }
}
