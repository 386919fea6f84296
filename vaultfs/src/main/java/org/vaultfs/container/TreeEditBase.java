package org.vaultfs.container;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.TreeMetadata;

/**
 * The tree operations every lineage's edit session shares: {@link EntryTree}'s rules applied
 * to the paths a user gives, normalized first, each change stamped with the session's clock,
 * and the metadata extension's records (SPEC.md §20) kept in step. Special nodes (symlinks,
 * FIFOs, devices) exist only in the metadata, so removing, moving and copying them, and
 * refusing to put anything on top of them, happens here.
 */
public abstract class TreeEditBase implements TreeEdit {
    protected final EntryTree tree;
    protected final TreeMetadata metadata;
    protected final List<String> warnings = new ArrayList<>();
    private final Supplier<String> now;

    protected TreeEditBase(EntryTree tree, TreeMetadata metadata, Supplier<String> now) {
        this.tree = tree;
        this.metadata = metadata;
        this.now = now;
    }

    /** The session's time, as entries and the manifest record it. */
    protected final String now() {
        return now.get();
    }

    /** The clock of {@code opts} as manifest timestamps. */
    protected static Supplier<String> clockOf(EditOptions opts) {
        return () -> Timestamps.now(opts.clock());
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void requireNoSpecialAt(String path) {
        if (metadata.special(path) != null) {
            throw new VaultException(Failure.CONFLICT, "a " + metadata.special(path).kind().json() + " already exists at "
                    + VaultPaths.printable(path));
        }
    }

    @Override
    public void putMetadata(String path, NodeMetadata m) {
        metadata.put(VaultPaths.normalize(path), m);
    }

    @Override
    public boolean mkdir(String path) {
        String p = VaultPaths.normalize(path);
        requireNoSpecialAt(p);
        return tree.mkdir(p, now());
    }

    @Override
    public void mkdir(String path, String modified) {
        String p = VaultPaths.normalize(path);
        requireNoSpecialAt(p);
        tree.mkdir(p, modified);
    }

    @Override
    public int remove(String path, boolean recursive) {
        String p = VaultPaths.normalize(path);
        if (metadata.special(p) != null && tree.get(p) == null) {
            return metadata.remove(p);
        }
        int specialsBelow = (int) metadata.specials().stream().filter(e -> VaultPaths.isDescendant(e.getKey(), p)).count();
        if (!recursive && specialsBelow > 0) {
            throw new VaultException(Failure.CONFLICT, "directory is not empty: " + VaultPaths.printable(p) + " (use -r)");
        }
        int removed = tree.remove(p, recursive);
        metadata.remove(p);
        return removed + specialsBelow;
    }

    @Override
    public void move(String from, String to) {
        relocate(VaultPaths.normalize(from), VaultPaths.normalize(to), false);
    }

    /** The copies share the originals' stored chunks: nothing is re-encrypted, the vault grows by its manifest. */
    @Override
    public void copy(String from, String to) {
        relocate(VaultPaths.normalize(from), VaultPaths.normalize(to), true);
    }

    private void relocate(String f, String t, boolean keep) {
        requireNoSpecialAt(t);
        NodeMetadata special = metadata.special(f);
        if (special != null && tree.get(f) == null) {
            if (f.equals(t)) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "cannot " + (keep ? "copy" : "move") + " "
                        + VaultPaths.printable(f) + " onto itself");
            }
            if (tree.get(t) != null) {
                throw new VaultException(Failure.CONFLICT, "destination already exists: " + VaultPaths.printable(t));
            }
            String parent = VaultPaths.parent(t);
            if (!parent.isEmpty()) {
                tree.mkdir(parent, now());
            }
            metadata.relocate(f, t, keep);
            tree.touch(now());
            return;
        }
        tree.relocate(f, t, keep);
        metadata.relocate(f, t, keep);
    }
}
