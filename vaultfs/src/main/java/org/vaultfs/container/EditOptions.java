package org.vaultfs.container;

import java.time.Clock;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.SecureRandomSource;

/** How a vault is written. Immutable; use the with-methods. */
public record EditOptions(int zstdLevel, int threads, long memoryBudget, PasswordKdf kdf, RandomSource random,
                          Clock clock, boolean sourceTimestamps, ProgressListener progress, Integer ecPct,
                          EcPlacement ecPlacement, SourceFilter sourceFilter) {

    public static final int DEFAULT_LEVEL = 9;

    public static EditOptions defaults() {
        return new EditOptions(DEFAULT_LEVEL, Math.max(1, Runtime.getRuntime().availableProcessors()), 64L << 20,
                PasswordKdf.ARGON2ID, SecureRandomSource.INSTANCE, Clock.systemUTC(), true, ProgressListener.NONE,
                null, null, SourceFilter.NONE);
    }

    public EditOptions withLevel(int level) {
        return new EditOptions(level, threads, memoryBudget, kdf, random, clock, sourceTimestamps, progress, ecPct, ecPlacement, sourceFilter);
    }

    public EditOptions withThreads(int n) {
        return new EditOptions(zstdLevel, n, memoryBudget, kdf, random, clock, sourceTimestamps, progress, ecPct, ecPlacement, sourceFilter);
    }

    public EditOptions withKdf(PasswordKdf k) {
        return new EditOptions(zstdLevel, threads, memoryBudget, k, random, clock, sourceTimestamps, progress, ecPct, ecPlacement, sourceFilter);
    }

    /** Test seam: the reference's deterministic vectors need a fixed random stream. */
    public EditOptions withRandom(RandomSource r) {
        return new EditOptions(zstdLevel, threads, memoryBudget, kdf, r, clock, sourceTimestamps, progress, ecPct, ecPlacement, sourceFilter);
    }

    public EditOptions withClock(Clock c) {
        return new EditOptions(zstdLevel, threads, memoryBudget, kdf, random, c, sourceTimestamps, progress, ecPct, ecPlacement, sourceFilter);
    }

    /** true: entries carry the source file's mtime; false: the time of the add, as the reference does. */
    public EditOptions withSourceTimestamps(boolean b) {
        return new EditOptions(zstdLevel, threads, memoryBudget, kdf, random, clock, b, progress, ecPct, ecPlacement, sourceFilter);
    }

    public EditOptions withProgress(ProgressListener p) {
        return new EditOptions(zstdLevel, threads, memoryBudget, kdf, random, clock, sourceTimestamps, p, ecPct, ecPlacement, sourceFilter);
    }

    /**
     * Reed-Solomon error correction (a v4 vault): {@code pct} is clamped to [5, 50] and
     * recorded in the manifest; {@code placement} says where the parity goes. Applies on
     * create, and on an existing vault enables or changes its error correction.
     */
    public EditOptions withErrorCorrection(int pct, EcPlacement placement) {
        return new EditOptions(zstdLevel, threads, memoryBudget, kdf, random, clock, sourceTimestamps, progress,
                org.vaultfs.ecc.EcGrid.clampPct(pct), placement, sourceFilter);
    }

    /** What tree walks leave out (--exclude and friends). */
    public EditOptions withSourceFilter(SourceFilter f) {
        return new EditOptions(zstdLevel, threads, memoryBudget, kdf, random, clock, sourceTimestamps, progress, ecPct, ecPlacement, f);
    }
}
