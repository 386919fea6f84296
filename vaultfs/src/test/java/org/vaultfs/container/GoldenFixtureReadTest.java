package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

class GoldenFixtureReadTest {
    static final byte[] PW = Fixtures.GOLDEN_PASSWORD.getBytes(StandardCharsets.UTF_8);

    @Test
    void opensReferenceGoldenAndReadsEveryFile() throws Exception {
        Path golden = Fixtures.require("aerovault3_golden.av3");
        try (VaultReader r = VaultReader.open(golden, PW, CachingKdf.INSTANCE)) {
            List<String> paths = r.entries().stream().map(Entry::path).toList();
            assertEquals(List.of("data", "data/big.bin", "data/small.bin", "emptydir", "readme.txt"), paths);
            assertTrue(r.require("emptydir").isDir());
            assertTrue(r.require("data").isDir());
            assertArrayEquals("AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII), read(r, "readme.txt"));
            byte[] small = new byte[1000];
            Arrays.fill(small, (byte) 0xA5);
            assertArrayEquals(small, read(r, "data/small.bin"));
            assertArrayEquals(Fixtures.goldenBig(), read(r, "data/big.bin"));
            // Writing the parsed manifest back must give the exact JSON the reference wrote.
            byte[] stored = r.file().readExact(r.header().manifestOffset(), r.header().manifestLen(), "manifest");
            byte[] json = ManifestCrypto.open(r.keys(), false, stored);
            assertEquals(new String(json, StandardCharsets.UTF_8), new String(ManifestJson.write(r.manifest()), StandardCharsets.UTF_8));
        }
    }

    static byte[] read(VaultReader r, String path) throws Exception {
        try (InputStream in = r.openStream(r.require(path))) {
            return in.readAllBytes();
        }
    }
}
