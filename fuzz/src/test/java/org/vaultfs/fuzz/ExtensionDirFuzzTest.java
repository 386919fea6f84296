package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.vaultfs.container.ExtensionEntry;
import org.vaultfs.container.FuzzAccess;
import org.vaultfs.container.ManifestJson;

/**
 * The extension directory (SPEC §12): parsed before the manifest is decrypted and not covered
 * by any MAC, so every byte of it is attacker-controlled on every vault. Parse, then apply the
 * §12.2 rules against a payload-area length taken from the input's first 8 bytes; whatever
 * parses must re-serialize to a directory that parses to the same entries.
 */
class ExtensionDirFuzzTest {
    @FuzzTest
    @DictionaryEntries({"\"extension_id\"", "\"algorithm_id\"", "\"algorithm_version\"", "\"critical\"", "\"offset\"",
        "\"length\"", "true", "false", "error-correction.reed-solomon", "reed-solomon", "9223372036854775807",
        "18446744073709551616", "4294967296"})
    void parse(byte[] data) {
        long payloadLen = 0;
        for (int i = 0; i < Math.min(8, data.length); i++) {
            payloadLen |= (long) (data[i] & 0xff) << (8 * i);
        }
        byte[] json = data.length <= 8 ? new byte[0] : Arrays.copyOfRange(data, 8, data.length);
        long len = payloadLen & Long.MAX_VALUE;
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> Invariants.refusedOrOk(() -> {
            List<ExtensionEntry> exts = ManifestJson.readExtensions(json);
            List<ExtensionEntry> again = ManifestJson.readExtensions(ManifestJson.writeExtensions(exts));
            if (!exts.equals(again)) {
                throw new AssertionError("extension directory does not round-trip: " + exts + " vs " + again);
            }
            FuzzAccess.checkExtensions(exts, len);
            for (ExtensionEntry x : exts) {
                if (x.critical() || x.offset() < 0 || x.length() < 0 || x.offset() + x.length() > len
                        || x.offset() + x.length() < 0) {
                    throw new AssertionError("§12.2 rules accepted " + x + " with payload area " + len);
                }
            }
        }));
    }
}
