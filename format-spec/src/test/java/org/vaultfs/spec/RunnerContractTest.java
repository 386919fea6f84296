package org.vaultfs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;

/**
 * Pins the pieces of run-conformance.sh that are not the implementation under test: the
 * vaultfs exit-code map must say what {@link Failure} says, and the runner's self-contained
 * TreeDigest.java (its own BLAKE3) must agree with {@link TreeDigest} (Bouncy Castle's).
 */
class RunnerContractTest {
    static final String[] SPEC_NAMES = {"wrong-password", "not-a-vault", "truncated", "bounds", "malformed", "header-mac",
        "manifest-auth", "block-auth", "decompression-bomb", "unsupported-version", "unsupported-algorithm",
        "critical-extension", "reserved-bytes", "path-escape"};

    @Test
    void vaultfsExitCodeMapMatchesFailureEnum() throws Exception {
        Map<String, Integer> fromFile = new TreeMap<>();
        for (String line : Files.readAllLines(VectorGenerator.repoRoot().resolve("format-spec/conformance/vaultfs-exit-codes.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            for (String n : parts[1].split(",")) {
                fromFile.put(n, Integer.parseInt(parts[0]));
            }
        }
        Map<String, Integer> fromEnum = new TreeMap<>();
        for (String n : SPEC_NAMES) {
            for (Failure f : Failure.values()) {
                if (f.id().equals(n)) {
                    fromEnum.put(n, f.exitCode());
                }
            }
        }
        assertEquals(SPEC_NAMES.length, fromEnum.size(), "every SPEC 15.3 name is a Failure");
        assertEquals(fromEnum, fromFile);
    }

    @Test
    void runnerTreeDigestAgreesWithBouncyCastle(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("tree");
        Files.createDirectories(t.resolve("d\u00e9j\u00e0/empty"));
        // Sizes around BLAKE3's block (64) and chunk (1024) edges, and several tree levels.
        int[] sizes = {0, 1, 64, 65, 1023, 1024, 1025, 2048, 2049, 3073, 5121, 8193, 65536, 1 << 20, (1 << 20) + 4097};
        for (int n : sizes) {
            Files.write(t.resolve(n % 2 == 0 ? "f" + n : "d\u00e9j\u00e0/f" + n), Primitives.prng("runner " + n, n));
        }
        Path helper = VectorGenerator.repoRoot().resolve("format-spec/conformance/TreeDigest.java");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), helper.toString(),
                t.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(TreeDigest.of(t), out);
    }
}
