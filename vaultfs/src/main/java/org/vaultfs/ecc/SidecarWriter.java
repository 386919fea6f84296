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
    public record Window(long offset, StreamSource bytes) {
    }

    /** Supplies the content SHA-256 once every window has been streamed through the observer. */
    public interface ContentHash {
        AvecEncoder.Observer observer();

        byte[] digest();
    }

    private SidecarWriter() {
    }

    /** @return the sidecar length */
    public static long write(StreamSink out, long totalLen, List<Window> windows, EcGrid grid, int threads,
                             ContentHash hash) {
        int n = windows.size();
        long at = SidecarFormat.parityStart(n);
        List<SidecarDirectory.Segment> segs = new ArrayList<>(n);
        for (Window w : windows) {
            long wl = w.bytes().length();
            long avecLen = AvecEncoder.encode(w.bytes(), grid, out, at, threads, hash.observer());
            byte[] geo = wl == 0 ? new byte[32] : AvecGeometry.forStream(wl, grid).toBytes();
            segs.add(new SidecarDirectory.Segment(w.offset(), wl, avecLen, geo));
            at += avecLen;
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
