package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vault seal --format v2: an AEROVAULT2 vault every read command then serves. */
class SealV2CommandTest {
    @TempDir
    Path tmp;

    @Test
    void sealsAnAerovault2VaultWithTheCascadeAndAChunkSizeAndReadsItBack() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/docs"));
        byte[] big = new byte[200_003];
        new java.util.Random(9).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("note.txt"), "note\n");
        Path v = tmp.resolve("v2.aerovault");
        Cli cli = new Cli().password("seal v2 password");
        Cli.Result seal = cli.run("seal", tmp.resolve("src").toString(), "-o", v.toString(), "--format", "v2", "--cascade",
                "--chunk-size", "5000");
        assertEquals(0, seal.exit(), seal::toString);
        assertTrue(seal.stderr().contains("AEROVAULT2"), seal::toString);
        Cli.Result info = new Cli().run("info", v.toString());
        assertTrue(info.stdout().contains("AEROVAULT2") && info.stdout().contains("cascade") && info.stdout().contains("4.88 KiB"),
                info::toString);
        assertEquals(0, cli.run("verify", v.toString()).exit());
        assertArrayEquals(big, cli.run("cat", v.toString(), "docs/big.bin").stdoutBytes());
        Path out = tmp.resolve("out");
        assertEquals(0, cli.run("extract", v.toString(), "-o", out.toString()).exit());
        assertArrayEquals(big, Files.readAllBytes(out.resolve("docs/big.bin")));
        assertEquals("note\n", Files.readString(out.resolve("docs/note.txt")));

        Path fresh = Files.writeString(tmp.resolve("new-pw"), "another v2 password\n");
        Cli.Result passwd = cli.run("passwd", v.toString(), "--new-password-file", fresh.toString());
        assertEquals(0, passwd.exit(), passwd::toString);
        assertEquals(3, cli.run("ls", v.toString()).exit(), "the old password no longer opens it");
        assertEquals(0, new Cli().password("another v2 password").run("verify", v.toString()).exit());
    }

    @Test
    void optionsThatDoNotFitTheFormatAreUsageErrors() {
        Cli cli = new Cli().password("seal v2 password");
        String src = tmp.toString();
        assertEquals(2, cli.run("seal", src, "-o", tmp.resolve("a").toString(), "--cascade").exit());
        assertEquals(2, cli.run("seal", src, "-o", tmp.resolve("b").toString(), "--format", "v2", "--ec", "low").exit());
        assertEquals(2, cli.run("seal", src, "-o", tmp.resolve("c").toString(), "--format", "v2", "--chunk-size", "1000").exit());
        assertEquals(2, cli.run("seal", src, "-o", tmp.resolve("d").toString(), "--format", "v7").exit());
    }
}
