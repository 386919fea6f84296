package org.vaultfs.fs;

import java.util.Objects;

/**
 * How {@link Extractor} behaves. {@code salvage} keeps going past a file whose blocks cannot
 * be read back (damaged, forged or truncated data) and reports it instead of aborting, so one
 * bad block does not cost the rest of the archive.
 */
public record ExtractOptions(boolean salvage, ExtractProgress progress) {

    public ExtractOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public static ExtractOptions defaults() {
        return new ExtractOptions(false, ExtractProgress.NONE);
    }

    public ExtractOptions withSalvage(boolean on) {
        return new ExtractOptions(on, progress);
    }

    public ExtractOptions withProgress(ExtractProgress p) {
        return new ExtractOptions(salvage, p);
    }
}
