package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.vaultfs.container.FuzzAccess;
import org.vaultfs.container.Manifest;
import org.vaultfs.container.ManifestJson;

/**
 * Manifest JSON on raw bytes (what a key holder, or a plaintext-lane vault, can feed the
 * reader): parse, then the open-time validation of SPEC §15.2 step 6 against a data-section
 * length from the input's first 8 bytes. Anything that parses must re-serialize canonically
 * and parse back to the same canonical bytes.
 */
class ManifestJsonFuzzTest {
    @FuzzTest
    @DictionaryEntries({"\"format\"", "\"created\"", "\"modified\"", "\"wrappers\"", "\"entries\"", "\"chunks\"",
        "\"packing\"", "\"chunking\"", "\"chunk_id\"", "\"compression\"", "\"crypt\"", "\"cipher_hash\"",
        "\"algorithm_id\"", "\"algorithm_version\"", "\"level\"", "\"bounds\"", "\"min\"", "\"avg\"", "\"max\"",
        "\"path\"", "\"size\"", "\"is_dir\"", "\"pack_offset\"", "\"id\"", "\"block_index\"", "\"data_offset\"",
        "\"block_len\"", "\"plaintext_len\"", "\"compressed_len\"", "\"stored_raw\"", "\"error_correction_pct\"",
        "small-file-batching", "gear-cdc", "blake3-keyed-128", "zstd", "aes-256-gcm-siv", "none", "blake3-256",
        "00000000000000000000000000000000", "..", "\\u0000", "\\ud800", "9223372036854775807", "18446744073709551616"})
    void read(byte[] data) {
        long dataLen = 0;
        for (int i = 0; i < Math.min(8, data.length); i++) {
            dataLen |= (long) (data[i] & 0xff) << (8 * i);
        }
        long len = dataLen & Long.MAX_VALUE;
        byte[] json = data.length <= 8 ? new byte[0] : Arrays.copyOfRange(data, 8, data.length);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> Invariants.refusedOrOk(() -> {
            Manifest m = ManifestJson.read(json);
            byte[] canonical = ManifestJson.write(m);
            byte[] again = ManifestJson.write(ManifestJson.read(canonical));
            if (!Arrays.equals(canonical, again)) {
                throw new AssertionError("canonical manifest does not round-trip");
            }
            FuzzAccess.validate(m, len, (data.length > 0 && (data[0] & 1) != 0));
        }));
    }

    /**
     * The canonical fast path decides nothing on its own: whatever it reads, the general reader
     * reads to the same manifest (same inputs as {@link #read}, the first 8 bytes skipped).
     */
    @FuzzTest
    @DictionaryEntries({"{\"format\":3,\"created\":\"", "\",\"modified\":\"", "\",\"wrappers\":{\"packing\":",
        "{\"algorithm_id\":\"", "\",\"algorithm_version\":", ",\"level\":", ",\"bounds\":{\"min\":",
        "},\"entries\":[", "{\"path\":\"", "\",\"size\":", ",\"is_dir\":false,\"chunks\":[", ",\"pack_offset\":",
        "],\"chunks\":{", "\":{\"id\":\"", ",\"stored_raw\":true", ",\"error_correction_pct\":", "\\u0041",
        "9223372036854775807", "9223372036854775808", "00000000000000000000000000000000"})
    void fastPathAgrees(byte[] data) {
        byte[] json = data.length <= 8 ? new byte[0] : Arrays.copyOfRange(data, 8, data.length);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> {
            Manifest fast = FuzzAccess.canonicalManifest(json);
            if (fast == null) {
                return;
            }
            Manifest general = FuzzAccess.generalManifest(json);
            if (!sameMembers(fast, general)) {
                throw new AssertionError("the canonical fast path read a manifest the general reader reads otherwise");
            }
        });
    }

    private static boolean sameMembers(Manifest a, Manifest b) {
        return a.format() == b.format() && a.created().equals(b.created()) && a.modified().equals(b.modified())
                && a.wrappers().equals(b.wrappers()) && a.entries().equals(b.entries()) && a.chunks().equals(b.chunks())
                && java.util.Objects.equals(a.errorCorrectionPct(), b.errorCorrectionPct());
    }
}
