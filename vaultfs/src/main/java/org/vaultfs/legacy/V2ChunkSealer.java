package org.vaultfs.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.Wipe;

/**
 * Seals a file's bytes as AEROVAULT2 chunk records (SPEC.md §19): fixed chunks of the header's
 * chunk size, each {@code u32 len || nonce || AES-256-GCM-SIV || tag} under a fresh random
 * nonce, wrapped whole in ChaCha20-Poly1305 under the cascade, with the AAD of
 * {@link V2ChunkSource.Aad}. The chunk count is bound into every AAD up front, so a stream
 * that turns out longer or shorter than announced is reported, not stored.
 */
final class V2ChunkSealer implements AutoCloseable {
    private static final int NONCE = 12;

    private final AesGcmSiv gcm;
    private final SecretKeySpec chachaKey;
    private final Cipher chacha;
    private final int chunkSize;
    private final RandomSource random;
    private final byte[] buf;

    V2ChunkSealer(V2Keys keys, boolean cascade, int chunkSize, RandomSource random) {
        this.gcm = new AesGcmSiv(keys.masterKey);
        this.chachaKey = cascade ? new SecretKeySpec(keys.chachaKey, "ChaCha20") : null;
        try {
            this.chacha = cascade ? Cipher.getInstance("ChaCha20-Poly1305") : null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
        }
        this.chunkSize = chunkSize;
        this.random = random;
        this.buf = new byte[chunkSize];
    }

    /** How many chunks a file of {@code size} bytes takes (0 for an empty one). */
    long chunkCount(long size) {
        return (size + chunkSize - 1) / chunkSize;
    }

    /**
     * Reads exactly {@code size} bytes from {@code in} and writes their chunk records to
     * {@code out} at {@code pos}; returns the bytes written, or -1 when the stream held another
     * number of bytes (what was written is then garbage for the caller to cut off).
     */
    long seal(InputStream in, long size, byte[] fileId, FileChannel out, long pos, ProgressListener progress)
            throws IOException {
        long count = chunkCount(size);
        long read = 0;
        long at = pos;
        for (long i = 0; i < count; i++) {
            int want = (int) Math.min(chunkSize, size - read);
            int n = in.readNBytes(buf, 0, want);
            if (n != want) {
                return -1;
            }
            at += write(out, at, record(n, new V2ChunkSource.Aad(fileId, count, i).bytes()));
            read += n;
            progress.advanced(n);
        }
        return in.read() >= 0 ? -1 : at - pos;
    }

    private byte[] record(int n, byte[] aad) {
        byte[] nonce = random.nextBytes(NONCE);
        byte[] ct = gcm.seal(nonce, buf, 0, n, aad);
        int inner = NONCE + ct.length;
        int stored = chacha == null ? inner : NONCE + inner + 16;
        byte[] rec = new byte[4 + stored];
        LittleEndian.putInt(rec, 0, stored);
        if (chacha == null) {
            System.arraycopy(nonce, 0, rec, 4, NONCE);
            System.arraycopy(ct, 0, rec, 4 + NONCE, ct.length);
            return rec;
        }
        byte[] plain = new byte[inner];
        System.arraycopy(nonce, 0, plain, 0, NONCE);
        System.arraycopy(ct, 0, plain, NONCE, ct.length);
        byte[] outerNonce = random.nextBytes(NONCE);
        System.arraycopy(outerNonce, 0, rec, 4, NONCE);
        try {
            chacha.init(Cipher.ENCRYPT_MODE, chachaKey, new IvParameterSpec(outerNonce));
            chacha.updateAAD(aad);
            chacha.doFinal(plain, 0, plain.length, rec, 4 + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 refused a fresh nonce", e);
        }
        return rec;
    }

    private static long write(FileChannel ch, long pos, byte[] b) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b);
        long at = pos;
        while (src.hasRemaining()) {
            at += ch.write(src, at);
        }
        return b.length;
    }

    @Override
    public void close() {
        Wipe.zero(buf);
        gcm.destroy();
    }
}
