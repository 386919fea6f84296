package org.vaultfs.container;

import java.time.Clock;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.SecureRandomSource;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.ecc.EcLevel;

/**
 * How a vault is written. Immutable: start from {@link #defaults()} or {@link #builder()}; the
 * with-methods change one setting.
 *
 * @param ecPct Reed-Solomon parity percentage recorded in the manifest (a v4 vault), null for none
 * @param sourceTimestamps true: entries carry the source file's mtime; false: the time of the
 *     add, as the reference does
 */
public record EditOptions(int zstdLevel, int threads, long memoryBudget, PasswordKdf kdf, RandomSource random,
                          Clock clock, boolean sourceTimestamps, ProgressListener progress, Integer ecPct,
                          EcPlacement ecPlacement, SourceFilter sourceFilter, MetadataCapture metadata) {

    public static final int DEFAULT_LEVEL = 9;

    public static EditOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.zstdLevel = zstdLevel;
        b.threads = threads;
        b.memoryBudget = memoryBudget;
        b.kdf = kdf;
        b.random = random;
        b.clock = clock;
        b.sourceTimestamps = sourceTimestamps;
        b.progress = progress;
        b.ecPct = ecPct;
        b.ecPlacement = ecPlacement;
        b.sourceFilter = sourceFilter;
        b.metadata = metadata;
        return b;
    }

    public EditOptions withLevel(int level) {
        return toBuilder().level(level).build();
    }

    public EditOptions withThreads(int n) {
        return toBuilder().threads(n).build();
    }

    public EditOptions withKdf(PasswordKdf k) {
        return toBuilder().kdf(k).build();
    }

    /** Test seam: the reference's deterministic vectors need a fixed random stream. */
    public EditOptions withRandom(RandomSource r) {
        return toBuilder().random(r).build();
    }

    public EditOptions withClock(Clock c) {
        return toBuilder().clock(c).build();
    }

    public EditOptions withSourceTimestamps(boolean b) {
        return toBuilder().sourceTimestamps(b).build();
    }

    public EditOptions withProgress(ProgressListener p) {
        return toBuilder().progress(p).build();
    }

    /** See {@link Builder#errorCorrection(int, EcPlacement)}. */
    public EditOptions withErrorCorrection(int pct, EcPlacement placement) {
        return toBuilder().errorCorrection(pct, placement).build();
    }

    /** What tree walks leave out (--exclude and friends). */
    public EditOptions withSourceFilter(SourceFilter f) {
        return toBuilder().sourceFilter(f).build();
    }

    /** What seal and add record beyond plain files (SPEC.md §20). */
    public EditOptions withMetadata(MetadataCapture m) {
        return toBuilder().metadata(m).build();
    }

    /** Collects settings; every one starts at its default (level 9, all cores, 64 MiB in flight, Argon2id). */
    public static final class Builder {
        private int zstdLevel = DEFAULT_LEVEL;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private long memoryBudget = 64L << 20;
        private PasswordKdf kdf = PasswordKdf.ARGON2ID;
        private RandomSource random = SecureRandomSource.INSTANCE;
        private Clock clock = Clock.systemUTC();
        private boolean sourceTimestamps = true;
        private ProgressListener progress = ProgressListener.NONE;
        private Integer ecPct;
        private EcPlacement ecPlacement;
        private SourceFilter sourceFilter = SourceFilter.NONE;
        private MetadataCapture metadata = MetadataCapture.ALL;

        private Builder() {
        }

        public Builder level(int level) {
            this.zstdLevel = level;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /** The most chunk bytes read but not yet written; a chunk always fits, however large. */
        public Builder memoryBudget(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("memory budget must be positive");
            }
            this.memoryBudget = bytes;
            return this;
        }

        public Builder kdf(PasswordKdf k) {
            this.kdf = k;
            return this;
        }

        public Builder random(RandomSource r) {
            this.random = r;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder sourceTimestamps(boolean b) {
            this.sourceTimestamps = b;
            return this;
        }

        public Builder progress(ProgressListener p) {
            this.progress = p;
            return this;
        }

        /**
         * Reed-Solomon error correction (a v4 vault): {@code pct} is clamped to [5, 50] and
         * recorded in the manifest; {@code placement} says where the parity goes. Applies on
         * create, and on an existing vault enables or changes its error correction.
         */
        public Builder errorCorrection(int pct, EcPlacement placement) {
            this.ecPct = EcGrid.clampPct(pct);
            this.ecPlacement = placement;
            return this;
        }

        /**
         * Error correction as users write it: a level ({@code none}, {@code low}, {@code medium},
         * {@code quartile}, {@code high} or 5-50, {@code none} leaving the setting alone) and a
         * placement ({@code embedded}, {@code detached}, {@code both}).
         */
        public Builder errorCorrection(String level, String placement) {
            EcPlacement where = EcPlacement.parse(placement);
            int pct = EcLevel.parse(level);
            return pct == EcLevel.NONE ? this : errorCorrection(pct, where);
        }

        public Builder sourceFilter(SourceFilter f) {
            this.sourceFilter = f;
            return this;
        }

        public Builder metadata(MetadataCapture m) {
            this.metadata = m;
            return this;
        }

        public EditOptions build() {
            return new EditOptions(zstdLevel, threads, memoryBudget, kdf, random, clock, sourceTimestamps, progress,
                    ecPct, ecPlacement, sourceFilter, metadata);
        }
    }
}
