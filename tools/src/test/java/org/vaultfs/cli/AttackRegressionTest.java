package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VaultForge;

/** The smaller holes of issue 11, each attacked through the real CLI on real files. */
class AttackRegressionTest {
    static final String PW = "attack test password";

    @TempDir
    Path tmp;
    Path src;
    Path vault;

    @BeforeEach
    void seal() throws IOException {
        src = Files.createDirectories(tmp.resolve("src/docs"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        byte[] big = new byte[3_000_000];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        src = src.getParent();
        vault = tmp.resolve("v.aerovault");
        Cli.Result r = vault("seal", src.toString(), "-o", vault.toString());
        assertEquals(0, r.exit(), r::toString);
    }

    Cli.Result vault(String... args) {
        return new Cli().password(PW).run(args);
    }

    @Test
    void aStaleSidecarIsReportedByTheNextCommandAndNeverRollsTheEditBack() throws IOException {
        Path v = tmp.resolve("ec.aerovault");
        assertEquals(0, vault("seal", src.toString(), "-o", v.toString(), "--ec", "medium", "--ec-placement", "both").exit());
        Path sc = tmp.resolve("ec.aerovault.aerocorrect");
        byte[] oldSidecar = Files.readAllBytes(sc);
        Path extra = Files.writeString(tmp.resolve("added.txt"), "added after the seal\n");
        assertEquals(0, vault("add", v.toString(), extra.toString()).exit());
        Files.write(sc, oldSidecar); // what a kill -9 between the vault's rename and the sidecar's leaves
        byte[] authentic = Files.readAllBytes(v);

        Cli.Result verify = vault("verify", v.toString());
        assertEquals(0, verify.exit(), verify::toString);
        assertTrue(verify.stderr().contains("is stale") && verify.stderr().contains("vault repair"), verify.stderr());
        Cli.Result scrub = vault("scrub", v.toString());
        assertEquals(12, scrub.exit(), scrub::toString);
        assertTrue(scrub.stderr().contains("is stale"), scrub.stderr());
        assertFalse(scrub.stderr().contains("header damaged"), scrub.stderr());
        Cli.Result repair = vault("repair", v.toString());
        assertEquals(0, repair.exit(), repair::toString);
        assertArrayEquals(authentic, Files.readAllBytes(v), "the authentic vault is not rewritten");
        assertTrue(vault("ls", v.toString()).stdout().contains("added.txt"), "the added file survives");
        assertEquals(0, vault("scrub", v.toString()).exit());
        assertFalse(vault("verify", v.toString()).stderr().contains("stale"));
    }

    @Test
    void editsThroughASymlinkChangeTheRealVaultAndShareItsLock() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path target = Files.move(vault, real.resolve("v.aerovault"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.aerovault"), target);
        Path extra = Files.writeString(tmp.resolve("extra.txt"), "extra\n");
        Cli.Result add = vault("add", link.toString(), extra.toString());
        assertEquals(0, add.exit(), add::toString);
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertTrue(vault("ls", target.toString()).stdout().contains("extra.txt"), "the real vault got the file");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList());
        }
        try (Stream<Path> s = Files.list(real)) {
            assertEquals(List.of("v.aerovault"), s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList());
        }
    }

    @Test
    void aWriterThroughALinkAndOneThroughTheRealNameExcludeEachOther() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link.aerovault"), vault);
        Path extra = Files.writeString(tmp.resolve("extra.txt"), "extra\n");
        try (org.vaultfs.container.VaultEditor held = org.vaultfs.container.VaultEditor.open(vault,
                PW.getBytes(StandardCharsets.UTF_8), org.vaultfs.container.EditOptions.defaults().withKdf(org.vaultfs.testing.CachingKdf.INSTANCE))) {
            Cli.Result viaLink = vault("add", link.toString(), extra.toString());
            assertEquals(8, viaLink.exit(), viaLink::toString);
        }
        try (org.vaultfs.container.VaultEditor held = org.vaultfs.container.VaultEditor.open(link,
                PW.getBytes(StandardCharsets.UTF_8), org.vaultfs.container.EditOptions.defaults().withKdf(org.vaultfs.testing.CachingKdf.INSTANCE))) {
            Cli.Result viaName = vault("add", vault.toString(), extra.toString());
            assertEquals(8, viaName.exit(), viaName::toString);
        }
    }

    @Test
    void anEditKeepsTheVaultsModeAndGroup() throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(vault, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        GroupPrincipal other = vault.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon");
        try {
            v.setGroup(other);
        } catch (IOException e) {
            other = v.readAttributes().group(); // not root and not in that group: the mode alone is checked
        }
        Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, vault("mkdir", vault.toString(), "newdir").exit());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(vault)));
        assertEquals(other, v.readAttributes().group());
    }

    @Test
    void aVaultInsideItsSourceNeverStoresItsOwnFiles() throws IOException {
        Path in = src.resolve("v2.aerovault");
        Cli.Result seal = vault("seal", src.toString(), "-o", in.toString());
        assertEquals(0, seal.exit(), seal::toString);
        Cli.Result add = vault("add", in.toString(), src.toString());
        assertEquals(0, add.exit(), add::toString);
        String ls = vault("ls", in.toString()).stdout();
        assertFalse(ls.contains("v2.aerovault"), ls);
        assertFalse(ls.contains(".lock"), ls);
        assertFalse(ls.contains(".tmp-"), ls);
    }

    @Test
    void aKilledSealsTempFileIsRemovedByTheNextSeal() throws IOException {
        Path out = tmp.resolve("new.aerovault");
        Path leftover = Files.write(tmp.resolve(".new.aerovault.tmp-0123456789ab"), new byte[1000]);
        Path sidecarLeftover = Files.write(tmp.resolve(".new.aerovault.aerocorrect.tmp-0123456789ab"), new byte[10]);
        assertEquals(0, vault("seal", src.toString(), "-o", out.toString()).exit());
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(sidecarLeftover));
    }

    @Test
    void movingAnEntryOntoItselfIsRefused() {
        Cli.Result r = vault("mv", vault.toString(), "docs", "docs");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.stderr().contains("onto itself"), r.stderr());
    }

    @Test
    void strippingParityFromAVaultWithoutItSaysSo() {
        Cli.Result r = vault("parity", "strip", vault.toString());
        assertEquals(10, r.exit(), r::toString);
        assertTrue(r.stderr().contains("no embedded parity"), r.stderr());
    }

    @Test
    void correctRefusesNonRegularFiles() {
        Cli.Result r = vault("correct", "gen", "/dev/zero");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.stderr().contains("not a regular file"), r.stderr());
        assertFalse(Files.exists(Path.of("/dev/zero.aerocorrect")));
    }

    @Test
    void aHugePasswordFileIsRefusedWithoutReadingIt() throws IOException {
        Cli.Result zero = new Cli().run("ls", vault.toString(), "--password-file", "/dev/zero");
        assertEquals(2, zero.exit(), zero::toString);
        assertTrue(zero.stderr().contains("longer than"), zero.stderr());
        byte[] line = new byte[300_000];
        java.util.Arrays.fill(line, (byte) 'x');
        Path huge = Files.write(tmp.resolve("huge.pw"), line);
        Cli.Result r = new Cli().run("ls", vault.toString(), "--password-file", huge.toString());
        assertEquals(2, r.exit(), r::toString);
        Path ok = Files.writeString(tmp.resolve("ok.pw"), PW + "\r\nsecond line ignored\n");
        assertEquals(0, new Cli().run("ls", vault.toString(), "--password-file", ok.toString()).exit());
    }

    @Test
    void catStopsAtTheFirstWriteToAClosedPipe() throws Exception {
        // One entry listing the big file's chunks 200,000 times over: terabytes that dedup to 3 MB.
        VaultForge f = VaultForge.load(vault, PW.getBytes(StandardCharsets.UTF_8)).editManifest(m -> {
            Entry big = m.entries.stream().filter(e -> e.path().equals("docs/big.bin")).findFirst().orElseThrow();
            List<String> chunks = new ArrayList<>(Collections.nCopies(200_000, big.chunks().get(0)));
            long size = 0;
            for (String id : chunks) {
                size += m.chunks.get(id).plaintextLen();
            }
            m.entries.add(new Entry("huge.bin", size, big.modified(), false, chunks, null));
            m.sortEntries();
        });
        Path forged = f.writeTo(tmp.resolve("huge.aerovault"));
        Path pw = Files.writeString(tmp.resolve("pw"), PW + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "\"$0\" -cp \"$1\" " + VaultMain.class.getName() + " cat \"$2\" huge.bin --password-file \"$3\" | head -c 1 >/dev/null;"
                        + " echo \"${PIPESTATUS[0]}\"",
                java, MountCommandTest.testClassPath(), forged.toString(), pw.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out;
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "vault cat kept decoding after its reader went away");
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertEquals("141", out, "quiet, with the status of a process killed by SIGPIPE");
    }
}
