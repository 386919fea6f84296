package org.vaultfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3Location;
import org.vaultfs.remote.S3Pull;
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
    /** Removes the private directory; also registered to run if the process is stopped first. */
    private final Runnable removeCopy;

    private RemoteTreeEdit(TreeEdit local, S3Connection connection, S3Location remote, Path copy, Runnable removeCopy) {
        this.local = local;
        this.connection = connection;
        this.remote = remote;
        this.copy = copy;
        this.removeCopy = removeCopy;
    }

    /**
     * Pulls {@code remote} into a new private temporary directory and opens the copy with
     * {@code openLocal}; the session owns {@code connection} from here (closed on failure too).
     */
    static RemoteTreeEdit open(S3Connection connection, S3Location remote, Function<Path, TreeEdit> openLocal) {
        Path dir;
        try {
            dir = Files.createTempDirectory("vault-edit-");
        } catch (IOException e) {
            connection.close();
            throw VaultException.io("cannot make a private temporary directory", e);
        }
        Runnable removeCopy = () -> removeTree(dir);
        try {
            InterruptCleanup.register(removeCopy); // Ctrl-C leaves no copy behind either
            Path copy = dir.resolve("remote.aerovault");
            S3Pull.pull(connection, remote, copy, 4, false);
            return new RemoteTreeEdit(openLocal.apply(copy), connection, remote, copy, removeCopy);
        } catch (RuntimeException e) {
            connection.close();
            removeCopy.run();
            InterruptCleanup.done(removeCopy);
            throw e;
        }
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
            removeCopy.run();
            InterruptCleanup.done(removeCopy);
        }
    }

    private static void removeTree(Path dir) {
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
