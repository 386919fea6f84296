package org.vaultfs.testing;

import java.nio.charset.StandardCharsets;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.crypt.RandomSource;

/**
 * The reference's deterministic test-vector stream: block i is
 * BLAKE3("AEROVAULT3 test-vectors v1" || i as u64 LE); every request starts on a fresh
 * block and discards the unused tail of its last block. Lives in test code only, so no
 * production entry point can ever seal with predictable keys.
 */
public final class DeterministicRandom implements RandomSource {
    private static final byte[] SEED = "AEROVAULT3 test-vectors v1".getBytes(StandardCharsets.US_ASCII);
    private long counter;

    @Override
    public synchronized byte[] nextBytes(int length) {
        byte[] out = new byte[length];
        int off = 0;
        while (off < length) {
            byte[] input = new byte[SEED.length + 8];
            System.arraycopy(SEED, 0, input, 0, SEED.length);
            long c = counter++;
            for (int i = 0; i < 8; i++) {
                input[SEED.length + i] = (byte) (c >>> (8 * i));
            }
            byte[] block = Blake3.hash(input);
            int n = Math.min(32, length - off);
            System.arraycopy(block, 0, out, off, n);
            off += n;
        }
        return out;
    }
}
