package org.vaultfs.container;

/** Why an entry of a source tree did not go into the vault as it was on disk. */
public enum SkipKind {
    /** A symlink, FIFO, socket or device: the format has no type for it (expected, not an error). */
    SPECIAL_FILE,
    /** It could not be listed, opened or read (permission denied, I/O error, vanished). */
    UNREADABLE,
    /** Its name cannot be a vault path (a backslash, surrounding whitespace, not valid UTF-8). */
    UNSTORABLE_NAME,
    /** It changed while it was read; what was read is stored. */
    CHANGED_WHILE_READ;

    /** Whether the user's data is not (faithfully) in the vault: worth a non-zero exit. */
    public boolean isProblem() {
        return this != SPECIAL_FILE;
    }
}
