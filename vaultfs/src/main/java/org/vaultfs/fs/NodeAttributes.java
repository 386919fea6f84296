package org.vaultfs.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vaultfs.metadata.NodeMetadata;

/**
 * Decides what extraction restores of a node's stored metadata, as tar does: as root, the
 * exact mode and the owner (by name where this machine knows it, else by number; numbers only
 * with --numeric-owner); otherwise the mode less the process umask (exact with
 * --preserve-permissions) and no owner change. Times always, to the nanosecond.
 */
final class NodeAttributes {
    private final boolean root;
    private final boolean exactModes;
    private final int umask;
    private final OwnerNames names;

    NodeAttributes(ExtractOptions options) {
        this.root = DirectoryFds.isRoot();
        this.exactModes = root || options.preservePermissions();
        this.umask = exactModes ? 0 : umask();
        this.names = root && !options.numericOwner() ? OwnerNames.local() : OwnerNames.none();
    }

    RestoredAttributes of(NodeMetadata m) {
        return new RestoredAttributes(m.mode() & ~umask, root, names.uid(m.user(), m.uid()), names.gid(m.group(), m.gid()),
                m.xattrs(), m.mtimeSeconds(), m.mtimeNanos());
    }

    /** The process umask, from /proc (reading it with umask(2) would change it, racing other threads). */
    static int umask() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Umask:")) {
                    return Integer.parseInt(l.substring(6).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the common default
        }
        return 022;
    }
}
