package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.bytes.Hex;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.ecc.ArrayStream;

/**
 * Scrub's block check: a block up to {@link VaultDamage#WHOLE_BLOCK_MAX} is read
 * whole and hashed at once, a larger one (the format allows up to 256 MiB) in pieces; both
 * ways must pass an intact block and catch a flipped byte or a wrong length prefix, with one
 * pool serving blocks of every size in turn.
 */
class BlockIntactTest {
    private static byte[] record(byte[] block) {
        byte[] rec = new byte[8 + block.length];
        LittleEndian.putLong(rec, 0, block.length);
        System.arraycopy(block, 0, rec, 8, block.length);
        return rec;
    }

    private static ChunkRecord recordOf(byte[] block) {
        return new ChunkRecord("id", 0, 0, block.length, block.length, block.length, Hex.encode(Blake3.hash(block)), true);
    }

    @Test
    void intactBlocksPassAndDamagedOnesFailWholeOrInPieces() {
        Random random = new Random(17);
        org.vaultfs.bytes.ScratchPool buffer = VaultDamage.blockPool(1);
        for (int len : new int[] {0, 1, 5_000, 4 << 20, VaultDamage.WHOLE_BLOCK_MAX,
                VaultDamage.WHOLE_BLOCK_MAX + (1 << 20) + 17, 3_000}) {
            byte[] block = new byte[len];
            random.nextBytes(block);
            ChunkRecord r = recordOf(block);
            byte[] rec = record(block);
            assertTrue(VaultDamage.blockIntact(new ArrayStream(rec), r, buffer), "intact block of " + len);
            if (len > 0) {
                rec[8 + random.nextInt(len)] ^= 0x40;
                assertFalse(VaultDamage.blockIntact(new ArrayStream(rec), r, buffer), "flipped byte in a block of " + len);
                rec = record(block);
                rec[8 + len - 1] ^= 1;
                assertFalse(VaultDamage.blockIntact(new ArrayStream(rec), r, buffer), "last byte of a block of " + len);
            }
            byte[] wrongPrefix = record(block);
            LittleEndian.putLong(wrongPrefix, 0, len + 1L);
            assertFalse(VaultDamage.blockIntact(new ArrayStream(wrongPrefix), r, buffer), "prefix of a block of " + len);
        }
    }
}
