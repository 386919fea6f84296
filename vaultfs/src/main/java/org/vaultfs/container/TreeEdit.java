package org.vaultfs.container;

import java.nio.file.Path;
import java.util.List;

/**
 * The tree edits every container lineage supports (add, rm, mkdir, mv, cp), as one write
 * session: nothing changes on disk until {@link #commit()}, which replaces the vault
 * atomically; {@link #close()} without a commit leaves it byte for byte as it was. The
 * session holds the vault's writer lock from open to close.
 */
public interface TreeEdit extends AutoCloseable {
    /** Creates a directory and any missing parents; false when it already existed. */
    boolean mkdir(String path);

    /** Removes a file or directory (a non-empty one only when recursive); returns entries removed. */
    int remove(String path, boolean recursive);

    /** Moves or renames a file or a directory subtree; {@code to} must not exist. */
    void move(String from, String to);

    /** Copies a file or a directory subtree; the copies share the originals' stored bytes. */
    void copy(String from, String to);

    /** Adds a directory tree; its contents land under {@code vaultPrefix} ("" = vault root). */
    void addTree(Path sourceDir, String vaultPrefix);

    /** Adds one file at {@code vaultPath}, replacing a file already there. */
    void addFile(Path source, String vaultPath);

    /** Creates directory {@code path} (and missing parents) with the given time, as a conversion keeps it. */
    void mkdir(String path, String modified);

    /**
     * Adds files read from streams (another vault's entries, for a conversion); a stream that
     * holds another number of bytes than its source listed fails the write (MALFORMED).
     */
    void addStreams(List<VaultEditor.StreamSource> sources);

    /**
     * Records {@code metadata} for {@code path} (SPEC.md §20), as a conversion carries it from
     * another vault; a lineage without the metadata extension (AEROVAULT2) drops it on commit.
     */
    void putMetadata(String path, org.vaultfs.metadata.NodeMetadata metadata);

    /** Writes the new vault beside the old one, makes it durable and renames it into place. */
    EditStats commit();

    /** Conditions met on opening that change nothing but deserve a line (ignored metadata, say). */
    List<String> warnings();

    /** Temp files of an earlier, killed writer that opening this session removed. */
    List<String> removedLeftovers();

    /** Discards everything not committed and releases the lock. */
    @Override
    void close();
}
