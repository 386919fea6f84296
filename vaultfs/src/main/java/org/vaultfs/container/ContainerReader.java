package org.vaultfs.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a lineage's reader offers the layers above it (extraction, the filesystem view): the
 * entries, each file's chunk layout, and where its stored data starts. Decoding a chunk is a
 * {@code fs.ChunkSource}'s job, supplied beside it, so an AEROVAULT3 and an AEROVAULT2 vault
 * are served by the same extraction and mount code.
 */
public interface ContainerReader extends AutoCloseable {
    /** The source's name, for messages. */
    String name();

    /** The local file, when the source is one. */
    Optional<Path> localPath();

    /** Every entry, sorted by path. */
    List<Entry> entries();

    Optional<Entry> find(String path);

    /** The entry at {@code path}; NOT_FOUND naming it otherwise. */
    default Entry require(String path) {
        return find(path).orElseThrow(() -> new org.vaultfs.error.VaultException(org.vaultfs.error.Failure.NOT_FOUND,
                "no such entry in vault: " + VaultPaths.printable(path)));
    }

    /** The file's chunk table for random access. */
    EntryLayout layout(Entry e);

    /** When the vault was last changed (manifest text), for the root directory's time. */
    String modified();

    /** Where offsets of chunk records count from in the file, for read-ahead disk hints. */
    long dataOffset();

    @Override
    void close();
}
