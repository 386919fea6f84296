package org.vaultfs.fs;

/**
 * Where read-ahead announces the vault-file byte ranges it will read next. Advice only: an
 * implementation may ignore any of it, and nothing read ever depends on it.
 */
interface DiskHints extends AutoCloseable {
    /** Ignores everything: for readers without a vault file to advise on. */
    DiskHints NONE = (offset, length) -> { };

    /** {@code [offset, offset+length)} of the vault file will be read soon. */
    void willNeed(long offset, long length);

    @Override
    default void close() {
    }
}
