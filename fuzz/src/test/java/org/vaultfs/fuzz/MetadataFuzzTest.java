package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vaultfs.metadata.MetadataFuzzAccess;
import org.vaultfs.metadata.MetadataJson;
import org.vaultfs.metadata.TreeMetadata;

/**
 * The metadata extension's plaintext parser (SPEC.md §20.3) on raw bytes: refused by name
 * (malformed, bounds) or read, within the allocation budget, whatever the input claims.
 */
class MetadataFuzzTest {
    @FuzzTest
    @DictionaryEntries({"{\"nodes\":[", "\"path\"", "\"type\"", "\"file\"", "\"symlink\"", "\"char\"", "\"mode\"", "\"uid\"",
        "\"gid\"", "\"mtime\"", "\"target\"", "\"rdev\"", "\"link\"", "\"xattrs\"", "\"name\"", "\"value\"", "4095",
        "9223372036854775808", "[0,999999999]"})
    void json(byte[] data) {
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> Invariants.refusedOrOk(() -> MetadataJson.read(data)));
    }

    /** The canonical fast path decides nothing on its own: whatever it reads, the general reader reads the same. */
    @FuzzTest
    @DictionaryEntries({"{\"nodes\":[", "{\"path\":\"", "\",\"type\":\"file\",\"mode\":", "\",\"type\":\"symlink\",\"mode\":",
        "\",\"type\":\"char\",\"mode\":", ",\"uid\":", ",\"gid\":", ",\"user\":\"", ",\"group\":\"", ",\"mtime\":[",
        ",\"target\":\"", ",\"rdev\":[", ",\"link\":", "]}", "4095", "-9223372036854775807", "999999999"})
    void fastPathAgrees(byte[] data) {
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> {
            TreeMetadata fast = MetadataFuzzAccess.canonical(data);
            if (fast != null && !fast.all().equals(MetadataFuzzAccess.general(data).all())) {
                throw new AssertionError("the canonical fast path read a payload the general reader reads otherwise");
            }
        });
    }
}
