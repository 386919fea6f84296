package org.vaultfs.compression;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Produces exactly the frame of Rust {@code zstd::stream::encode_all(src, level)}: input fed
 * with {@code ZSTD_e_continue}, then an empty {@code ZSTD_e_end}. Starting with continue
 * leaves the content size unknown, so the frame has no content-size field and libzstd picks
 * parameters for an unknown size; a one-shot compress would do neither. Buffered streaming
 * output does not depend on how the input is split, so feeding it in slices is safe.
 *
 * <p>One instance per thread ({@link #get()}): the native context and direct buffers are
 * reused, which matters most at high levels where a context costs tens of MiB to set up.
 */
final class ZstdStreamEncoder {
    static {
        ZstdLibrary.useCopyOnDisk(); // before the first zstd-jni class loads its library
    }

    private static final int SLICE = 128 * 1024;
    private static final ThreadLocal<ZstdStreamEncoder> PER_THREAD = ThreadLocal.withInitial(ZstdStreamEncoder::new);

    private final ZstdCompressCtx ctx = new ZstdCompressCtx();
    private final ByteBuffer in = ByteBuffer.allocateDirect(SLICE);
    private final ByteBuffer out = ByteBuffer.allocateDirect((int) Zstd.compressBound(SLICE));
    private final ByteBuffer empty = ByteBuffer.allocateDirect(0);
    private byte[] scratch = new byte[64 * 1024];
    private int produced;

    static ZstdStreamEncoder get() {
        return PER_THREAD.get();
    }

    static void checkLevel(int level) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "zstd level " + level + " out of range");
        }
    }

    /**
     * The frame for {@code src[off, off+len)}, or null as soon as it is certain to reach
     * {@code limit} bytes (the caller would discard it, so the rest is not compressed).
     */
    byte[] encode(byte[] src, int off, int len, int level, long limit) {
        return encodeWindows(src, new int[] {off}, len, level, limit);
    }

    /**
     * The frame of the concatenation of the windows {@code src[start, start+windowLen)}, one
     * per entry of {@code starts}, or null like {@link #encode}. Streaming output does not
     * depend on how the input is split, so this is the frame of a copied-together sample.
     */
    byte[] encodeWindows(byte[] src, int[] starts, int windowLen, int level, long limit) {
        return run(src, starts, windowLen, level, limit, false) == Outcome.FRAME ? Arrays.copyOf(scratch, produced) : null;
    }

    /**
     * Like {@link #encode}, but the frame is left in this thread's scratch: its length is
     * returned (-1 where {@code encode} gives null) and {@link #scratch()} holds it until this
     * thread's next call. Spares a copy of every frame for callers that consume it at once.
     */
    int encodeInScratch(byte[] src, int off, int len, int level, long limit) {
        return run(src, new int[] {off}, len, level, limit, false) == Outcome.FRAME ? produced : -1;
    }

    byte[] scratch() {
        return scratch;
    }

    /**
     * Whether the frame of the windows' concatenation (as {@link #encodeWindows}) reaches
     * {@code limit} bytes, answered as soon as the answer is certain either way: yes once the
     * output reaches it; no once even incompressible input could not bring it there. Only the
     * answer is kept, so a sample that compresses well stops after a fraction of it.
     */
    boolean reaches(byte[] src, int[] starts, int windowLen, int level, long limit) {
        return run(src, starts, windowLen, level, limit, true) == Outcome.REACHED;
    }

    private enum Outcome { FRAME, REACHED, CANNOT_REACH }

    /** Compresses the windows into {@code scratch} until the frame is done or, as asked, the outcome is certain. */
    private Outcome run(byte[] src, int[] starts, int windowLen, int level, long limit, boolean stopWhenBelow) {
        checkLevel(level);
        ctx.reset();
        ctx.setLevel(level);
        produced = 0;
        long unread = (long) starts.length * windowLen;
        try {
            for (int start : starts) {
                for (int pos = start, end = start + windowLen; pos < end; ) {
                    int n = Math.min(SLICE, end - pos);
                    in.clear();
                    in.put(src, pos, n);
                    in.flip();
                    pos += n;
                    while (in.hasRemaining()) {
                        int before = in.remaining();
                        if (!step(in, EndDirective.CONTINUE, limit)) {
                            return abandon(Outcome.REACHED);
                        }
                        unread -= before - in.remaining();
                        if (stopWhenBelow && cannotReach(unread, limit)) {
                            return abandon(Outcome.CANNOT_REACH);
                        }
                    }
                }
            }
            boolean done;
            do {
                out.clear();
                done = ctx.compressDirectByteBufferStream(out, empty, EndDirective.END);
                if (!drain(limit)) {
                    return abandon(Outcome.REACHED);
                }
            } while (!done);
            return Outcome.FRAME;
        } catch (ZstdException e) {
            ctx.reset();
            // Level and input are valid by now, so this is libzstd failing (e.g. allocation).
            throw new VaultException(Failure.IO, "zstd compression failed: " + e.getMessage(), e);
        }
    }

    /**
     * An upper bound of the final frame, below {@code limit}. zstd never emits a block larger
     * than its input plus a 3-byte block header (it stores it raw instead), writes a frame
     * header of at most 18 bytes, and holds back less than one 128 KiB block of consumed input
     * (counted twice here, for margin); so the frame cannot exceed what is out, plus the header,
     * plus every byte not yet represented in it with a header per block.
     */
    private boolean cannotReach(long unread, long limit) {
        long pending = unread + 2L * BLOCK;
        long bound = produced + FRAME_HEADER_MAX + pending + BLOCK_HEADER * (pending / BLOCK + 2);
        return bound < limit;
    }

    private static final int BLOCK = 128 * 1024;
    private static final int FRAME_HEADER_MAX = 18;
    private static final int BLOCK_HEADER = 3;

    private boolean step(ByteBuffer input, EndDirective directive, long limit) {
        out.clear();
        ctx.compressDirectByteBufferStream(out, input, directive);
        return drain(limit);
    }

    private boolean drain(long limit) {
        out.flip();
        int n = out.remaining();
        if (produced + (long) n >= limit) {
            return false;
        }
        if (produced + n > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(produced + n, scratch.length * 2));
        }
        out.get(scratch, produced, n);
        produced += n;
        return true;
    }

    // The context is mid-frame; reset so the next encode starts clean.
    private Outcome abandon(Outcome why) {
        ctx.reset();
        return why;
    }
}
