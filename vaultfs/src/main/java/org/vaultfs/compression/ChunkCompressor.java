package org.vaultfs.compression;

import com.github.luben.zstd.Zstd;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Temporary zstd seam for the container until the compression package lands. */
public final class ChunkCompressor {
    private ChunkCompressor() {
    }

    /** Stored form of a chunk: zstd frame, or the plaintext itself when incompressible. */
    public record Encoded(byte[] bytes, int offset, int length, boolean raw) {
    }

    public static Encoded encode(byte[] in, int off, int len, int level) {
        if (len > 0 && probeIncompressible(in, off, len)) {
            return new Encoded(in, off, len, true);
        }
        byte[] z = streamCompress(in, off, len, level);
        if (z.length >= len) {
            return new Encoded(in, off, len, true);
        }
        return new Encoded(z, 0, z.length, false);
    }

    private static boolean probeIncompressible(byte[] in, int off, int len) {
        int sample = Math.min(len, 64 * 1024);
        byte[] z = streamCompress(in, off, sample, 3);
        return (long) z.length * 100 >= (long) sample * 97;
    }

    private static byte[] streamCompress(byte[] in, int off, int len, int level) {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream(len / 2 + 64);
        try (com.github.luben.zstd.ZstdOutputStream z = new com.github.luben.zstd.ZstdOutputStream(bos, level)) {
            z.write(in, off, len);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    public static byte[] decompress(byte[] in, int off, int len, int plaintextLen) {
        byte[] out = new byte[plaintextLen];
        long n;
        try {
            n = Zstd.decompressByteArray(out, 0, plaintextLen, in, off, len);
        } catch (com.github.luben.zstd.ZstdException e) {
            // zstd-jni throws (rather than returning an error code) for every decoding error.
            if (e.getErrorCode() == Zstd.errDstSizeTooSmall()) {
                throw new VaultException(Failure.DECOMPRESSION_BOMB, "block decompresses past its declared " + plaintextLen + " bytes");
            }
            throw new VaultException(Failure.MALFORMED, "block is not valid zstd: " + e.getMessage());
        }
        if (Zstd.isError(n)) {
            String name = Zstd.getErrorName(n);
            if (Zstd.getErrorCode(n) == Zstd.errDstSizeTooSmall()) {
                throw new VaultException(Failure.DECOMPRESSION_BOMB, "block decompresses past its declared " + plaintextLen + " bytes");
            }
            throw new VaultException(Failure.MALFORMED, "block is not valid zstd: " + name);
        }
        if (n != plaintextLen) {
            throw new VaultException(Failure.MALFORMED, "block decompresses to " + n + " bytes, declared " + plaintextLen);
        }
        return out;
    }
}
