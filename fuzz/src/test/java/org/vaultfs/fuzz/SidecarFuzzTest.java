package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.SidecarDirectory;
import org.vaultfs.ecc.SidecarReader;
import org.vaultfs.ecc.StandaloneCorrector;
import org.vaultfs.error.VaultException;

/**
 * A {@code .aerocorrect} sidecar (SPEC §14) from the fuzzer, protecting a small payload file
 * in a temporary directory. Input: byte 0 picks the payload ({@link EccFixtures}), bytes 1..4
 * damage it, the rest is the sidecar. Runs {@code SidecarReader.open} (triplicated locator:
 * majority segment count, checksummed copies, byte-majority vote), opens every segment's AVEC
 * payload, then {@code StandaloneCorrector.verify} and {@code repair}.
 *
 * <p>Oracles beyond the invariant: nothing appears, disappears or changes outside the payload
 * file (sibling {@code outside/keep}, the sidecar itself, no temporary file left behind);
 * repair changes the payload only to bytes whose SHA-256 is the sidecar's content hash, and a
 * refused repair leaves it byte for byte; a CLEAN verify means the file hashes to the
 * sidecar's hash. When the input is a genuine sidecar (as {@code vault correct gen} writes it
 * for that payload at 5, 20 or 50 %) damaged only inside one count slot and one locator copy,
 * the locator must be recovered exactly, and damage within the parity must be repaired.
 */
class SidecarFuzzTest {
    static final int[] PCTS = {5, 20, 50};
    private static final String NAME = "payload.bin";
    private static Path root;
    private static final Map<String, byte[]> GENUINE = new HashMap<>();
    private static final StandaloneCorrector CORRECTOR = new StandaloneCorrector(1);

    @FuzzTest
    @DictionaryEntries({"AEROCORR", "AVEC", "\"\\x02\"", "\"\\x01\\x00\\x00\\x00\""})
    void open(byte[] data) throws IOException {
        int ri = EccFixtures.regionIndex(data);
        byte[] original = EccFixtures.region(ri);
        byte[] damaged = EccFixtures.damaged(original, data);
        int[] span = EccFixtures.damageSpan(data, original.length);
        byte[] sidecarBytes = data.length <= EccFixtures.CONTROL_LEN ? new byte[0]
                : Arrays.copyOfRange(data, EccFixtures.CONTROL_LEN, data.length);
        Path base = root();
        Path work = base.resolve("work");
        FuzzVaults.deleteTree(work);
        Files.createDirectories(work);
        Path file = work.resolve(NAME);
        Path sidecar = StandaloneCorrector.sidecarFor(file);
        Files.write(file, damaged);
        Files.write(sidecar, sidecarBytes);
        TreeMap<String, String> before = Invariants.listing(base, work);
        byte[] genuine = genuineMatch(ri, sidecarBytes);

        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> {
            byte[][] sha = new byte[1][];
            AvecGeometry[] geo = new AvecGeometry[1];
            VaultException openErr = Invariants.refusedOrOk(() -> {
                try (SidecarReader sc = SidecarReader.open(sidecar)) {
                    sha[0] = sc.contentSha256();
                    if (genuine != null) {
                        checkRecovered(sc, genuine);
                        geo[0] = AvecGeometry.parse(sc.segments().get(0).geometry(), 0);
                    }
                    for (int i = 0; i < sc.segments().size(); i++) {
                        int at = i;
                        Invariants.refusedOrOk(() -> sc.payload(at));
                    }
                }
            });
            if (genuine != null && openErr != null) {
                throw new AssertionError("locator damaged in at most one copy and one count slot was not recovered", openErr);
            }
            StandaloneCorrector.Checked[] checked = new StandaloneCorrector.Checked[1];
            VaultException verifyErr = Invariants.refusedOrOk(() -> checked[0] = CORRECTOR.verify(file, sidecar));
            unchanged(file, damaged, "verify");
            if (checked[0] != null && checked[0].status() == StandaloneCorrector.Status.CLEAN
                    && !Arrays.equals(sha256(damaged), sha[0])) {
                throw new AssertionError("verify says CLEAN but the file does not hash to the sidecar's SHA-256");
            }
            boolean repairableDamage = genuine != null && AvecPayloadFuzzTest.withinParity(span, geo[0]);
            if (repairableDamage) {
                StandaloneCorrector.Status want = span[1] > span[0] ? StandaloneCorrector.Status.REPAIRABLE
                        : StandaloneCorrector.Status.CLEAN;
                if (verifyErr != null || checked[0].status() != want) {
                    throw new AssertionError("genuine sidecar: verify of damage " + Arrays.toString(span) + " gave "
                            + (checked[0] == null ? null : checked[0].status()) + ", expected " + want, verifyErr);
                }
            }
            StandaloneCorrector.Repaired[] repaired = new StandaloneCorrector.Repaired[1];
            VaultException repairErr = Invariants.refusedOrOk(() -> repaired[0] = CORRECTOR.repair(file, sidecar));
            byte[] after = read(file);
            if (repairErr != null || !repaired[0].changed()) {
                unchanged(file, damaged, repairErr == null ? "an unchanged repair" : "a refused repair (" + repairErr.getMessage() + ")");
            } else if (!Arrays.equals(sha256(after), sha[0])) {
                throw new AssertionError("repair replaced the file with bytes that do not hash to the sidecar's SHA-256");
            }
            if (checked[0] != null && checked[0].status() == StandaloneCorrector.Status.CLEAN
                    && (repaired[0] == null || repaired[0].changed())) {
                throw new AssertionError("repair of a CLEAN file did not report unchanged", repairErr);
            }
            if (repairableDamage && !Arrays.equals(after, original)) {
                throw new AssertionError("genuine sidecar did not repair damage " + Arrays.toString(span), repairErr);
            }
        });

        if (!Invariants.listing(base, work).equals(before)) {
            throw new AssertionError("something outside the work directory changed: " + Invariants.listing(base, work));
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(work)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        if (!names.equals(List.of(NAME, NAME + ".aerocorrect"))) {
            throw new AssertionError("work directory holds " + names);
        }
        if (!Arrays.equals(read(sidecar), sidecarBytes)) {
            throw new AssertionError("the sidecar was modified");
        }
    }

    private static void checkRecovered(SidecarReader sc, byte[] genuine) throws IOException {
        Path g = root().resolve("genuine.aerocorrect");
        Files.write(g, genuine);
        try (SidecarReader want = SidecarReader.open(g)) {
            if (sc.totalLen() != want.totalLen() || !Arrays.equals(sc.contentSha256(), want.contentSha256())
                    || !sc.bindingConsistent() || sc.segments().size() != want.segments().size()) {
                throw new AssertionError("locator recovered to a different directory");
            }
            for (int i = 0; i < sc.segments().size(); i++) {
                SidecarReader.Segment a = sc.segments().get(i);
                SidecarReader.Segment b = want.segments().get(i);
                if (a.windowOffset() != b.windowOffset() || a.windowLen() != b.windowLen() || a.avecOffset() != b.avecOffset()
                        || a.avecLen() != b.avecLen() || !Arrays.equals(a.geometry(), b.geometry())) {
                    throw new AssertionError("locator segment " + i + " recovered wrong");
                }
            }
        } finally {
            Files.delete(g);
        }
    }

    /**
     * The genuine sidecar for this payload that {@code s} equals except inside at most one
     * segment-count slot and at most one locator copy (directory + checksum), or null.
     */
    private static byte[] genuineMatch(int ri, byte[] s) {
        for (int pct : PCTS) {
            byte[] g = genuine(ri, pct);
            if (g.length != s.length) {
                continue;
            }
            int dirLen = SidecarDirectory.length(1);
            int countSlot = -1;
            int copy = -1;
            boolean ok = true;
            for (int i = 0; i < s.length && ok; i++) {
                if (s[i] == g[i]) {
                    continue;
                }
                if (i >= 9 && i < 21) {
                    int slot = (i - 9) / 4;
                    ok = countSlot < 0 || countSlot == slot;
                    countSlot = slot;
                } else if (i >= 21 && i < 21 + 3 * (dirLen + 32)) {
                    int c = (i - 21) / (dirLen + 32);
                    ok = copy < 0 || copy == c;
                    copy = c;
                } else {
                    ok = false;
                }
            }
            if (ok) {
                return g;
            }
        }
        return null;
    }

    static synchronized byte[] genuine(int ri, int pct) {
        return GENUINE.computeIfAbsent(ri + "/" + pct, key -> generate(ri, pct));
    }

    /** What {@code vault correct gen --pct pct} writes for region {@code ri}. */
    static byte[] generate(int ri, int pct) {
        try {
            Path dir = Files.createTempDirectory("vaultfs-sidecar-gen-");
            try {
                Path f = dir.resolve(NAME);
                Files.write(f, EccFixtures.region(ri));
                Path out = StandaloneCorrector.sidecarFor(f);
                new StandaloneCorrector(1).generate(f, pct, out);
                return Files.readAllBytes(out);
            } finally {
                FuzzVaults.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("vaultfs-sidecar-fuzz-");
            Files.createDirectories(root.resolve("outside"));
            Files.write(root.resolve("outside/keep"), new byte[] {'k', 'e', 'e', 'p'});
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FuzzVaults.deleteTree(r)));
        }
        return root;
    }

    private static void unchanged(Path file, byte[] want, String what) {
        if (!Arrays.equals(read(file), want)) {
            throw new AssertionError(what + " modified the payload file");
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
