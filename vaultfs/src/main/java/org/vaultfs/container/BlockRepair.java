package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vaultfs.bytes.Hex;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.ecc.AvecPayload;
import org.vaultfs.ecc.AvecRangeReader;
import org.vaultfs.ecc.RegionStream;
import org.vaultfs.ecc.SidecarReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Rebuilds one damaged block in memory from a v4 vault's data parity, for read paths (mount,
 * extract) that would otherwise fail with {@code BLOCK_AUTH}. Only the parity groups covering
 * the block's record are read. Sources, in order: the embedded data extension, then the
 * {@code VAULT.aerocorrect} sidecar beside the vault. A rebuilt record is trusted only once
 * its length prefix, its {@code cipher_hash} and its AEAD tag verify (SPEC.md §13.5).
 *
 * <p>Read-only: the vault is read through the reader's own read-only channel and the sidecar
 * is opened for reading; nothing is ever written. Thread-safe.
 */
public final class BlockRepair implements AutoCloseable {
    private final VaultReader reader;
    private final Map<String, Long> streamPos = new HashMap<>();
    private final RegionStream stream;
    private List<Source> sources; // opened on first use, guarded by this
    private final List<String> unusable = new ArrayList<>(); // guarded by this
    private SidecarReader sidecar; // guarded by this

    private record Source(String name, AvecRangeReader parity) {
    }

    private BlockRepair(VaultReader reader) {
        this.reader = reader;
        VaultHeader h = reader.header();
        List<ChunkRecord> recs = VaultParity.protectedRecords(reader.manifest(), h.dataLen());
        long[] regions = new long[recs.size() * 2];
        long at = 0;
        for (int i = 0; i < recs.size(); i++) {
            ChunkRecord c = recs.get(i);
            streamPos.putIfAbsent(c.id(), at);
            regions[2 * i] = h.dataOffset() + c.dataOffset();
            regions[2 * i + 1] = c.recordLen();
            at += c.recordLen();
        }
        this.stream = new RegionStream(reader.file().source(), regions);
    }

    /** Whether the vault has parity a repair could use: embedded data parity or a sidecar beside it. */
    public static boolean available(VaultReader reader) {
        return VaultParity.embeds(reader.extensions())
                || reader.localPath().map(p -> Files.isRegularFile(VaultParity.sidecarFor(p))).orElse(false);
    }

    /** A repairer for {@code reader}'s blocks; parity is opened on the first repair. The reader stays the caller's. */
    public static BlockRepair of(VaultReader reader) {
        return new BlockRepair(reader);
    }

    /**
     * The authenticated plaintext of {@code r}, rebuilt from parity.
     *
     * @throws VaultException {@link Failure#BLOCK_AUTH} when no parity source yields a record
     *     that verifies (damage beyond the parity, or no usable parity)
     */
    public byte[] repair(ChunkRecord r) {
        Long pos = streamPos.get(r.id());
        if (pos == null || r.recordLen() > Integer.MAX_VALUE - 16) {
            throw beyond(r, "its record is not covered by the data parity");
        }
        List<String> why = new ArrayList<>();
        for (Source s : sources()) {
            byte[] record = s.parity().read(pos, (int) r.recordLen());
            if (record == null) {
                why.add(s.name() + " parity: more damaged shards than parity");
                continue;
            }
            String bad = verify(r, record);
            if (bad != null) {
                why.add(s.name() + " parity: rebuilt record " + bad);
                continue;
            }
            try {
                return reader.decodeStoredBlock(r, Arrays.copyOfRange(record, 8, record.length));
            } catch (VaultException e) {
                why.add(s.name() + " parity: rebuilt block " + e.failure().id());
            }
        }
        synchronized (this) {
            why.addAll(unusable);
        }
        throw beyond(r, why.isEmpty() ? "the vault has no data parity" : String.join("; ", why));
    }

    /** Null when the record's prefix and cipher hash match the authenticated chunk record. */
    private static String verify(ChunkRecord r, byte[] record) {
        if (LittleEndian.getLong(record, 0) != r.blockLen()) {
            return "has a wrong length prefix";
        }
        if (!Hex.encode(Blake3.hash(record, 8, record.length - 8)).equals(r.cipherHash())) {
            return "does not match its cipher_hash";
        }
        return null;
    }

    private static VaultException beyond(ChunkRecord r, String why) {
        return new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                + ") cannot be repaired from parity: " + why);
    }

    private synchronized List<Source> sources() {
        if (sources != null) {
            return sources;
        }
        List<Source> out = new ArrayList<>();
        VaultHeader h = reader.header();
        for (ExtensionEntry x : reader.extensions()) {
            if (x.extensionId().equals(ExtensionEntry.EC_DATA) && x.length() > 0 && x.offset() + x.length() <= h.extensionPayloadLen()) {
                add(out, "embedded", () -> AvecPayload.open(RegionStream.of(reader.file().source(),
                        h.extensionPayloadOffset() + x.offset(), x.length()), null));
            }
        }
        Path sc = reader.localPath().map(VaultParity::sidecarFor).orElse(null);
        if (sc != null && Files.isRegularFile(sc)) {
            add(out, "detached", () -> {
                sidecar = SidecarReader.open(sc);
                String stale = SidecarBinding.headerMismatch(sidecar, h, h.toBytes());
                if (stale != null) {
                    throw new VaultException(Failure.MALFORMED, "sidecar " + sc.getFileName() + " is stale: " + stale
                            + "; " + SidecarBinding.regenerateHint(reader.localPath().orElseThrow()));
                }
                return sidecar.payload(VaultParity.SEG_DATA);
            });
        }
        sources = List.copyOf(out);
        return sources;
    }

    private interface PayloadOpener {
        AvecPayload open();
    }

    /** Adds a source whose payload opens and covers exactly this vault's data stream; records why not otherwise. */
    private void add(List<Source> out, String name, PayloadOpener opener) {
        try {
            AvecPayload p = opener.open();
            if (p == null || p.geometry().totalLen() != stream.length()) {
                unusable.add(name + " parity does not cover this vault's data stream");
                return;
            }
            out.add(new Source(name, new AvecRangeReader(stream, p)));
        } catch (VaultException e) {
            unusable.add(name + " parity unusable: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (sidecar != null) {
            sidecar.close();
            sidecar = null;
        }
    }
}
