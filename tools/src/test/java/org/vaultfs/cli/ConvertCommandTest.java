package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.testing.Fixtures;

/** vault convert: AEROVAULT2 fixtures to AEROVAULT3, and an AEROVAULT3 vault re-packed with parity. */
class ConvertCommandTest {
    static final String PW = "aerovault2-fixture-pw";

    @TempDir
    Path tmp;

    private static Path fixtures() {
        Path d = Fixtures.dir();
        Path v2 = d == null ? null : d.resolveSibling("aerovault2");
        if (v2 == null || !Files.isDirectory(v2)) {
            Fixtures.absent("AEROVAULT2 fixtures");
        }
        return v2;
    }

    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.toList()) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                m.put(rel, Files.isDirectory(p) ? "dir"
                        : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }

    @Test
    void everyAerovault2FixtureConvertsToAnAerovault3VaultWithTheSameTreeAndTimes() throws Exception {
        Cli cli = new Cli().password(PW);
        for (String name : new String[] {"v2-default.aerovault", "v2-cascade.aerovault", "v2-legacy-aad.aerovault", "v2-16k-chunks.aerovault"}) {
            Path in = fixtures().resolve(name);
            Path out = tmp.resolve(name + ".v3");
            Cli.Result r = cli.run("convert", in.toString(), "-o", out.toString(), "--profile", "fast");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.stderr().contains("converted 5 files"), r::toString);
            Cli.Result info = new Cli().run("info", out.toString());
            assertTrue(info.stdout().contains("AEROVAULT3"), info::toString);
            assertEquals(0, cli.run("verify", out.toString()).exit());
            Path x1 = tmp.resolve(name + ".from-v2");
            Path x2 = tmp.resolve(name + ".from-v3");
            assertEquals(0, cli.run("extract", in.toString(), "-o", x1.toString()).exit());
            assertEquals(0, cli.run("extract", out.toString(), "-o", x2.toString()).exit());
            assertEquals(tree(x1), tree(x2), name);
            Cli.Result ls = cli.run("ls", "-l", out.toString());
            assertTrue(ls.stdout().contains("2026-01-15T10:20:30Z  empty dir/"), ls::toString);
            assertFalse(ls.stdout().contains("2026-12"), "every time kept from the source: " + ls.stdout());
        }
    }

    @Test
    void anAerovault3VaultIsRepackedWithParityAndTheInputIsLeftAlone() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        byte[] big = new byte[3 << 20];
        new java.util.Random(5).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "small\n");
        Path v = tmp.resolve("v.aerovault");
        Cli cli = new Cli().password("convert test password");
        assertEquals(0, cli.run("seal", tmp.resolve("src").toString(), "-o", v.toString(), "--profile", "fast").exit());
        byte[] before = Files.readAllBytes(v);
        Path out = tmp.resolve("v4.aerovault");
        Cli.Result r = cli.run("convert", v.toString(), "-o", out.toString(), "--profile", "archive", "--ec", "medium");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(new Cli().run("info", out.toString()).stdout().contains("v4"));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(v)), "the input vault changed");
        Path x = tmp.resolve("x");
        assertEquals(0, cli.run("extract", out.toString(), "-o", x.toString()).exit());
        assertEquals(tree(tmp.resolve("src")), tree(x));
    }

    @Test
    void anAerovault3VaultConvertsToAerovault2AndBack() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src3/d"));
        byte[] big = new byte[150_001];
        new java.util.Random(6).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.createDirectories(tmp.resolve("src3/empty"));
        Cli cli = new Cli().password("convert test password");
        Path v3 = tmp.resolve("a.v3");
        assertEquals(0, cli.run("seal", tmp.resolve("src3").toString(), "-o", v3.toString()).exit());
        Path v2 = tmp.resolve("a.v2");
        Cli.Result r = cli.run("convert", v3.toString(), "-o", v2.toString(), "--format", "v2", "--cascade", "--chunk-size", "7000");
        assertEquals(0, r.exit(), r::toString);
        Cli.Result info = new Cli().run("info", v2.toString());
        assertTrue(info.stdout().contains("AEROVAULT2") && info.stdout().contains("cascade"), info::toString);
        Path back = tmp.resolve("a.back.v3");
        assertEquals(0, cli.run("convert", v2.toString(), "-o", back.toString()).exit());
        Path x = tmp.resolve("x3");
        assertEquals(0, cli.run("extract", back.toString(), "-o", x.toString()).exit());
        assertEquals(tree(tmp.resolve("src3")), tree(x));
    }

    @Test
    void refusalsComeBeforeThePasswordAndLeaveNothing() throws IOException {
        Path existing = Files.writeString(tmp.resolve("exists"), "x");
        Cli cli = new Cli();
        Path in = fixtures().resolve("v2-default.aerovault");
        assertEquals(11, cli.run("convert", in.toString(), "-o", existing.toString()).exit());
        assertEquals(2, cli.run("convert", in.toString(), "-o", tmp.resolve("o").toString(), "--format", "v2", "--ec", "low").exit());
        assertEquals(2, cli.run("convert", in.toString(), "-o", tmp.resolve("o").toString(), "--cascade").exit());
        assertEquals(2, cli.run("convert", in.toString(), "-o", tmp.resolve("o").toString(), "--format", "v9").exit());
        assertEquals(3, new Cli().password("not the password").run("convert", in.toString(), "-o", tmp.resolve("o").toString()).exit());
        assertEquals(new TreeSet<>(java.util.List.of("exists")), new TreeSet<>(Files.list(tmp).map(p -> p.getFileName().toString()).toList()));
    }
}
