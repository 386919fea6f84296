package org.vaultfs.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Bounded decompression of one stored chunk. Decodes straight into an output of exactly the
 * declared plaintext length, so a hostile frame can never make us allocate or write more;
 * a frame that wants more room is a {@link Failure#DECOMPRESSION_BOMB}, one that yields
 * fewer bytes or does not parse is {@link Failure#MALFORMED} (stored bytes are
 * authenticated before they get here, so a bad frame means a bad writer, not bit rot).
 * Concatenated frames and skippable frames are accepted, as libzstd does.
 */
public final class ChunkDecompressor {
    static {
        ZstdLibrary.useCopyOnDisk(); // before the first zstd-jni class loads its library
    }

    private static final ThreadLocal<ZstdDecompressCtx> PER_THREAD = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private ChunkDecompressor() {
    }

    /**
     * Decodes to a new array of exactly {@code plaintextLen} bytes.
     *
     * @param maxPlaintextLen the vault's chunk maximum; a larger declared length is refused
     *     ({@link Failure#BOUNDS}) before anything is allocated
     */
    public static byte[] decode(byte[] in, int off, int len, long plaintextLen, long maxPlaintextLen) {
        byte[] out = new byte[checkedLength(plaintextLen, maxPlaintextLen)];
        decodeInto(in, off, len, out, 0, out.length);
        return out;
    }

    /** The declared plaintext length, refused ({@link Failure#BOUNDS}) above the chunk maximum, before anything is sized by it. */
    public static int checkedLength(long plaintextLen, long maxPlaintextLen) {
        long cap = Math.min(maxPlaintextLen, CdcBounds.MAX_MAX);
        if (plaintextLen < 0 || plaintextLen > cap) {
            throw new VaultException(Failure.BOUNDS,
                    "declared chunk plaintext length " + plaintextLen + " exceeds limit " + cap);
        }
        return (int) plaintextLen;
    }

    /** Decodes into {@code out[outOff, outOff+plaintextLen)}, which the caller has sized. */
    public static void decodeInto(byte[] in, int off, int len, byte[] out, int outOff, int plaintextLen) {
        java.util.Objects.checkFromIndexSize(off, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, plaintextLen, out.length);
        if (len == 0) {
            // libzstd decodes zero input bytes to zero output without complaint, but no bytes are no frame (SPEC §11.4).
            throw new VaultException(Failure.MALFORMED, "corrupt zstd chunk: empty payload is not a zstd frame");
        }
        ZstdDecompressCtx ctx = PER_THREAD.get();
        int n;
        try {
            n = ctx.decompressByteArray(out, outOff, plaintextLen, in, off, len);
        } catch (ZstdException e) {
            ctx.reset();
            if (e.getErrorCode() == Zstd.errDstSizeTooSmall()) {
                throw new VaultException(Failure.DECOMPRESSION_BOMB,
                        "zstd chunk expands past its declared " + plaintextLen + " bytes", e);
            }
            throw new VaultException(Failure.MALFORMED, "corrupt zstd chunk: " + e.getMessage(), e);
        }
        if (n != plaintextLen) {
            throw new VaultException(Failure.MALFORMED,
                    "zstd chunk decoded to " + n + " bytes, declared " + plaintextLen);
        }
    }
}
