package org.vaultfs.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.vaultfs.container.FuzzAccess;
import org.vaultfs.container.VaultForge;
import org.vaultfs.container.VaultReader;
import org.vaultfs.ecc.AvecEncoder;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.ecc.SidecarDirectory;
import org.vaultfs.testing.CachingKdf;

/**
 * Regenerates the committed seed corpora from the deterministic fuzz vaults. Off by default;
 * run with {@code -Dvaultfs.fuzz.writeSeeds=<fuzz/src/test/resources>} after a writer change:
 * <pre>mvn -B -o test -pl fuzz -am -Dtest=SeedWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dvaultfs.fuzz.writeSeeds=$PWD/fuzz/src/test/resources</pre>
 */
class SeedWriter {
    @Test
    @EnabledIfSystemProperty(named = "vaultfs.fuzz.writeSeeds", matches = ".+")
    void write() throws IOException {
        Path res = Path.of(System.getProperty("vaultfs.fuzz.writeSeeds")).resolve("org/vaultfs/fuzz");
        byte[] small = FuzzVaults.bytes(FuzzVaults.small());
        byte[] empty = FuzzVaults.bytes(FuzzVaults.empty());
        VaultForge f = VaultForge.load(FuzzVaults.small(), FuzzVaults.PASSWORD);
        VaultForge m = VaultForge.load(FuzzVaults.multiChunk(), FuzzVaults.PASSWORD);
        String json = f.manifestJson;
        String rich = FuzzVaults.richForge().manifestJson;

        put(res, "HeaderFuzzTest", "parse", "small-vault-header", Arrays.copyOf(small, 1024));
        put(res, "HeaderFuzzTest", "parse", "empty-vault", empty);
        put(res, "ExtensionDirFuzzTest", "parse", "empty-directory", withLen(0, "[]"));
        put(res, "ExtensionDirFuzzTest", "parse", "ec-directory", withLen(9000,
                "[{\"extension_id\":\"error-correction.reed-solomon\",\"algorithm_id\":\"reed-solomon\",\"algorithm_version\":1,"
                        + "\"critical\":false,\"offset\":0,\"length\":8272},{\"extension_id\":\"error-correction-metadata.reed-solomon\","
                        + "\"algorithm_id\":\"reed-solomon\",\"algorithm_version\":1,\"critical\":false,\"offset\":8272,\"length\":700}]"));
        put(res, "ManifestJsonFuzzTest", "read", "small-manifest", withLen(f.data.length, json));
        put(res, "ManifestJsonFuzzTest", "read", "multi-manifest", withLen(m.data.length, m.manifestJson));
        put(res, "ManifestJsonFuzzTest", "fastPathAgrees", "small-manifest", withLen(f.data.length, json));
        put(res, "ManifestJsonFuzzTest", "fastPathAgrees", "multi-manifest", withLen(m.data.length, m.manifestJson));
        try (VaultReader r = VaultReader.open(FuzzVaults.small(), FuzzVaults.PASSWORD, CachingKdf.INSTANCE)) {
            put(res, "ManifestAuthFuzzTest", "tamper", "genuine", FuzzAccess.storedManifest(r));
        }
        put(res, "VaultFileFuzzTest", "tail", "small-vault-tail", Arrays.copyOfRange(small, VaultFileFuzzTest.PREFIX, small.length));
        put(res, "ForgedManifestFuzzTest", "extract", "genuine", rich.getBytes(StandardCharsets.UTF_8));
        // Hostile starting points: a file below a planted link and a file named like a planted file link.
        put(res, "ForgedManifestFuzzTest", "extract", "through-link",
                rich.replace("\"path\":\"dir/b.bin\"", "\"path\":\"link/b.bin\"").getBytes(StandardCharsets.UTF_8));
        put(res, "ForgedManifestFuzzTest", "extract", "over-file-link",
                rich.replace("\"path\":\"a.txt\"", "\"path\":\"flink\"").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reproducer of the read-loop finding, kept as a regression input (see docs/FUZZING.md): an
     * entry with an authentic empty chunk between two others (the read at that boundary returned
     * 0 forever). The 200 KB deep-path reproducer is {@link FindingsRegressionTest} instead, so it
     * does not slow every fuzzing run that loads this directory as its seed corpus.
     */
    @Test
    @EnabledIfSystemProperty(named = "vaultfs.fuzz.writeSeeds", matches = ".+")
    void writeReproducers() throws IOException {
        Path res = Path.of(System.getProperty("vaultfs.fuzz.writeSeeds")).resolve("org/vaultfs/fuzz");
        VaultForge rich = FuzzVaults.richForge();
        String json = rich.manifestJson;
        String emptyFirst = json.replace("\"entries\":[", "\"entries\":[{\"path\":\"z\",\"size\":200,"
                + "\"modified\":\"2026-06-17T00:00:00Z\",\"is_dir\":false,\"chunks\":[\"" + FuzzVaults.RAW_100 + "\",\""
                + FuzzVaults.EMPTY_RAW + "\",\"" + FuzzVaults.RAW_100 + "\"]},");
        put(res, "ForgedManifestFuzzTest", "extract", "regress-empty-chunk-read-loop", emptyFirst.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Seeds of the error-correction targets: real AVEC payloads ({@code AvecEncoder}) and
     * sidecars ({@code StandaloneCorrector.generate}, as {@code vault correct gen} writes them)
     * for the small regions of {@link EccFixtures}, behind a 5-byte region/damage prefix.
     */
    @Test
    @EnabledIfSystemProperty(named = "vaultfs.fuzz.writeSeeds", matches = ".+")
    void writeEccSeeds() throws IOException {
        Path res = Path.of(System.getProperty("vaultfs.fuzz.writeSeeds")).resolve("org/vaultfs/fuzz");
        // {region, pct, pos16, span}: clean; damage inside one shard; damage across a shard boundary.
        int[][] cases = {{0, 5, 0, 0}, {1, 20, 20000, 10}, {2, 20, 65420, 12}, {3, 50, 30000, 40}, {4, 5, 50000, 200}};
        for (int[] c : cases) {
            byte[] ctl = EccFixtures.control(c[0], c[2], c[3], 0x5a);
            String name = "r" + EccFixtures.REGION_LENGTHS[c[0]] + "-pct" + c[1] + (c[3] == 0 ? "-clean" : "-damaged");
            byte[] region = EccFixtures.region(c[0]);
            put(res, "AvecPayloadFuzzTest", "scan", name,
                    EccFixtures.concat(ctl, AvecEncoder.encode(region, EcGrid.forPct(c[1]))));
            put(res, "SidecarFuzzTest", "open", name, EccFixtures.concat(ctl, SidecarFuzzTest.generate(c[0], c[1])));
        }
        // Locator damage the triplication must absorb: one rotted copy and one rotted count slot;
        // and one differing byte in each of the three copies (no intact copy: byte-majority vote).
        byte[] ctl = EccFixtures.control(1, 20000, 10, 0x5a);
        byte[] sc = SidecarFuzzTest.generate(1, 20);
        int copy = SidecarDirectory.length(1) + 32;
        byte[] oneCopy = sc.clone();
        oneCopy[21 + 5] ^= 1;
        oneCopy[21 + 100] ^= 0x40;
        oneCopy[9 + 4] ^= 7;
        put(res, "SidecarFuzzTest", "open", "locator-one-copy-rotted", EccFixtures.concat(ctl, oneCopy));
        byte[] vote = sc.clone();
        vote[21 + 3] ^= 1;
        vote[21 + copy + 50] ^= 2;
        vote[21 + 2 * copy + 90] ^= 4;
        put(res, "SidecarFuzzTest", "open", "locator-majority-vote", EccFixtures.concat(ctl, vote));
    }

    private static byte[] withLen(long len, String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + j.length];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (len >>> (8 * i));
        }
        System.arraycopy(j, 0, out, 8, j.length);
        return out;
    }

    private static void put(Path res, String cls, String method, String name, byte[] b) throws IOException {
        Path dir = Files.createDirectories(res.resolve(cls + "Inputs").resolve(method));
        Files.write(dir.resolve(name), b);
    }
}
