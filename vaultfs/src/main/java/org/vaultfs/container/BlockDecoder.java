package org.vaultfs.container;

import org.vaultfs.bytes.ScratchPool;
import org.vaultfs.compression.ChunkDecompressor;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.crypt.SivCheckpoints;
import org.vaultfs.bytes.Hex;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Turns a stored block back into chunk plaintext: AEAD open under the block AAD, then bounded
 * decompression. Record fields were range-checked at open, so every length here is trusted.
 */
final class BlockDecoder {
    /** Range reads of a raw chunk work in these units: one FUSE page-sized read costs one segment. */
    static final int CHECKPOINT_SEGMENT = 4096;
    /**
     * Whole stored blocks and chunk plaintext for the pooled decode: a mount decodes hundreds
     * of MB/s, and fresh arrays of about 1 MiB each overflowed the young generation's survivor
     * space and filled the old generation with dead chunks, which the process then kept as
     * resident memory. Kept: about as many as decodes run at once (read-ahead threads and the
     * FUSE workers busy on cores), up to the largest block of the default chunk maximum.
     */
    static final ScratchPool CHUNK_BUFFERS = new ScratchPool(256 << 10, (4 << 20) + (256 << 10), 8);

    private final AesGcmSiv aead;
    private final boolean plaintextLane;

    BlockDecoder(AesGcmSiv aead, boolean plaintextLane) {
        this.aead = aead;
        this.plaintextLane = plaintextLane;
    }

    private static VaultException authFailure(ChunkRecord r) {
        return new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                + ") failed authentication: damaged, moved or forged");
    }

    static String cipherHash(byte[] block, int off, int len) {
        return Hex.encode(Blake3.hash(block, off, len));
    }

    /**
     * Decodes like {@link #decode} and, for a chunk stored raw under the AEAD, also keeps
     * checkpoints for later range reads. {@code blockPos} is where the block (after its
     * length prefix) starts in the vault file.
     */
    DecodedChunk decodeWithCheckpoints(ChunkRecord r, byte[] block, long blockPos) {
        if (!checkpointable(r, block.length)) {
            return new DecodedChunk(decode(r, block), null);
        }
        byte[] nonce = java.util.Arrays.copyOf(block, 12);
        byte[] plain = new byte[(int) r.plaintextLen()];
        SivCheckpoints c = aead.openWithCheckpoints(nonce, block, 12, block.length - 12, BlockAad.of(r.blockIndex(), r.id()), plain, 0,
                CHECKPOINT_SEGMENT);
        if (c == null) {
            throw authFailure(r);
        }
        return new DecodedChunk(plain, new ChunkCheckpoints(r, blockPos + 12, c));
    }

    /**
     * Authenticates {@code block[0, len)} for {@code r} and returns only its checkpoints,
     * decrypting in place (the caller wipes the buffer); null when the chunk gets none.
     */
    ChunkCheckpoints checkpointsOnly(ChunkRecord r, byte[] block, int len, long blockPos) {
        return checkpointable(r, len) ? openInPlaceWithCheckpoints(r, block, len, blockPos) : null;
    }

    /** Opens {@code block[0, len)} in place, keeping checkpoints; the caller checked it is checkpointable. */
    private ChunkCheckpoints openInPlaceWithCheckpoints(ChunkRecord r, byte[] block, int len, long blockPos) {
        byte[] nonce = java.util.Arrays.copyOf(block, 12);
        SivCheckpoints c = aead.openWithCheckpoints(nonce, block, 12, len - 12, BlockAad.of(r.blockIndex(), r.id()), block, 12,
                CHECKPOINT_SEGMENT);
        if (c == null) {
            throw authFailure(r);
        }
        return new ChunkCheckpoints(r, blockPos + 12, c);
    }

    /**
     * SPEC §6.5 step 6. On the encrypted lane the AEAD tag already binds the block to the key,
     * index and id, so the hash adds nothing for a reader and costs a third of the decode time;
     * VaultVerifier still checks it. Without an AEAD it is the only check.
     */
    private static void checkCipherHash(ChunkRecord r, byte[] block, int len) {
        if (!cipherHash(block, 0, len).equals(r.cipherHash())) {
            throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                    + ") failed authentication: cipher hash mismatch (damaged, moved or forged)");
        }
    }

    private boolean checkpointable(ChunkRecord r, long blockLen) {
        return !plaintextLane && r.storedRaw() && r.plaintextLen() >= 2L * CHECKPOINT_SEGMENT
                && blockLen == r.plaintextLen() + ReaderLimits.AEAD_OVERHEAD;
    }

    /** Whether {@link #decodeIntoPages} serves {@code r}: stored raw under the AEAD, which runs in C. */
    boolean decodesIntoPages(ChunkRecord r, long blockLen) {
        return aead.opensIntoPages() && checkpointable(r, blockLen);
    }

    /**
     * Opens the stored block {@code block[0, len)} (native memory, left as it is) of a chunk
     * {@link #decodesIntoPages} serves into consecutive native {@code pages}, keeping
     * checkpoints. Throws {@code BLOCK_AUTH}, the written pages zeroed, when it does not
     * authenticate.
     */
    ChunkCheckpoints decodeIntoPages(ChunkRecord r, java.nio.ByteBuffer block, int len, long blockPos,
            java.nio.ByteBuffer[] pages, int pageBytes) {
        if (len < ReaderLimits.AEAD_OVERHEAD) {
            throw authFailure(r);
        }
        byte[] nonce = new byte[12];
        block.get(0, nonce);
        SivCheckpoints c = aead.openIntoPages(nonce, block, 12, len - 12, BlockAad.of(r.blockIndex(), r.id()), pages, pageBytes,
                CHECKPOINT_SEGMENT);
        if (c == null) {
            throw authFailure(r);
        }
        return new ChunkCheckpoints(r, blockPos + 12, c);
    }

    /**
     * Decodes {@code block[0, len)} for {@code r} in place and hands the plaintext to
     * {@code to}; returns checkpoints when the chunk gets them, else null. A compressed chunk
     * is decompressed into a pooled array, wiped once {@code to} returns; the caller wipes
     * {@code block}. Nothing reaches {@code to} unless it authenticated.
     */
    ChunkCheckpoints decodeInto(ChunkRecord r, byte[] block, int len, long blockPos, PlaintextConsumer to) {
        int payloadOff = 0;
        int payloadLen = len;
        if (plaintextLane) {
            checkCipherHash(r, block, len);
        } else {
            if (len < ReaderLimits.AEAD_OVERHEAD) {
                throw authFailure(r);
            }
            payloadOff = 12;
            payloadLen = len - ReaderLimits.AEAD_OVERHEAD;
            if (checkpointable(r, len)) {
                ChunkCheckpoints c = openInPlaceWithCheckpoints(r, block, len, blockPos);
                to.accept(block, payloadOff, payloadLen);
                return c;
            }
            if (!aead.open(java.util.Arrays.copyOf(block, 12), block, 12, len - 12, BlockAad.of(r.blockIndex(), r.id()), block, 12)) {
                throw authFailure(r);
            }
        }
        if (r.storedRaw()) {
            to.accept(block, payloadOff, payloadLen);
            return null;
        }
        int plainLen = ChunkDecompressor.checkedLength(r.plaintextLen(), ReaderLimits.MAX_PLAINTEXT_BLOCK);
        byte[] plain = CHUNK_BUFFERS.take(plainLen);
        try {
            ChunkDecompressor.decodeInto(block, payloadOff, payloadLen, plain, 0, plainLen);
            to.accept(plain, 0, plainLen);
            return null;
        } finally {
            java.util.Arrays.fill(plain, 0, plainLen, (byte) 0);
            CHUNK_BUFFERS.give(plain);
        }
    }

    /** Decodes {@code block} (nonce||ct||tag, exactly blockLen bytes) for {@code r}. */
    byte[] decode(ChunkRecord r, byte[] block) {
        byte[] payload;
        if (plaintextLane) {
            checkCipherHash(r, block, block.length);
            payload = block;
        } else {
            byte[] nonce = java.util.Arrays.copyOf(block, 12);
            payload = block.length < ReaderLimits.AEAD_OVERHEAD ? null : aead.open(nonce, block, 12, block.length - 12, BlockAad.of(r.blockIndex(), r.id()));
            if (payload == null) {
                throw authFailure(r);
            }
        }
        if (r.storedRaw()) {
            return payload;
        }
        return ChunkDecompressor.decode(payload, 0, payload.length, r.plaintextLen(), ReaderLimits.MAX_PLAINTEXT_BLOCK);
    }
}
