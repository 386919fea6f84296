package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Which members SPEC §7 and §12.1 require, as the reader enforces them. */
class ManifestMembersTest {
    @Test
    void requiredMembersAreTheSpecsNotTheOptionalOnes() {
        assertEquals(0b0111111, ManifestMembers.Top.REQUIRED, "error_correction_pct is optional");
        assertEquals(0b0011, ManifestMembers.Spec.REQUIRED, "level and bounds are optional");
        assertEquals(0b111, ManifestMembers.Bounds.REQUIRED);
        assertEquals(0b011111, ManifestMembers.EntryMember.REQUIRED, "pack_offset is optional");
        assertEquals(0b01111111, ManifestMembers.Chunk.REQUIRED, "stored_raw is optional (serde default false)");
        assertEquals(0b111111, ManifestMembers.Extension.REQUIRED);
    }

    @Test
    void aRepeatedMemberIsRefusedAndAMissingOneDetected() {
        long seen = JsonMembers.known(0, ManifestMembers.Chunk.ID, "id");
        VaultException e = assertThrows(VaultException.class, () -> JsonMembers.known(seen, ManifestMembers.Chunk.ID, "id"));
        assertEquals(Failure.MALFORMED, e.failure());
        assertTrue(!JsonMembers.hasRequired(seen, ManifestMembers.Chunk.REQUIRED));
        long all = 0;
        for (ManifestMembers.Chunk c : ManifestMembers.Chunk.values()) {
            if (c.required()) {
                all = JsonMembers.known(all, c, c.name());
            }
        }
        assertTrue(JsonMembers.hasRequired(all, ManifestMembers.Chunk.REQUIRED));
    }
}
