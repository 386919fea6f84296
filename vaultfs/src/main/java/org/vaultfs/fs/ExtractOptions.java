package org.vaultfs.fs;

import java.util.Objects;

/**
 * How {@link Extractor} behaves. {@code salvage} keeps going past a file whose blocks cannot
 * be read back (damaged, forged or truncated data) and reports it instead of aborting, so one
 * bad block does not cost the rest of the archive. {@code durable} fsyncs every file before
 * renaming it into place (the default); without it a crash can lose recently extracted
 * contents, though names still only ever point at complete temp files renamed whole.
 */
public record ExtractOptions(boolean salvage, ExtractProgress progress, boolean durable, boolean overwrite) {

    public ExtractOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public static ExtractOptions defaults() {
        return new ExtractOptions(false, ExtractProgress.NONE, true, false);
    }

    public ExtractOptions withSalvage(boolean on) {
        return new ExtractOptions(on, progress, durable, overwrite);
    }

    public ExtractOptions withProgress(ExtractProgress p) {
        return new ExtractOptions(salvage, p, durable, overwrite);
    }

    public ExtractOptions withDurable(boolean on) {
        return new ExtractOptions(salvage, progress, on, overwrite);
    }

    /**
     * Replace existing local files that differ from the vault's copy (size or mtime). Off by
     * default: extracting over a tree someone has since edited would silently lose that work.
     */
    public ExtractOptions withOverwrite(boolean on) {
        return new ExtractOptions(salvage, progress, durable, on);
    }
}
