package org.vaultfs.fs;

import java.util.Objects;

/**
 * How {@link Extractor} behaves. {@code salvage} keeps going past a file whose blocks cannot
 * be read back (damaged, forged or truncated data) and reports it instead of aborting, so one
 * bad block does not cost the rest of the archive. {@code durable} fsyncs every file before
 * renaming it into place (the default); without it a crash can lose recently extracted
 * contents, though names still only ever point at complete temp files renamed whole.
 */
public record ExtractOptions(boolean salvage, ExtractProgress progress, boolean durable, boolean overwrite,
                             boolean preservePermissions, boolean numericOwner) {

    public ExtractOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public static ExtractOptions defaults() {
        return new ExtractOptions(false, ExtractProgress.NONE, true, false, false, false);
    }

    public ExtractOptions withSalvage(boolean on) {
        return new ExtractOptions(on, progress, durable, overwrite, preservePermissions, numericOwner);
    }

    public ExtractOptions withProgress(ExtractProgress p) {
        return new ExtractOptions(salvage, p, durable, overwrite, preservePermissions, numericOwner);
    }

    public ExtractOptions withDurable(boolean on) {
        return new ExtractOptions(salvage, progress, on, overwrite, preservePermissions, numericOwner);
    }

    /**
     * Replace existing local files that differ from the vault's copy (size or mtime). Off by
     * default: extracting over a tree someone has since edited would silently lose that work.
     */
    public ExtractOptions withOverwrite(boolean on) {
        return new ExtractOptions(salvage, progress, durable, on, preservePermissions, numericOwner);
    }

    /** Modes exactly as stored even when not root (tar -p); otherwise a non-root extraction applies the umask. */
    public ExtractOptions withPreservePermissions(boolean on) {
        return new ExtractOptions(salvage, progress, durable, overwrite, on, numericOwner);
    }

    /** As root, restore the stored uid and gid even where this machine knows the stored names (tar --numeric-owner). */
    public ExtractOptions withNumericOwner(boolean on) {
        return new ExtractOptions(salvage, progress, durable, overwrite, preservePermissions, on);
    }
}
