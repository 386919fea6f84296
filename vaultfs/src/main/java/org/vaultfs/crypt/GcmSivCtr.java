package org.vaultfs.crypt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * AES-GCM-SIV's counter mode (RFC 8452 section 4): the counter is the first 32 bits of the
 * block read little-endian, incremented modulo 2^32, the other 96 bits fixed. The JDK's CTR
 * mode carries across the whole block big-endian, so instead a buffer of counter blocks is
 * encrypted in one ECB call (where the AES intrinsics apply) and XORed into the data.
 *
 * <p>Not thread-safe; one instance per thread.
 */
final class GcmSivCtr {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BATCH = 8192;

    private final byte[] counters = new byte[BATCH];
    private final byte[] stream = new byte[BATCH];

    /**
     * XORs the keystream of {@code ecb} (initialised for encryption under the message key)
     * started at {@code initialCounter} into {@code len} bytes of {@code in}, writing
     * {@code out}. {@code out} may be {@code in} at the same offset.
     */
    void apply(Cipher ecb, byte[] initialCounter, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        for (int b = 0; b < BATCH; b += 16) {
            System.arraycopy(initialCounter, 4, counters, b + 4, 12);
        }
        int ctr = (int) LE_INT.get(initialCounter, 0);
        int done = 0;
        while (done < len) {
            int n = Math.min(BATCH, len - done);
            int blocksBytes = (n + 15) & ~15;
            for (int b = 0; b < blocksBytes; b += 16) {
                LE_INT.set(counters, b, ctr++);
            }
            ecb.update(counters, 0, blocksBytes, stream, 0);
            int i = 0;
            int words = n & ~7;
            for (; i < words; i += 8) {
                long x = (long) LE_LONG.get(in, inOff + done + i) ^ (long) LE_LONG.get(stream, i);
                LE_LONG.set(out, outOff + done + i, x);
            }
            for (; i < n; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ stream[i]);
            }
            done += n;
        }
    }

    /** Drops keystream left over from the last message. */
    void wipe() {
        Arrays.fill(stream, (byte) 0);
    }
}
