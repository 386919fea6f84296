package org.vaultfs.container;

import java.util.function.Supplier;

/**
 * The tree operations every lineage's edit session shares: {@link EntryTree}'s rules applied
 * to the paths a user gives, normalized first, each change stamped with the session's clock.
 */
public abstract class TreeEditBase implements TreeEdit {
    protected final EntryTree tree;
    private final Supplier<String> now;

    protected TreeEditBase(EntryTree tree, Supplier<String> now) {
        this.tree = tree;
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
    public boolean mkdir(String path) {
        return tree.mkdir(VaultPaths.normalize(path), now());
    }

    @Override
    public void mkdir(String path, String modified) {
        tree.mkdir(VaultPaths.normalize(path), modified);
    }

    @Override
    public int remove(String path, boolean recursive) {
        return tree.remove(VaultPaths.normalize(path), recursive);
    }

    @Override
    public void move(String from, String to) {
        tree.relocate(VaultPaths.normalize(from), VaultPaths.normalize(to), false);
    }

    /** The copies share the originals' stored chunks: nothing is re-encrypted, the vault grows by its manifest. */
    @Override
    public void copy(String from, String to) {
        tree.relocate(VaultPaths.normalize(from), VaultPaths.normalize(to), true);
    }
}
