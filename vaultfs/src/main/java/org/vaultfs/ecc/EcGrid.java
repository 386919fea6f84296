package org.vaultfs.ecc;

import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A Reed-Solomon group shape: K data shards protected by P parity shards (SPEC.md §13.3).
 * The reference derives it from a storage-overhead percentage; the mapping is part of the
 * format because the manifest records only the percentage.
 */
public record EcGrid(int k, int p) {
    public static final int DEFAULT_PCT = 20;
    public static final int MIN_PCT = 5;
    public static final int MAX_PCT = 50;
    public static final EcGrid DEFAULT = forPct(DEFAULT_PCT);

    public EcGrid {
        if (k < 1 || p < 1 || k + p > 256) {
            throw new VaultException(Failure.MALFORMED, "unsupported Reed-Solomon grid K=" + k + " P=" + p);
        }
    }

    /** Clamps to [5, 50] as the reference does before it stores or uses a percentage. */
    public static int clampPct(int pct) {
        return Math.max(MIN_PCT, Math.min(MAX_PCT, pct));
    }

    /** P is 1 below 10 % and 2 from there on; K is the nearest integer to P*100/pct, at least 2. */
    public static EcGrid forPct(int pct) {
        int c = clampPct(pct);
        int p = c < 10 ? 1 : 2;
        int k = Math.max(2, (p * 100 + c / 2) / c);
        return new EcGrid(k, p);
    }

    /** The grid for a manifest's {@code error_correction_pct}; absent means the default 20 %. */
    public static EcGrid forManifestPct(Integer pct) {
        return forPct(pct == null ? DEFAULT_PCT : pct);
    }
}
