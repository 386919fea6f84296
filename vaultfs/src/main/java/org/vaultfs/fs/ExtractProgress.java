package org.vaultfs.fs;

/**
 * Receives extraction progress. Called from the extracting thread after every buffer written,
 * so implementations must be cheap (throttle any rendering themselves).
 */
@FunctionalInterface
public interface ExtractProgress {
    ExtractProgress NONE = (done, total, path) -> { };

    /** {@code bytesDone} of {@code bytesTotal} file bytes are on disk; {@code path} is the current vault path. */
    void update(long bytesDone, long bytesTotal, String path);
}
