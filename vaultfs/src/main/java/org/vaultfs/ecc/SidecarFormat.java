package org.vaultfs.ecc;

import java.nio.charset.StandardCharsets;

/** Fixed framing constants and arithmetic of the {@code .aerocorrect} file (SPEC.md §14). */
public final class SidecarFormat {
    public static final byte[] MAGIC = "AEROCORR".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 2;
    public static final int VERSION_1 = 1;
    public static final String EXTENSION = ".aerocorrect";
    public static final long WINDOW = 64L << 20;
    static final int COPIES = 3;
    static final int COPY_SUM = 32;
    /** magic(8) + version(1) + three u32 segment counts. */
    static final int PREFIX_LEN = 8 + 1 + 4 * COPIES;
    /** A forged segment count can never make a reader buffer more than this. */
    static final long MAX_DIRECTORY_REGION = 64L << 20;

    private SidecarFormat() {
    }

    /** Offset of the parity region for {@code n} segments. */
    static long parityStart(int n) {
        return PREFIX_LEN + (long) COPIES * (SidecarDirectory.length(n) + COPY_SUM);
    }

    /** The largest AVEC payload a window may have: the one at 50 %, the densest grid. */
    static long maxAvecLen(long windowLen) {
        return windowLen <= 0 ? 0 : AvecGeometry.payloadLength(windowLen, EcGrid.forPct(EcGrid.MAX_PCT));
    }
}
