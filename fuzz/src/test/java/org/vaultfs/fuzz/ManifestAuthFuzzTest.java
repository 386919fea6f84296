package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.vaultfs.container.FuzzAccess;
import org.vaultfs.container.ManifestJson;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/**
 * Manifest decryption (SPEC §7.1) under the real master key of a small vault. The input is a
 * candidate stored manifest (nonce || ciphertext || tag); the seed is the vault's own. Any
 * bytes other than the genuine ones must be refused with exactly {@code manifest-auth}; the
 * genuine ones (or the empty input, which stands for them) must open to a parsable manifest.
 */
class ManifestAuthFuzzTest {
    private static VaultReader reader;
    private static byte[] genuine;

    private static synchronized void init() {
        if (reader == null) {
            reader = VaultReader.open(FuzzVaults.small(), FuzzVaults.PASSWORD, CachingKdf.INSTANCE);
            genuine = FuzzAccess.storedManifest(reader);
        }
    }

    @FuzzTest
    void tamper(byte[] stored) {
        init();
        byte[] candidate = stored.length == 0 ? genuine : stored;
        boolean authentic = Arrays.equals(candidate, genuine);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> {
            VaultException e = Invariants.refusedOrOk(() -> {
                byte[] json = FuzzAccess.openManifest(reader, candidate);
                if (!authentic) {
                    throw new AssertionError("forged manifest of " + candidate.length + " bytes authenticated");
                }
                ManifestJson.read(json);
            });
            if (authentic && e != null) {
                throw new AssertionError("genuine manifest refused", e);
            }
            if (!authentic && (e == null || e.failure() != Failure.MANIFEST_AUTH)) {
                throw new AssertionError("tampered manifest gave " + (e == null ? "success" : e.failure().id())
                        + " instead of manifest-auth", e);
            }
        });
    }
}
