package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void extractRepairsFromParityAndSalvageListsExactlyTheLostFiles() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        byte[] big = new byte[1_500_000];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "small and intact");
        Path v = tmp.resolve("v.av3");
        Cli cli = new Cli().password(PW);
        assertEquals(0, cli.run("seal", src.toString(), "-o", v.toString(), "--ec", "medium").exit());
        flip(v, 1024 + 5000);
        byte[] damaged = Files.readAllBytes(v);

        Cli.Result ok = cli.run("extract", v.toString(), "-o", tmp.resolve("out1").toString());
        assertEquals(0, ok.exit(), ok::toString);
        assertArrayEquals(big, Files.readAllBytes(tmp.resolve("out1/big.bin")));
        assertEquals("small and intact", Files.readString(tmp.resolve("out1/small.txt")));
        assertEquals(1, ok.errLines().stream().filter(l -> l.equals("vault: \"big.bin\" (block 0): repaired from parity")).count(),
                ok::toString);
        assertArrayEquals(damaged, Files.readAllBytes(v), "extract never writes the vault");
        Cli.Result cat = cli.run("cat", v.toString(), "big.bin");
        assertEquals(0, cat.exit(), cat::toString);
        assertArrayEquals(big, cat.stdoutBytes(), "cat serves the repaired block");
        assertTrue(cat.errLines().contains("vault: \"big.bin\" (block 0): repaired from parity"), cat::toString);

        // Three more shards of the same parity group (K=13, P=2, S about 115 KB): beyond the parity.
        for (int i = 1; i <= 3; i++) {
            flip(v, 1024 + 100 + i * 120_000);
        }
        Cli.Result fail = cli.run("extract", v.toString(), "-o", tmp.resolve("out2").toString());
        assertEquals(5, fail.exit(), fail::toString);
        Cli.Result catFail = cli.run("cat", v.toString(), "big.bin");
        assertEquals(5, catFail.exit(), catFail::toString);
        assertTrue(catFail.stderr().contains("cannot be repaired from parity"), catFail::toString);
        Cli.Result salvage = cli.run("extract", v.toString(), "-o", tmp.resolve("out3").toString(), "--salvage");
        assertEquals(5, salvage.exit(), salvage::toString);
        assertEquals(java.util.List.of("big.bin"), salvage.errLines().stream()
                .filter(l -> l.startsWith("vault: damaged, not extracted: "))
                .map(l -> l.substring("vault: damaged, not extracted: ".length(), l.indexOf(':', 31)).replace("\"", ""))
                .toList(), salvage::toString);
        assertTrue(salvage.stderr().contains("cannot be repaired from parity"), salvage::toString);
        assertTrue(salvage.stderr().contains("1 damaged file skipped"), salvage::toString);
        assertEquals("small and intact", Files.readString(tmp.resolve("out3/small.txt")));
        assertTrue(!Files.exists(tmp.resolve("out3/big.bin")));
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

    @Test
    void parityIsNeverReplacedSilentlyAndLevelsAreChecked() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src2"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Cli cli = new Cli().password("ec commands password");
        Path v = tmp.resolve("g.av3");
        Cli.Result tooMuch = new Cli().run("seal", src.toString(), "-o", v.toString(), "--ec", "80");
        assertEquals(2, tooMuch.exit(), tooMuch::toString);
        assertTrue(tooMuch.stderr().contains("outside 5-50"), "refused before any password is asked: " + tooMuch.stderr());
        assertEquals(2, cli.run("seal", src.toString(), "-o", v.toString(), "--ec", "4%").exit());
        Cli.Result none = cli.run("seal", src.toString(), "-o", v.toString(), "--ec", "none", "--ec-placement", "both");
        assertEquals(0, none.exit(), none::toString);
        assertFalse(Files.exists(tmp.resolve("g.av3.aerocorrect")), "--ec none writes no parity");
        assertTrue(cli.run("scrub", v.toString()).stderr().contains("parity none"));

        assertEquals(0, cli.run("parity", "export", v.toString()).exit());
        byte[] sidecar = Files.readAllBytes(tmp.resolve("g.av3.aerocorrect"));
        Cli.Result again = cli.run("parity", "export", v.toString());
        assertEquals(11, again.exit(), again::toString);
        assertTrue(again.stderr().contains("--force"), again.stderr());
        assertArrayEquals(sidecar, Files.readAllBytes(tmp.resolve("g.av3.aerocorrect")));
        assertEquals(0, cli.run("parity", "export", v.toString(), "--force").exit());

        // A vault's sidecar is not a plain file's, and the reader says which command fits.
        Cli.Result wrongKind = cli.run("correct", "verify", v.toString());
        assertEquals(2, wrongKind.exit(), wrongKind::toString);
        assertTrue(wrongKind.stderr().contains("vault scrub"), wrongKind.stderr());

        Path f = Files.write(tmp.resolve("plain.bin"), new byte[5000]);
        assertEquals(0, cli.run("correct", "gen", f.toString()).exit());
        Cli.Result gen = cli.run("correct", "gen", f.toString(), "--ec", "high");
        assertEquals(11, gen.exit(), gen::toString);
        assertEquals(0, cli.run("correct", "gen", f.toString(), "--ec", "high", "--force").exit());
        assertEquals(2, cli.run("correct", "gen", f.toString(), "--ec", "none", "--force").exit());

        Files.delete(tmp.resolve("g.av3.aerocorrect"));
        assertEquals(0, cli.run("correct", "gen", v.toString()).exit());
        Cli.Result plainBeside = cli.run("scrub", v.toString());
        assertTrue(plainBeside.stderr().contains("plain file's sidecar") && plainBeside.stderr().contains("vault correct verify"),
                plainBeside.stderr());
    }

    @Test
    void damageIsNamedByFileWithTheCommandThatHelps() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src3"));
        byte[] big = new byte[900_000];
        new Random(8).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Cli cli = new Cli().password("ec commands password");
        Path plain = tmp.resolve("plain.av3");
        assertEquals(0, cli.run("seal", src.toString(), "-o", plain.toString()).exit());
        assertTrue(cli.run("info", plain.toString()).stdout().contains("parity:         none"));
        flip(plain, 1024 + 1); // the first record's length prefix: outside every MAC, so damage
        for (String[] args : new String[][] {{"cat", plain.toString(), "big.bin"},
                {"extract", plain.toString(), "-o", tmp.resolve("out-plain").toString()}}) {
            Cli.Result r = cli.run(args);
            assertEquals(5, r.exit(), r::toString);
            assertTrue(r.stderr().startsWith("vault: \"big.bin\": ") && r.stderr().contains("--salvage"), r.stderr());
        }
        Cli.Result verify = cli.run("verify", plain.toString());
        assertEquals(5, verify.exit());
        assertTrue(verify.stderr().contains("no parity") && verify.stderr().contains("--salvage"), verify.stderr());

        Path v4 = tmp.resolve("v4.av3");
        assertEquals(0, cli.run("seal", src.toString(), "-o", v4.toString(), "--ec", "high", "--ec-placement", "both").exit());
        Cli.Result info = cli.run("info", v4.toString());
        assertTrue(info.stdout().contains("(v4: with Reed-Solomon parity)"), info.stdout());
        assertTrue(info.stdout().contains("embedded and detached (VAULT.aerocorrect), 30% (K=7, P=2)"), info.stdout());
        assertTrue(cli.run("info", v4.toString(), "--json").stdout().contains("\"placement\":\"both\""));
        flip(v4, 1024 + 3000);
        Cli.Result v = cli.run("verify", v4.toString());
        assertEquals(5, v.exit());
        assertTrue(v.stderr().contains("'vault repair' rebuilds it"), v.stderr());
        assertEquals(12, cli.run("scrub", v4.toString()).exit());
        assertEquals(0, cli.run("repair", v4.toString()).exit());
        assertEquals(0, cli.run("verify", v4.toString()).exit());
    }
}
