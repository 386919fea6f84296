package org.vaultfs.container;

/**
 * A chunk's authenticated plaintext and, when the chunk allows reading parts of it later
 * (stored raw under the AEAD), its checkpoints; otherwise {@code checkpoints} is null.
 */
public record DecodedChunk(byte[] plaintext, ChunkCheckpoints checkpoints) {
}
