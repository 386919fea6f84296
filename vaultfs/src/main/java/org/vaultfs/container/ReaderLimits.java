package org.vaultfs.container;

/** Sizes a reader checks before it allocates anything an untrusted length could inflate. */
public final class ReaderLimits {
    public static final long MAX_MANIFEST = 128L << 20;
    public static final long MAX_EXTENSION_DIR = 16L << 20;
    public static final long MAX_BLOCK = 64L << 20;
    public static final long MAX_PLAINTEXT_BLOCK = 256L << 20;
    public static final long DEFAULT_CDC_MAX = 4L << 20;
    /** GCM-SIV nonce prefix plus tag suffix around each encrypted payload. */
    public static final int AEAD_OVERHEAD = 12 + 16;

    private ReaderLimits() {
    }
}
