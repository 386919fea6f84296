package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vaultfs.metadata.MetadataJson;

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
}
