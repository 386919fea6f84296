package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vaultfs.container.VaultForge;

/**
 * The fuzzer writes the manifest JSON; {@link VaultForge} seals it under the small vault's
 * real master key and re-MACs the header, so the hostile manifest passes both outer checks
 * (the data section also holds spare authentic blocks, see {@link FuzzVaults#richForge()})
 * and reaches the validator, the layout code, every block read, the extractor (with planted
 * symbolic links in its target) and the mount's range reads. The empty input stands for the
 * vault's genuine manifest.
 */
class ForgedManifestFuzzTest {
    private static VaultForge forge;
    private static String genuine;

    private static synchronized VaultForge forge() {
        if (forge == null) {
            forge = FuzzVaults.richForge();
            genuine = forge.manifestJson;
        }
        return forge;
    }

    @FuzzTest
    @DictionaryEntries({"\"path\"", "\"size\"", "\"is_dir\"", "\"pack_offset\"", "\"chunks\"", "\"block_index\"",
        "\"data_offset\"", "\"block_len\"", "\"plaintext_len\"", "\"compressed_len\"", "\"stored_raw\":true",
        "\"entries\"", "\"bounds\"", "\"max\"", "link/", "flink", "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0", "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1",
        "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0", "../", "..", "/", "\\\\", "C:", "true", "false", "0"})
    void extract(byte[] json) throws IOException {
        VaultForge f = forge();
        byte[] plain = json.length == 0 ? genuine.getBytes(StandardCharsets.UTF_8) : json;
        byte[] file;
        synchronized (f) {
            f.storedManifestOverride = f.sealManifest(plain);
            file = f.toBytes();
        }
        Path work = Files.createDirectories(FuzzVaults.root().resolve("forged-manifest"));
        Path vault = work.resolve("v.av3");
        Files.write(vault, file);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> ReaderDrill.run(vault, work.resolve("x")));
    }
}
