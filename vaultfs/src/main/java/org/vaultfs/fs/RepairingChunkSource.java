package org.vaultfs.fs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import org.vaultfs.container.BlockRepair;
import org.vaultfs.container.ChunkCheckpoints;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.DecodedChunk;
import org.vaultfs.container.PlaintextConsumer;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Serves a block that fails to read back by rebuilding it from the vault's parity, in memory:
 * the vault stays read-only. Only failures parity can explain are tried (a damaged block, its
 * damaged length prefix, a truncated file); when the rebuild fails too, the original failure
 * stands, with the reason the parity could not help appended.
 */
public final class RepairingChunkSource implements ChunkSource {
    private static final Set<Failure> REPAIRABLE = Set.of(Failure.BLOCK_AUTH, Failure.BOUNDS, Failure.TRUNCATED);

    private final ChunkSource plain;
    private final BlockRepair repair;
    private final RepairLog log;

    public RepairingChunkSource(ChunkSource plain, BlockRepair repair, RepairLog log) {
        this.plain = plain;
        this.repair = repair;
        this.log = log;
    }

    @Override
    public byte[] decode(ChunkRecord chunk) {
        try {
            return plain.decode(chunk);
        } catch (VaultException e) {
            return repaired(chunk, e);
        }
    }

    /** A rebuilt chunk gets no checkpoints: its stored bytes are the damaged ones. */
    @Override
    public DecodedChunk decodeWithCheckpoints(ChunkRecord chunk) {
        try {
            return plain.decodeWithCheckpoints(chunk);
        } catch (VaultException e) {
            return new DecodedChunk(repaired(chunk, e), null);
        }
    }

    /** Like {@link #decodeWithCheckpoints}; only a rebuilt chunk is handed over from a fresh array. */
    @Override
    public ChunkCheckpoints decodeInto(ChunkRecord chunk, PlaintextConsumer to) {
        byte[] rebuilt;
        try {
            return plain.decodeInto(chunk, to);
        } catch (VaultException e) {
            rebuilt = repaired(chunk, e);
        }
        try {
            to.accept(rebuilt, 0, rebuilt.length);
        } finally {
            Arrays.fill(rebuilt, (byte) 0);
        }
        return null;
    }

    @Override
    public boolean decodesIntoPages(ChunkRecord chunk) {
        return plain.decodesIntoPages(chunk);
    }

    /** Like {@link #decodeInto}: a rebuilt chunk is copied into the pages and gets no checkpoints. */
    @Override
    public ChunkCheckpoints decodeIntoPages(ChunkRecord chunk, ByteBuffer[] pages, int pageBytes) {
        byte[] rebuilt;
        try {
            return plain.decodeIntoPages(chunk, pages, pageBytes);
        } catch (VaultException e) {
            rebuilt = repaired(chunk, e);
        }
        try {
            CachedChunk.fill(pages, pageBytes, rebuilt, 0, rebuilt.length);
        } finally {
            Arrays.fill(rebuilt, (byte) 0);
        }
        return null;
    }

    /** A damaged chunk gets no checkpoints here: the foreground read repairs and reports it. */
    @Override
    public ChunkCheckpoints checkpointsOnly(ChunkRecord chunk) {
        return plain.checkpointsOnly(chunk);
    }

    @Override
    public boolean readVerified(ChunkCheckpoints checkpoints, long offset, int len, byte[] dst, int dstOff) {
        return plain.readVerified(checkpoints, offset, len, dst, dstOff);
    }

    private byte[] repaired(ChunkRecord chunk, VaultException e) {
        if (!REPAIRABLE.contains(e.failure())) {
            throw e;
        }
        byte[] plaintext;
        try {
            plaintext = repair.repair(chunk);
        } catch (VaultException re) {
            throw new VaultException(e.failure(), e.getMessage() + "; " + re.getMessage(), e);
        }
        log.repaired(chunk);
        return plaintext;
    }

    @Override
    public void close() {
        repair.close();
        plain.close();
    }
}
