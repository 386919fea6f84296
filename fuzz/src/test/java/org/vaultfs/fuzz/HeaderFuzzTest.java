package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vaultfs.container.VaultHeader;
import org.vaultfs.crypt.HmacSha512;

/**
 * The 1024-byte header. {@link #parse}: raw bytes through the keyless checks of SPEC §3.4
 * steps 1-5 and the layout checks of §15.2 (no key, so every byte is reachable).
 * {@link #authenticatedLayout}: fuzzer-chosen header fields and raw bytes, re-MACed under the
 * real MAC key of a small vault, then a full open and read: the layout, cap and end-of-file
 * checks run on values the MAC no longer shields.
 */
class HeaderFuzzTest {
    private static byte[] pristine;
    private static byte[] macKey;

    @FuzzTest
    void parse(byte[] data) {
        // 16 MiB: per input this is a few KB; the first execution also pays for class initialisation.
        Invariants.withinAllocation(16 << 20, () -> Invariants.refusedOrOk(() -> {
            VaultHeader h = VaultHeader.parse(data);
            // Parsing keeps every byte: re-serializing gives the input's first 1024 bytes back.
            if (!Arrays.equals(h.toBytes(), Arrays.copyOf(data, VaultHeader.SIZE))) {
                throw new AssertionError("header does not round-trip");
            }
            h.checkLayout();
            long[][] regions = {{h.dataOffset(), h.dataLen()}, {h.manifestOffset(), h.manifestLen()},
                {h.extensionDirOffset(), h.extensionDirLen()}, {h.extensionPayloadOffset(), h.extensionPayloadLen()}};
            for (long[] reg : regions) {
                if (reg[0] < 0 || reg[1] < 0 || Math.addExact(reg[0], reg[1]) < 0) {
                    throw new AssertionError("checkLayout accepted an overflowing region");
                }
            }
            h.checkWithin(data.length);
            for (long[] reg : regions) {
                if (reg[0] + reg[1] > data.length) {
                    throw new AssertionError("checkWithin accepted a region past the end");
                }
            }
        }));
    }

    private static synchronized void init() {
        if (pristine == null) {
            Path v = FuzzVaults.small();
            pristine = FuzzVaults.bytes(v);
            macKey = org.vaultfs.container.VaultForge.load(v, FuzzVaults.PASSWORD).macKey;
        }
    }

    @FuzzTest
    void authenticatedLayout(FuzzedDataProvider d) throws IOException {
        init();
        VaultHeader.Builder h = VaultHeader.parse(pristine).toBuilder();
        h.flags = d.consumeBoolean() ? h.flags : d.consumeInt(0, 0xff);
        h.dataOffset = pick(d, h.dataOffset, 4096);
        h.dataLen = pick(d, h.dataLen, 4096);
        h.manifestOffset = pick(d, h.manifestOffset, 4096);
        h.manifestLen = pick(d, h.manifestLen, 4096);
        h.extensionDirOffset = pick(d, h.extensionDirOffset, 4096);
        h.extensionDirLen = pick(d, h.extensionDirLen, 4096);
        h.extensionPayloadOffset = pick(d, h.extensionPayloadOffset, 4096);
        h.extensionPayloadLen = pick(d, h.extensionPayloadLen, 4096);
        h.wrapperHeaderVersion = (int) pick(d, h.wrapperHeaderVersion, 3) & 0xffff;
        byte[] hb = h.build().toBytes();
        // A few raw byte pokes after the wrapped keys (version, header_len, reserved), then re-MAC.
        int pokes = d.consumeInt(0, 3);
        for (int i = 0; i < pokes; i++) {
            int at = d.consumeInt(VaultHeader.RESERVED_START - 70, VaultHeader.MAC_OFFSET - 1);
            hb[at] = d.consumeByte();
        }
        if (d.consumeBoolean()) {
            hb[10] = d.consumeByte();
        }
        Arrays.fill(hb, VaultHeader.MAC_OFFSET, VaultHeader.SIZE, (byte) 0);
        byte[] key = (hb[11] & VaultHeader.FLAG_PLAINTEXT) != 0
                ? org.vaultfs.container.VaultKeys.plaintextLane().macKey()
                : macKey;
        System.arraycopy(HmacSha512.mac(key, hb), 0, hb, VaultHeader.MAC_OFFSET, VaultHeader.MAC_LEN);
        int tailLen = pristine.length - VaultHeader.SIZE;
        int newTail = d.consumeBoolean() ? tailLen : d.consumeInt(0, tailLen + 64);
        byte[] file = Arrays.copyOf(hb, VaultHeader.SIZE + newTail);
        System.arraycopy(pristine, VaultHeader.SIZE, file, VaultHeader.SIZE, Math.min(tailLen, newTail));
        Path work = FuzzVaults.root().resolve("header-layout");
        Files.createDirectories(work);
        Path vault = work.resolve("v.av3");
        Files.write(vault, file);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> ReaderDrill.run(vault, work.resolve("x")));
    }

    /** The real value, a nearby value, or anything. */
    private static long pick(FuzzedDataProvider d, long real, long spread) {
        switch (d.consumeInt(0, 3)) {
            case 0:
                return real;
            case 1:
                return real + d.consumeLong(-spread, spread);
            case 2:
                return d.consumeLong();
            default:
                return d.pickValue(new long[] {0, 1, 1024, Long.MAX_VALUE, Long.MIN_VALUE, -1, 1L << 27, (1L << 27) + 1,
                    1L << 24, (1L << 24) + 1, Integer.MAX_VALUE, 0xffffffffL});
        }
    }
}
