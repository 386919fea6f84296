package org.vaultfs.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.VaultForge;

/**
 * Reproducers too large for a fuzz target's seed directory (every input there is also a seed
 * the fuzzer mutates, and a 200 KB one slows each mutation). Run by plain {@code mvn test}.
 */
class FindingsRegressionTest {
    /**
     * A file entry whose path has 100000 segments ("d/d/.../f", 200 KB). Extraction recursed
     * once per segment holding each ancestor's path (OutOfMemoryError at -Xmx512m, else
     * StackOverflowError); the mount's tree did the same. Now extraction stops with an io
     * failure at the OS name-length limit and the mount leaves the entry out.
     */
    @Test
    void hundredThousandSegmentPath() throws IOException {
        VaultForge f = FuzzVaults.richForge();
        String deep = "d/".repeat(100_000) + "f";
        String json = f.manifestJson.replace("\"entries\":[", "\"entries\":[{\"path\":\"" + deep + "\",\"size\":0,"
                + "\"modified\":\"2026-06-17T00:00:00Z\",\"is_dir\":false,\"chunks\":[]},");
        f.storedManifestOverride = f.sealManifest(json.getBytes(StandardCharsets.UTF_8));
        Path work = Files.createDirectories(FuzzVaults.root().resolve("regress-deep"));
        Path vault = f.writeTo(work.resolve("v.av3"));
        long used = Invariants.allocatedBy(() -> ReaderDrill.run(vault, work.resolve("x")));
        assertTrue(used < Invariants.DEFAULT_ALLOCATION_BUDGET, "deep path allocated " + used + " bytes");
    }

    /**
     * An AVEC payload whose header claims K=255, P=1 and 1 MiB shards for a 1-byte stream
     * (1 MiB + 64 bytes, consistent with its §13.4 length). The scanner allocated K+P shard
     * buffers of the claimed size, 256 MiB for one group set, 256 times the payload. The
     * geometry parse now refuses a shard size above what the writer's rule allows for the
     * stream length (max(4096, ceil(len / K))), which bounds the buffers by stream + payload.
     */
    @Test
    void avecShardSizeAmplification() {
        byte[] payload = new byte[32 + 2 * 16 + (1 << 20)];
        byte[] head = new org.vaultfs.ecc.AvecGeometry(255, 1, 1 << 20, 1).toBytes();
        System.arraycopy(head, 0, payload, 0, head.length);
        long used = Invariants.allocatedBy(() -> Invariants.refusedOrOk(() -> org.vaultfs.ecc.AvecScanner.scan(
                new org.vaultfs.ecc.ArrayStream(new byte[1]),
                org.vaultfs.ecc.AvecPayload.open(new org.vaultfs.ecc.ArrayStream(payload), null), 1,
                org.vaultfs.ecc.AvecScanner.DISCARD)));
        assertTrue(used < 16L << 20, "hostile AVEC geometry allocated " + used + " bytes");
    }
}
