package org.vaultfs.container;

/**
 * What seal and add record in the metadata extension (SPEC.md §20). The default is everything,
 * extended attributes included, as restic and borg record them (tar needs --xattrs, but a
 * backup that drops a file's tags or capabilities restores something different).
 */
public enum MetadataCapture {
    /** Plain files only, as the reference stores them (--no-metadata). */
    NONE,
    /** Modes, owners, times, symlinks, hard links, FIFOs, devices, but no xattrs (--no-xattrs). */
    WITHOUT_XATTRS,
    ALL;

    public boolean records() {
        return this != NONE;
    }
}
