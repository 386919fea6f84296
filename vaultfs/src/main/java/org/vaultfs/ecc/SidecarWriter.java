package org.vaultfs.ecc;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a version-2 {@code .aerocorrect} file: every segment's AVEC payload streamed into
 * the parity region at its precomputed offset, then the prefix and the three locator copies
 * (written last because the locator holds the content hash, known only at the end).
 */
public final class SidecarWriter {
    /** One window to protect: its place in the protected stream and its bytes. */
    public record Window(long offset, long length, StreamSource bytes) {
        public Window(long offset, StreamSource bytes) {
            this(offset, bytes.length(), bytes);
        }
    }

    /** Supplies the content SHA-256 once every window has been streamed through the observer. */
    public interface ContentHash {
        AvecEncoder.Observer observer();

        byte[] digest();
    }

    /** A content hash computed beforehand (a vault's sidecar hashes the whole vault file). */
    public static ContentHash precomputed(byte[] sha256) {
        return new ContentHash() {
            @Override
            public AvecEncoder.Observer observer() {
                return AvecEncoder.NONE;
            }

            @Override
            public byte[] digest() {
                return sha256.clone();
            }
        };
    }

    private SidecarWriter() {
    }

    /** @return the sidecar length */
    public static long write(StreamSink out, long totalLen, List<Window> windows, EcGrid grid, int threads,
                             ContentHash hash) {
        int n = windows.size();
        long at = SidecarFormat.parityStart(n);
        List<SidecarDirectory.Segment> segs = new ArrayList<>(n);
        // One pipeline for every window: the next window's groups start while the previous one's
        // last groups are still encoding.
        try (GroupPipeline pipe = new GroupPipeline(threads)) {
            for (Window w : windows) {
                long streamLen = w.bytes().length();
                long avecLen = AvecEncoder.submit(w.bytes(), grid, out, at, pipe, hash.observer());
                byte[] geo = streamLen == 0 ? new byte[32] : AvecGeometry.forStream(streamLen, grid).toBytes();
                segs.add(new SidecarDirectory.Segment(w.offset(), w.length(), avecLen, geo));
                at += avecLen;
            }
            pipe.finish();
        }
        SidecarDirectory dir = SidecarDirectory.of(totalLen, hash.digest(), segs);
        byte[] d = dir.encode();
        byte[] sum = org.vaultfs.crypt.Blake3.hash(d);
        byte[] prefix = new byte[SidecarFormat.PREFIX_LEN];
        System.arraycopy(SidecarFormat.MAGIC, 0, prefix, 0, 8);
        prefix[8] = (byte) SidecarFormat.VERSION;
        for (int i = 0; i < SidecarFormat.COPIES; i++) {
            for (int b = 0; b < 4; b++) {
                prefix[9 + 4 * i + b] = (byte) (n >>> 8 * b);
            }
        }
        out.write(0, prefix, 0, prefix.length);
        long pos = prefix.length;
        for (int i = 0; i < SidecarFormat.COPIES; i++) {
            out.write(pos, d, 0, d.length);
            out.write(pos + d.length, sum, 0, sum.length);
            pos += d.length + sum.length;
        }
        return at;
    }
}
