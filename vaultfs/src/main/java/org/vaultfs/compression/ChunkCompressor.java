package org.vaultfs.compression;

import com.github.luben.zstd.Zstd;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Temporary zstd seam for the container until the compression package lands. */
public final class ChunkCompressor {
    private ChunkCompressor() {
    }

    public static byte[] decompress(byte[] in, int off, int len, int plaintextLen) {
        byte[] out = new byte[plaintextLen];
        long n = Zstd.decompressByteArray(out, 0, plaintextLen, in, off, len);
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
