package org.vaultfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3Location;
import org.vaultfs.remote.S3Push;

/**
 * An edit of a vault in object storage: the vault was pulled into a private temporary
 * directory, the edit runs on that copy, and committing pushes it back incrementally (only
 * the changed ranges travel; the rest is copied on the server, pinned to the ETag pulled, so a
 * vault someone else replaced meanwhile is a conflict, not a lost update). Closing removes the
 * copy whatever happened.
 */
final class RemoteTreeEdit implements TreeEdit {
    private final TreeEdit local;
    private final S3Connection connection;
    private final S3Location remote;
    private final Path copy;
    private final Path dir;
    private final Runnable removeOnInterrupt;

    RemoteTreeEdit(TreeEdit local, S3Connection connection, S3Location remote, Path copy, Path dir, Runnable removeOnInterrupt) {
        this.local = local;
        this.connection = connection;
        this.remote = remote;
        this.copy = copy;
        this.dir = dir;
        this.removeOnInterrupt = removeOnInterrupt;
    }

    @Override
    public EditStats commit() {
        EditStats stats = local.commit();
        local.close();
        S3Push.push(connection, copy, remote, 4, S3Push.DEFAULT_PART_SIZE, S3Push.Listener.NONE);
        return stats;
    }

    @Override
    public void close() {
        try {
            local.close();
        } finally {
            connection.close();
            removeTree(dir);
            org.vaultfs.error.InterruptCleanup.done(removeOnInterrupt);
        }
    }

    static void removeTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a private temp directory; the next boot's tmp cleaning gets it
        }
    }

    @Override
    public boolean mkdir(String path) {
        return local.mkdir(path);
    }

    @Override
    public int remove(String path, boolean recursive) {
        return local.remove(path, recursive);
    }

    @Override
    public void move(String from, String to) {
        local.move(from, to);
    }

    @Override
    public void copy(String from, String to) {
        local.copy(from, to);
    }

    @Override
    public void addTree(Path sourceDir, String vaultPrefix) {
        local.addTree(sourceDir, vaultPrefix);
    }

    @Override
    public void addFile(Path source, String vaultPath) {
        local.addFile(source, vaultPath);
    }

    @Override
    public void mkdir(String path, String modified) {
        local.mkdir(path, modified);
    }

    @Override
    public void addStreams(List<VaultEditor.StreamSource> sources) {
        local.addStreams(sources);
    }

    @Override
    public void putMetadata(String path, NodeMetadata metadata) {
        local.putMetadata(path, metadata);
    }

    @Override
    public List<String> warnings() {
        return local.warnings();
    }

    @Override
    public List<String> removedLeftovers() {
        return local.removedLeftovers();
    }
}
