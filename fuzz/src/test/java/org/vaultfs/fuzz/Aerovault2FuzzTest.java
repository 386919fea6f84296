package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.vaultfs.crypt.AesSiv;
import org.vaultfs.legacy.LegacyFuzzAccess;

/**
 * The AEROVAULT2 parsers on raw bytes: the 512-byte header, the manifest text (base64url, then
 * AES-256-SIV under a fixed key, then JSON) and the manifest JSON with names sealed under that
 * key. Each input is refused with a named failure or accepted, within the allocation budget.
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
}
