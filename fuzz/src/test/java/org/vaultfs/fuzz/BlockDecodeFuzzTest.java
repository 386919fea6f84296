package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.compression.ChunkDecompressor;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.FuzzAccess;
import org.vaultfs.container.VaultForge;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/**
 * Block decoding (SPEC §6.5 steps 7-8, §11.4) on blocks forged under a real master key: the
 * fuzzer picks the payload (raw bytes, a real zstd frame of its bytes, or a damaged frame),
 * the declared plaintext length, the raw flag, and whether the AAD (index, id) or the sealed
 * bytes disagree with the record. Oracle: a mismatched AAD or damaged block is exactly
 * {@code block-auth}; otherwise the result equals a reference streaming decode read up to
 * {@code plaintext_len + 1} bytes, and output past {@code plaintext_len} is exactly
 * {@code decompression-bomb}; the mount's pooled in-place decode agrees with it exactly.
 * Records stay within what the open-time validator admits (plaintext_len at most the default
 * 4 MiB chunk maximum, raw payload length = plaintext_len).
 */
class BlockDecodeFuzzTest {
    private static VaultReader reader;
    private static VaultForge forge;

    private static synchronized void init() {
        if (reader == null) {
            reader = VaultReader.open(FuzzVaults.small(), FuzzVaults.PASSWORD, CachingKdf.INSTANCE);
            forge = VaultForge.load(FuzzVaults.small(), FuzzVaults.PASSWORD);
        }
    }

    @FuzzTest
    void decode(FuzzedDataProvider d) {
        init();
        boolean raw = d.consumeBoolean();
        int mode = d.consumeInt(0, 2);
        long index = d.consumeBoolean() ? 0 : d.consumeLong(0, Long.MAX_VALUE);
        String id = d.consumeBoolean() ? "0123456789abcdef0123456789abcdef" : hexId(d.consumeLong());
        boolean wrongAad = d.consumeBoolean();
        int flip = d.consumeBoolean() ? -1 : d.consumeInt(0, Integer.MAX_VALUE);
        int level = d.consumeInt(-5, 19);
        long declared = d.consumeLong(-3, 4L << 20);
        boolean exact = d.consumeBoolean();
        byte[] content = d.consumeRemainingAsBytes();

        byte[] payload;
        if (raw || mode == 0) {
            payload = content;
        } else {
            payload = Zstd.compress(content, level);
            if (mode == 2 && payload.length > 0) {
                // Damage the frame deterministically from the content itself.
                int at = content.length == 0 ? 0 : (content[0] & 0xff) % payload.length;
                payload[at] ^= (byte) (content.length == 0 ? 1 : content[content.length - 1] | 1);
            }
        }
        long plaintextLen = raw ? payload.length : exact ? content.length : Math.max(0, declared);
        byte[] block = forge.sealBlock(index, id, payload);
        boolean damaged = flip >= 0;
        if (damaged) {
            int at = flip % block.length;
            block[at] ^= (byte) (1 << (flip >>> 28 & 7));
        }
        long recIndex = wrongAad ? index ^ 1 : index;
        ChunkRecord r = new ChunkRecord(id, recIndex, 0, block.length, plaintextLen, payload.length,
                "0".repeat(64), raw);

        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> {
            byte[][] out = new byte[1][];
            VaultException e = Invariants.refusedOrOk(() -> out[0] = FuzzAccess.decodeBlock(reader, r, block));
            if (wrongAad || damaged) {
                expect(e, Failure.BLOCK_AUTH, "forged or damaged block");
                return;
            }
            if (raw) {
                if (e != null || !Arrays.equals(out[0], payload)) {
                    throw new AssertionError("raw block did not decode to its payload", e);
                }
                return;
            }
            Reference ref = Reference.of(payload, plaintextLen);
            String what = " (payload " + payload.length + " bytes, plaintext_len " + plaintextLen + ", reference "
                    + ref.bytes.length + (ref.error ? " bytes then error)" : " bytes)");
            if (ref.bytes.length > plaintextLen) {
                // A frame that also turns out invalid further on may be refused for either: the
                // one-shot decoder checks a block's size against the input before it writes the
                // block's output (SPEC §11.4). Found by fuzzing: a truncated frame, plaintext_len 0.
                boolean invalidLater = Reference.of(payload, 8L << 20).error;
                if (!(invalidLater && e != null && e.failure() == Failure.MALFORMED)) {
                    expect(e, Failure.DECOMPRESSION_BOMB, "frame expanding past plaintext_len" + what);
                }
            } else if (ref.error) {
                // An invalid frame whose header already claims more than plaintext_len is refused by the
                // one-shot decoder as a bomb before it finds the damage; either name is a clean refusal.
                if (e == null || (e.failure() != Failure.MALFORMED && e.failure() != Failure.DECOMPRESSION_BOMB)) {
                    expect(e, Failure.MALFORMED, "invalid frame" + what);
                }
            } else if (ref.bytes.length < plaintextLen) {
                expect(e, Failure.MALFORMED, "short frame" + what);
            } else {
                if (e != null || !Arrays.equals(out[0], ref.bytes)) {
                    throw new AssertionError("valid frame of exactly plaintext_len bytes was not decoded", e);
                }
            }
        });
        // The mount decodes through pooled arrays, in place: same bytes or the same refusal.
        byte[][] viaCopy = new byte[1][];
        VaultException copyFailure = Invariants.refusedOrOk(() -> viaCopy[0] = FuzzAccess.decodeBlock(reader, r, block));
        byte[][] pooled = new byte[1][];
        VaultException pooledFailure = Invariants.refusedOrOk(() -> pooled[0] = FuzzAccess.decodeBlockInto(reader, r, block));
        if (copyFailure != null || pooledFailure != null) {
            if (copyFailure == null || pooledFailure == null || copyFailure.failure() != pooledFailure.failure()) {
                throw new AssertionError("pooled decode: " + (pooledFailure == null ? "success" : pooledFailure.failure().id())
                        + ", allocating decode: " + (copyFailure == null ? "success" : copyFailure.failure().id()), pooledFailure);
            }
        } else if (!Arrays.equals(viaCopy[0], pooled[0])) {
            throw new AssertionError("pooled decode handed over other bytes than the allocating decode");
        }
        // The public decompressor refuses a declared length above its cap before allocating.
        // (8 MiB: the first execution also pays for lazily created decoder state.)
        Invariants.withinAllocation(8 << 20, () -> {
            VaultException e = Invariants.refusedOrOk(() ->
                    ChunkDecompressor.decode(payload, 0, payload.length, CdcBounds.MAX_MAX + 1L + (declared & 0xffff), Long.MAX_VALUE));
            expect(e, Failure.BOUNDS, "declared length above the 256 MiB cap");
        });
    }

    private static void expect(VaultException e, Failure f, String what) {
        if (e == null || e.failure() != f) {
            throw new AssertionError(what + ": expected " + f.id() + " but got "
                    + (e == null ? "success" : e.failure().id() + " (" + e.getMessage() + ")"), e);
        }
    }

    private static String hexId(long v) {
        String h = String.format("%016x", v);
        return h + h;
    }

    /** Streaming decode of the payload, reading at most limit + 1 bytes. */
    private record Reference(byte[] bytes, boolean error) {
        static Reference of(byte[] payload, long limit) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean error = false;
            try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(payload))) {
                byte[] buf = new byte[8192];
                long want = limit + 1;
                while (out.size() < want) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, want - out.size()));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                error = true;
            }
            if (payload.length == 0) {
                error = true;
            }
            return new Reference(out.toByteArray(), error);
        }
    }
}
