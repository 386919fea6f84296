package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class AvecCodecTest {
    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Runs a repairing scan of {@code damaged} in place; returns the report. */
    static AvecReport repairInPlace(byte[] damaged, byte[] payload, int threads) {
        ArrayStream s = new ArrayStream(damaged);
        return AvecScanner.scan(s, AvecPayload.open(new ArrayStream(payload), null), threads, AvecScanner.patchInto(s));
    }

    @Test
    void gridMatchesTheReferenceTable() {
        assertEquals(new EcGrid(20, 1), EcGrid.forPct(5));
        assertEquals(new EcGrid(14, 1), EcGrid.forPct(7));
        assertEquals(new EcGrid(20, 2), EcGrid.forPct(10));
        assertEquals(new EcGrid(13, 2), EcGrid.forPct(15));
        assertEquals(new EcGrid(10, 2), EcGrid.forPct(20));
        assertEquals(new EcGrid(8, 2), EcGrid.forPct(25));
        assertEquals(new EcGrid(7, 2), EcGrid.forPct(30));
        assertEquals(new EcGrid(4, 2), EcGrid.forPct(50));
        assertEquals(EcGrid.forPct(5), EcGrid.forPct(1));
        assertEquals(EcGrid.forPct(50), EcGrid.forPct(99));
        assertEquals(EcGrid.DEFAULT, EcGrid.forManifestPct(null));
        assertEquals(7, EcLevel.parse("low"));
        assertEquals(15, EcLevel.parse("MEDIUM"));
        assertEquals(25, EcLevel.parse("quartile"));
        assertEquals(30, EcLevel.parse("high"));
        assertEquals(50, EcLevel.parse("50%"));
        assertEquals(5, EcLevel.parse("5"));
        assertEquals(EcLevel.NONE, EcLevel.parse("none"));
        // The reference clamps; a user who asked for 80 % or 4 % is told instead.
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> EcLevel.parse("80%")).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> EcLevel.parse("4")).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> EcLevel.parse("lots")).failure());
    }

    @Test
    void payloadLayoutAndLengthFollowTheGeometry() {
        byte[] data = random(1, 50_000);
        byte[] payload = AvecEncoder.encode(data, EcGrid.DEFAULT);
        AvecGeometry g = AvecGeometry.parse(payload, 0);
        assertEquals(new AvecGeometry(10, 2, 5000, 50_000), g);
        assertEquals(32 + 16 * (10 + 2) + 2 * 5000, payload.length);
        assertEquals(0, AvecEncoder.encode(new byte[0], EcGrid.DEFAULT).length);
        assertTrue(repairInPlace(data.clone(), payload, 1).clean());
    }

    @Test
    void parallelEncodingIsByteIdenticalToSequential() {
        byte[] data = random(2, 9 * 1024 * 1024 + 333);
        EcGrid grid = EcGrid.forPct(50);
        byte[] one = new byte[(int) AvecGeometry.payloadLength(data.length, grid)];
        byte[] two = one.clone();
        AvecEncoder.encode(new ArrayStream(data), grid, new ArrayStream(one), 0, 1, AvecEncoder.NONE);
        AvecEncoder.encode(new ArrayStream(data), grid, new ArrayStream(two), 0, 2, AvecEncoder.NONE);
        assertArrayEquals(one, two);
        assertTrue(AvecGeometry.parse(one, 0).numGroups() > 1);
    }

    @Test
    void upToPErasuresPerGroupAreRebuiltAndOneMoreLeavesTheGroupUntouched() {
        byte[] data = random(3, 60_000);
        byte[] payload = AvecEncoder.encode(data, EcGrid.DEFAULT);
        int s = AvecGeometry.parse(payload, 0).shardSize();
        byte[] two = data.clone();
        two[0] ^= 1;
        two[s + 7] ^= 0x40;
        AvecReport r = repairInPlace(two, payload, 1);
        assertEquals(2, r.repairedShards());
        assertArrayEquals(data, two);
        byte[] three = data.clone();
        three[0] ^= 1;
        three[s] ^= 1;
        three[2 * s] ^= 1;
        byte[] before = three.clone();
        AvecReport r3 = repairInPlace(three, payload, 1);
        assertFalse(r3.repairable());
        assertEquals(1, r3.unrecoverableGroups());
        assertArrayEquals(before, three);
    }

    @Test
    void damagedParityIsRoutedAround() {
        byte[] data = random(4, 70_000);
        byte[] payload = AvecEncoder.encode(data, EcGrid.DEFAULT);
        AvecGeometry g = AvecGeometry.parse(payload, 0);
        payload[(int) g.parityOffset(0) + 5] ^= 1;
        byte[] damaged = data.clone();
        damaged[100] ^= 1;
        AvecReport r = repairInPlace(damaged, payload, 1);
        assertEquals(1, r.damagedParity());
        assertEquals(1, r.repairedShards());
        assertArrayEquals(data, damaged);
    }

    @Test
    void multiGroupStreamsRepairOneErasurePerGroupWithThreads() {
        byte[] data = random(5, 10 * 1024 * 1024);
        byte[] payload = AvecEncoder.encode(data, new EcGrid(4, 2));
        AvecGeometry g = AvecGeometry.parse(payload, 0);
        byte[] damaged = data.clone();
        for (long grp = 0; grp < g.numGroups(); grp++) {
            damaged[(int) (grp * g.k() * g.shardSize())] ^= (byte) 0xFF;
        }
        AvecReport r = repairInPlace(damaged, payload, 2);
        assertEquals(g.numGroups(), r.repairedShards());
        assertArrayEquals(data, damaged);
    }

    @Test
    void hostileGeometryIsRefusedBeforeAllocating() {
        byte[] payload = AvecEncoder.encode(random(6, 20_000), EcGrid.DEFAULT);
        byte[] bigLen = payload.clone();
        for (int i = 14; i < 21; i++) {
            bigLen[i] = (byte) 0xFF;
        }
        assertThrows(VaultException.class, () -> AvecPayload.open(new ArrayStream(bigLen), null));
        byte[] tinyShard = payload.clone();
        tinyShard[10] = 1;
        tinyShard[11] = 0;
        assertThrows(VaultException.class, () -> AvecPayload.open(new ArrayStream(tinyShard), null));
        assertThrows(VaultException.class, () -> AvecScanner.scan(new ArrayStream(new byte[19_999]),
                AvecPayload.open(new ArrayStream(payload), null), 1, AvecScanner.DISCARD));
    }

    /**
     * The last group of a stream holds fewer data shards than K; its other slots count as
     * zeros. On one thread every group reuses one set of shard buffers, so those slots still
     * hold the previous group's bytes: the parity must be what full zero slots give, and a
     * repair in that group must rebuild the stream, not the previous group's leftovers.
     */
    @Test
    void aShortLastGroupCountsItsEmptySlotsAsZerosWhateverTheBuffersHeld() {
        EcGrid grid = new EcGrid(4, 2);
        int s = 1 << 20; // the largest shard: only then does a stream have more than one group
        byte[] data = random(7, (2 * 4 + 1) * s + 100); // 10 data shards: groups of 4, 4 and 2
        byte[] payload = new byte[(int) AvecGeometry.payloadLength(data.length, grid)];
        AvecEncoder.encode(new ArrayStream(data), grid, new ArrayStream(payload), 0, 1, AvecEncoder.NONE);
        AvecGeometry g = AvecGeometry.parse(payload, 0);
        assertEquals(s, g.shardSize());
        assertEquals(3, g.numGroups());
        byte[][] shards = new byte[6][s];
        for (int i = 0; i < 2; i++) {
            int from = (8 + i) * s;
            System.arraycopy(data, from, shards[i], 0, Math.min(s, data.length - from));
        }
        new ReedSolomon(4, 2).encodeParity(shards, 0, s);
        for (int j = 0; j < 2; j++) {
            int at = (int) g.parityOffset(2 * 2 + j);
            assertArrayEquals(shards[4 + j], java.util.Arrays.copyOfRange(payload, at, at + s), "parity " + j + " of the last group");
        }
        byte[] damaged = data.clone();
        damaged[8 * s + 17] ^= 0x5A;
        damaged[0] ^= 1; // and one in the first group, so the shared buffers carry data into the last
        AvecReport r = repairInPlace(damaged, payload, 1);
        assertEquals(2, r.repairedShards());
        assertArrayEquals(data, damaged);
    }
}
