package org.vaultfs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

/**
 * Runs every vector of testdata/vectors against vaultfs, one dynamic test per file: a vault
 * vector is opened with {@link Vault} and extracted into an empty directory, then either
 * the tree digest of testdata/vectors/README.md (computed with Bouncy Castle's BLAKE3) must equal the
 * vector's, or the failure name must equal {@code expected} and nothing may have been written.
 * Primitive vectors are checked record by record in {@link PrimitiveChecks} against vaultfs and
 * against an implementation that shares no code with it.
 *
 * <p>Other implementations run the same vault vectors through format-spec/run-conformance.sh.
 */
class ConformanceSuiteTest {

    static List<Path> vectors(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(VectorGenerator.vectorDir())) {
            List<Path> l = new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".txt")).sorted().toList());
            // The suite must never pass by running nothing.
            assertTrue(l.size() >= 10, "expected the committed " + prefix + "* vectors, found " + l.size());
            return l;
        }
    }

    @TestFactory
    Stream<DynamicTest> vaultVectors() throws IOException {
        return vectors("vault-").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> runVault(p)));
    }

    @TestFactory
    Stream<DynamicTest> primitiveVectors() throws IOException {
        return vectors("prim-").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> PrimitiveChecks.check(VectorFile.parse(p.getFileName().toString(), Files.readAllBytes(p)))));
    }

    /** The vault bytes of a vector: its payload, or the referenced file (testdata/vectors/README.md payload-file). */
    static byte[] payload(VectorFile f) throws IOException {
        String ref = f.get("payload-file");
        if (ref == null) {
            assertNotNull(f.payload, f.name + ": no payload");
            return f.payload;
        }
        Path file = VectorGenerator.repoRoot().resolve(ref).normalize();
        if (!Files.isRegularFile(file)) {
            // Worktrees sit one level deeper than the checkout; Fixtures knows where shared/ is.
            Path d = Fixtures.dir();
            file = d == null ? null : d.resolve(Path.of(ref).getFileName());
        }
        if (file == null || !Files.isRegularFile(file)) {
            Fixtures.absent(f.name + ": " + ref);
        }
        byte[] b = Files.readAllBytes(file);
        assertEquals(f.get("payload-sha256"), Hex.of(VaultVectors.sha256(b)), f.name + ": referenced file has another SHA-256");
        return b;
    }

    static void runVault(Path vectorPath) throws IOException {
        VectorFile f = VectorFile.parse(vectorPath.getFileName().toString(), Files.readAllBytes(vectorPath));
        byte[] vault = payload(f);
        Path tmp = Files.createTempDirectory("conformance");
        try {
            Path file = tmp.resolve("vault.av3");
            Files.write(file, vault);
            Path out = tmp.resolve("out");
            Files.createDirectories(out);
            String pw = f.get("password");
            byte[] password = pw == null ? new byte[0] : pw.getBytes(StandardCharsets.UTF_8);
            String expected = f.get("expected");
            String failure = null;
            // Through the library's entry point, which detects the lineage (AEROVAULT3 or AEROVAULT2).
            try (Vault v = Vault.open(file, password, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE).withRepairFromParity(false))) {
                v.extract(out, List.of(), ExtractOptions.defaults());
                if (f.get("metadata-nodes") != null) {
                    // vaultfs's own reading of SPEC 20: the records applied, or the payload ignored whole.
                    assertEquals(Integer.parseInt(f.get("metadata-nodes")), v.metadata().size(), f.name + ": metadata nodes");
                }
            } catch (VaultException e) {
                failure = e.failure().id();
                if (!expected.equals(failure)) {
                    throw new AssertionError(f.name + ": expected " + expected + ", got " + failure + ": " + e.getMessage(), e);
                }
            }
            if (expected.equals("success")) {
                assertEquals(f.get("tree-digest"), TreeDigest.of(out), f.name + ": extracted tree differs");
            } else {
                if (failure == null) {
                    fail(f.name + ": expected " + expected + " but the vault extracted");
                }
                try (Stream<Path> s = Files.list(out)) {
                    assertEquals(List.of(), s.toList(), f.name + ": a refused vault left files behind");
                }
            }
        } finally {
            VectorGenerator.deleteTree(tmp);
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
