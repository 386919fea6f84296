package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.nio.charset.StandardCharsets;

/** Associated data binding a block to its index and chunk id (SPEC.md §6.2). */
final class BlockAad {
    private static final byte[] LABEL = "AeroVault v3 block".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MANIFEST = "AeroVault v3 manifest".getBytes(StandardCharsets.US_ASCII);

    private BlockAad() {
    }

    static byte[] of(long blockIndex, String chunkId) {
        byte[] aad = new byte[LABEL.length + 8 + chunkId.length()];
        System.arraycopy(LABEL, 0, aad, 0, LABEL.length);
        LittleEndian.putLong(aad, LABEL.length, blockIndex);
        for (int i = 0; i < chunkId.length(); i++) {
            aad[LABEL.length + 8 + i] = (byte) chunkId.charAt(i);
        }
        return aad;
    }
}
