package org.vaultfs.compression;

/**
 * What is stored for a chunk: either a zstd frame, or the plaintext itself when compression
 * would not pay. In the raw case {@link #data()} is the caller's own input array (no copy),
 * so the caller must keep it unchanged until the stored bytes are consumed.
 */
public record EncodedChunk(byte[] data, int offset, int length, boolean storedRaw) {
}
