package org.vaultfs.ecc;

import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A stored AVEC payload opened for checking or repair: its geometry and checksum tables
 * are loaded, parity shards are read on demand. The checksum tables are at most 1/256 of
 * the payload, whose length the caller has already bounded by the real file.
 */
public final class AvecPayload {
    private final StreamSource bytes;
    private final AvecGeometry geometry;
    private final byte[] dataSums;
    private final byte[] paritySums;

    private AvecPayload(StreamSource bytes, AvecGeometry geometry, byte[] dataSums, byte[] paritySums) {
        this.bytes = bytes;
        this.geometry = geometry;
        this.dataSums = dataSums;
        this.paritySums = paritySums;
    }

    /**
     * Opens a non-empty payload. {@code healedHeader}, when given, replaces the payload's own
     * first 32 bytes (the sidecar keeps a protected copy of every geometry header).
     */
    public static AvecPayload open(StreamSource bytes, byte[] healedHeader) {
        byte[] head = new byte[AvecGeometry.HEADER_LEN];
        if (healedHeader != null) {
            System.arraycopy(healedHeader, 0, head, 0, AvecGeometry.HEADER_LEN);
        } else {
            bytes.read(0, head, 0, AvecGeometry.HEADER_LEN);
        }
        AvecGeometry geo = AvecGeometry.parse(head, 0);
        long expected = geo.payloadLength();
        if (bytes.length() != expected) {
            throw new VaultException(Failure.MALFORMED, "AVEC payload is " + bytes.length()
                    + " bytes but its geometry needs " + expected);
        }
        byte[] data;
        byte[] parity;
        try {
            data = new byte[Math.toIntExact(geo.numData() * AvecGeometry.CHECKSUM_LEN)];
            parity = new byte[Math.toIntExact(geo.numParity() * AvecGeometry.CHECKSUM_LEN)];
        } catch (ArithmeticException e) {
            throw new VaultException(Failure.BOUNDS, "AVEC checksum table is too large");
        }
        bytes.read(geo.dataChecksumOffset(0), data, 0, data.length);
        bytes.read(geo.parityChecksumOffset(0), parity, 0, parity.length);
        return new AvecPayload(bytes, geo, data, parity);
    }

    public AvecGeometry geometry() {
        return geometry;
    }

    boolean dataShardIntact(long index, byte[] shard) {
        return ShardChecksum.matches(shard, geometry.shardSize(), dataSums, (int) (index * AvecGeometry.CHECKSUM_LEN));
    }

    boolean parityShardIntact(long index, byte[] shard) {
        return ShardChecksum.matches(shard, geometry.shardSize(), paritySums, (int) (index * AvecGeometry.CHECKSUM_LEN));
    }

    void readParity(long index, byte[] dst) {
        bytes.read(geometry.parityOffset(index), dst, 0, geometry.shardSize());
    }
}
