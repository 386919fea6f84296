package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seal --ec, scrub, repair, parity export/strip and correct gen/verify/repair through the CLI. */
class EcCommandsTest {
    static final String PW = "test password 1";

    @TempDir
    Path tmp;

    static void flip(Path f, int pos) throws Exception {
        byte[] b = Files.readAllBytes(f);
        b[pos] ^= 1;
        Files.write(f, b);
    }

    @Test
    void sealScrubRepairAndParityCommands() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        byte[] big = new byte[1_500_000];
        new Random(1).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Path v = tmp.resolve("v.av3");
        Cli cli = new Cli().password(PW);
        Cli.Result seal = cli.run("seal", src.toString(), "-o", v.toString(), "--ec", "medium", "--ec-placement", "both");
        assertEquals(0, seal.exit(), seal::toString);
        assertTrue(Files.exists(tmp.resolve("v.av3.aerocorrect")));
        byte[] original = Files.readAllBytes(v);
        assertEquals(0, cli.run("scrub", v.toString()).exit());
        flip(v, 5000);
        Cli.Result scrub = cli.run("scrub", v.toString(), "--json");
        assertEquals(12, scrub.exit(), scrub::toString);
        assertTrue(scrub.stdout().contains("\"state\":\"repairable\""), scrub::toString);
        assertEquals(0, cli.run("repair", v.toString(), "--dry-run").exit());
        Cli.Result repair = cli.run("repair", v.toString());
        assertEquals(0, repair.exit(), repair::toString);
        assertArrayEquals(original, Files.readAllBytes(v));
        Cli.Result strip = cli.run("parity", "strip", v.toString());
        assertEquals(0, strip.exit(), strip::toString);
        assertEquals(0, cli.run("scrub", v.toString()).exit());
        Files.delete(tmp.resolve("v.av3.aerocorrect"));
        assertEquals(0, cli.run("parity", "export", v.toString()).exit());
        assertTrue(Files.exists(tmp.resolve("v.av3.aerocorrect")));
        for (int i = 0; i < 3; i++) {
            flip(v, 1024 + 100 + i * 120_000);
        }
        byte[] damaged = Files.readAllBytes(v);
        assertEquals(13, cli.run("scrub", v.toString()).exit());
        assertEquals(13, cli.run("repair", v.toString()).exit());
        assertArrayEquals(damaged, Files.readAllBytes(v));
    }

    @Test
    void correctGenVerifyRepair() throws Exception {
        Path f = tmp.resolve("payload.bin");
        byte[] data = new byte[200_000];
        new Random(2).nextBytes(data);
        Files.write(f, data);
        Cli cli = new Cli();
        Cli.Result gen = cli.run("correct", "gen", f.toString(), "--ec", "high");
        assertEquals(0, gen.exit(), gen::toString);
        assertEquals(0, cli.run("correct", "verify", f.toString()).exit());
        flip(f, 77);
        assertEquals(12, cli.run("correct", "verify", f.toString()).exit());
        assertEquals(0, cli.run("correct", "repair", f.toString()).exit());
        assertArrayEquals(data, Files.readAllBytes(f));
        assertEquals(2, cli.run("correct", "gen", f.toString(), "--ec", "lots").exit());
    }
}
