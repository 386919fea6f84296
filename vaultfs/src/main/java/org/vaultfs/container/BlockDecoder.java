package org.vaultfs.container;

import org.vaultfs.compression.ChunkDecompressor;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.chunking.Hex;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Turns a stored block back into chunk plaintext: AEAD open under the block AAD, then bounded
 * decompression. Record fields were range-checked at open, so every length here is trusted.
 */
final class BlockDecoder {
    private final AesGcmSiv aead;
    private final boolean plaintextLane;

    BlockDecoder(AesGcmSiv aead, boolean plaintextLane) {
        this.aead = aead;
        this.plaintextLane = plaintextLane;
    }

    static String cipherHash(byte[] block, int off, int len) {
        return Hex.encode(Blake3.hash(block, off, len));
    }

    /** Decodes {@code block} (nonce||ct||tag, exactly blockLen bytes) for {@code r}. */
    byte[] decode(ChunkRecord r, byte[] block) {
        byte[] payload;
        // SPEC §6.5 step 6. On the encrypted lane the AEAD tag below already binds these bytes
        // to the key, index and id, so the hash adds nothing for a reader and costs a third of
        // the decode time; VaultVerifier still checks it. Without an AEAD it is the only check.
        if (plaintextLane && !cipherHash(block, 0, block.length).equals(r.cipherHash())) {
            throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id() + ") failed authentication: cipher hash mismatch (damaged, moved or forged)");
        }
        if (plaintextLane) {
            payload = block;
        } else {
            byte[] nonce = java.util.Arrays.copyOf(block, 12);
            payload = block.length < ReaderLimits.AEAD_OVERHEAD ? null : aead.open(nonce, block, 12, block.length - 12, BlockAad.of(r.blockIndex(), r.id()));
            if (payload == null) {
                throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                        + ") failed authentication: damaged, moved or forged");
            }
        }
        if (r.storedRaw()) {
            return payload;
        }
        return ChunkDecompressor.decode(payload, 0, payload.length, r.plaintextLen(), ReaderLimits.MAX_PLAINTEXT_BLOCK);
    }
}
