package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import org.vaultfs.container.Entry;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.crypt.AesSiv;
import org.vaultfs.legacy.LegacyFuzzAccess;

/**
 * The AEROVAULT2 parsers on raw bytes: the 512-byte header, the manifest text (base64url, then
 * AES-256-SIV under a fixed key, then JSON), the manifest JSON with names sealed under that
 * key, and the chunk records of a real vault (length prefixes, both AEAD layers, the AAD).
 * Each input is refused with a named failure or accepted, within the allocation budget.
 */
class Aerovault2FuzzTest {
    static final AesSiv SIV = new AesSiv(new byte[64]);

    @FuzzTest
    void header(byte[] data) {
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET,
                () -> Invariants.refusedOrOk(() -> LegacyFuzzAccess.parseHeader(data)));
    }

    @FuzzTest
    void manifestText(byte[] data) {
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET,
                () -> Invariants.refusedOrOk(() -> LegacyFuzzAccess.openManifest(SIV, data)));
    }

    /** JSON whose {@code @NAME@} markers become names sealed under the fixed key, so entries get past name decryption. */
    @FuzzTest
    @DictionaryEntries({"\"created\"", "\"modified\"", "\"description\"", "\"entries\"", "\"encrypted_name\"", "\"name\"",
        "\"size\"", "\"offset\"", "\"chunk_count\"", "\"file_id\"", "\"is_dir\"", "@NAME@", "@DOTDOT@", "4294967296",
        "18446744073709551616", "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"})
    void manifestJson(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8)
                .replace("@NAME@", LegacyFuzzAccess.sealName(SIV, "docs/a.txt"))
                .replace("@DOTDOT@", LegacyFuzzAccess.sealName(SIV, "../escape"));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET,
                () -> Invariants.refusedOrOk(() -> LegacyFuzzAccess.readManifestJson(SIV, bytes)));
    }

    /**
     * The data section of a real AEROVAULT2 vault (4 KiB chunks, with or without the cascade)
     * replaced by the input, or the pristine one with the input's bytes written over it at a
     * chosen place: every reader path (list, stream, verify, extract) refuses it by name or
     * reads what authenticates.
     */
    @FuzzTest
    void chunks(FuzzedDataProvider d) throws IOException {
        boolean cascade = d.consumeBoolean();
        boolean overwrite = d.consumeBoolean();
        int at = d.consumeInt(0, 1 << 16);
        byte[] input = d.consumeRemainingAsBytes();
        byte[] pristine = Files.readAllBytes(FuzzVaults.aerovault2(cascade));
        int data = 516 + (int) (pristine[512] & 0xff | (pristine[513] & 0xff) << 8 | (pristine[514] & 0xff) << 16);
        byte[] file;
        if (overwrite) {
            file = pristine.clone();
            int from = data + at % Math.max(1, pristine.length - data);
            System.arraycopy(input, 0, file, from, Math.min(input.length, file.length - from));
        } else {
            file = Arrays.copyOf(pristine, data + input.length);
            System.arraycopy(input, 0, file, data, input.length);
        }
        Path work = Files.createDirectories(FuzzVaults.root().resolve("v2-chunks"));
        Path vault = work.resolve("v.aerovault");
        Files.write(vault, file);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> Invariants.refusedOrOk(() -> {
            try (Vault v = Vault.open(vault, FuzzVaults.PASSWORD, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
                for (Entry e : v.entries()) {
                    if (!e.isDir()) {
                        Invariants.refusedOrOk(() -> {
                            try (InputStream in = v.newInputStream(e.path())) {
                                in.readAllBytes();
                            }
                        });
                    }
                }
                v.verify(n -> { });
                Path out = work.resolve("x");
                FuzzVaults.deleteTree(out);
                Invariants.refusedOrOk(() -> v.extract(out, List.of(), ExtractOptions.defaults()));
            }
        }));
    }
}
