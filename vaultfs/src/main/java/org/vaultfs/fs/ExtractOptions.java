package org.vaultfs.fs;

import java.util.Objects;

/**
 * How {@link Extractor} behaves. {@code salvage} keeps going past a file whose blocks cannot
 * be read back (damaged, forged or truncated data) and reports it instead of aborting, so one
 * bad block does not cost the rest of the archive. {@code durable} fsyncs every file before
 * renaming it into place (the default); without it a crash can lose recently extracted
 * contents, though names still only ever point at complete temp files renamed whole.
 */
public record ExtractOptions(boolean salvage, ExtractProgress progress, boolean durable) {

    public ExtractOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public static ExtractOptions defaults() {
        return new ExtractOptions(false, ExtractProgress.NONE, true);
    }

    public ExtractOptions withSalvage(boolean on) {
        return new ExtractOptions(on, progress, durable);
    }

    public ExtractOptions withProgress(ExtractProgress p) {
        return new ExtractOptions(salvage, p, durable);
    }

    public ExtractOptions withDurable(boolean on) {
        return new ExtractOptions(salvage, progress, on);
    }
}
