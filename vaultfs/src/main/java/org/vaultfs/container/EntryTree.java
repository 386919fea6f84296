package org.vaultfs.container;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The entries of a vault being edited, and the tree rules every edit keeps: a path is a file
 * or a directory, never both; every ancestor of an entry is a directory; nothing moves into
 * itself. Files whose chunk ids the ingest pipeline is still computing are held as pending
 * and take part in every check. Each change stamps the manifest's {@code modified}.
 */
public final class EntryTree {
    private final Consumer<String> onTouch;
    private final Supplier<String> now;
    /** Entries by path; a sorted map answers "has descendants" with one range query. */
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final TreeMap<String, PendingFile> pending = new TreeMap<>();
    private boolean removedSomething;
    private String touched;

    EntryTree(Manifest.Builder manifest, Supplier<String> now) {
        this(manifest.entries, stamp -> manifest.modified = stamp, now);
    }

    /**
     * A tree over {@code existing} entries; {@code onTouch} hears the time of every change (the
     * vault's new {@code modified}), {@code now} gives it.
     */
    public EntryTree(Collection<Entry> existing, Consumer<String> onTouch, Supplier<String> now) {
        this.onTouch = onTouch;
        this.now = now;
        for (Entry e : existing) {
            entries.put(e.path(), e);
        }
    }

    /** Creates a directory and any missing parents; false when it already existed. */
    public boolean mkdir(String dir, String modified) {
        Entry existing = entries.get(dir);
        if (existing != null) {
            if (existing.isDir()) {
                return false;
            }
            throw new VaultException(Failure.CONFLICT, "a file already exists at " + VaultPaths.printable(dir));
        }
        if (pending.containsKey(dir)) {
            throw new VaultException(Failure.CONFLICT, "a file already exists at " + VaultPaths.printable(dir));
        }
        String parent = VaultPaths.parent(dir);
        if (!parent.isEmpty()) {
            mkdir(parent, now.get());
        }
        entries.put(dir, Entry.directory(dir, modified));
        touch(now.get());
        return true;
    }

    public Entry get(String path) {
        return entries.get(path);
    }

    /** Keys below {@code dir}: every such key starts with dir + "/", a contiguous key range. */
    private static <V> SortedMap<String, V> below(TreeMap<String, V> map, String dir) {
        return map.subMap(dir + "/", dir + "0");
    }

    private boolean hasDescendants(String dir) {
        return !below(entries, dir).isEmpty() || !below(pending, dir).isEmpty();
    }

    /** Removes a file or directory (a non-empty one only when recursive); returns entries removed. */
    public int remove(String p, boolean recursive) {
        Entry e = entries.get(p);
        boolean dirLike = (e != null && e.isDir()) || (e == null && hasDescendants(p));
        if (e == null && !dirLike && !pending.containsKey(p)) {
            throw new VaultException(Failure.NOT_FOUND, "no such entry in vault: " + VaultPaths.printable(p));
        }
        if (dirLike && hasDescendants(p) && !recursive) {
            throw new VaultException(Failure.CONFLICT, "directory is not empty: " + VaultPaths.printable(p) + " (use -r)");
        }
        int before = entries.size() + pending.size();
        entries.remove(p);
        pending.remove(p);
        below(entries, p).clear();
        below(pending, p).clear();
        int removed = before - entries.size() - pending.size();
        removedSomething = true;
        touch(now.get());
        return removed;
    }

    /** Moves ({@code keepSource} false) or copies a file or a directory subtree. */
    public void relocate(String f, String t, boolean keepSource) {
        String verb = keepSource ? "copy" : "move";
        Entry e = entries.get(f);
        boolean dirLike = (e != null && e.isDir()) || (e == null && hasDescendants(f));
        if (e == null && !dirLike) {
            throw new VaultException(Failure.NOT_FOUND, "no such entry in vault: " + VaultPaths.printable(f));
        }
        if (f.equals(t)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "cannot " + verb + " " + VaultPaths.printable(f) + " onto itself");
        }
        if (dirLike && VaultPaths.isDescendant(t, f)) {
            throw new VaultException(Failure.CONFLICT, "cannot " + verb + " a directory inside itself");
        }
        if (entries.get(t) != null || hasDescendants(t) || pending.containsKey(t)) {
            throw new VaultException(Failure.CONFLICT, "destination already exists: " + VaultPaths.printable(t));
        }
        requireNoFileAncestor(t);
        String parent = VaultPaths.parent(t);
        if (!parent.isEmpty()) {
            mkdir(parent, now.get());
        }
        String stamp = now.get();
        List<Entry> placed = new ArrayList<>();
        if (e != null) {
            // A copy keeps the original's mtime, as cp -p and the reference's copy do; a move is a change.
            placed.add(keepSource ? e.withPath(t, e.modified()) : e.withPath(t, stamp));
            if (!keepSource) {
                entries.remove(f);
            }
        }
        SortedMap<String, Entry> subtree = below(entries, f);
        for (Entry x : subtree.values()) {
            String p = t + x.path().substring(f.length());
            placed.add(keepSource ? x.withPath(p, x.modified()) : x.withPath(p, stamp));
        }
        if (!keepSource) {
            subtree.clear();
        }
        for (Entry x : placed) {
            entries.put(x.path(), x);
        }
        touch(stamp);
    }

    private void requireNoFileAncestor(String path) {
        for (String p = VaultPaths.parent(path); !p.isEmpty(); p = VaultPaths.parent(p)) {
            Entry e = entries.get(p);
            if ((e != null && !e.isDir()) || pending.containsKey(p)) {
                throw new VaultException(Failure.CONFLICT, "parent path is a file: " + VaultPaths.printable(p));
            }
        }
    }

    /**
     * Makes room for a file at {@code path}: parents become directories, an old file is
     * replaced. Returns the replaced entry (null if none), for {@link #restore} if the new one fails.
     */
    public Entry prepareFileSlot(String path) {
        requireNoFileAncestor(path);
        String parent = VaultPaths.parent(path);
        if (!parent.isEmpty()) {
            mkdir(parent, now.get());
        }
        Entry existing = entries.get(path);
        if (existing != null && existing.isDir() || existing == null && hasDescendants(path)) {
            throw new VaultException(Failure.CONFLICT, "destination already exists as a directory: " + VaultPaths.printable(path));
        }
        if (existing != null) {
            entries.remove(path);
        }
        pending.remove(path);
        touch(now.get());
        return existing;
    }

    /** Puts back a file {@link #prepareFileSlot} replaced, when its replacement could not be read. */
    public void restore(Entry replaced) {
        if (replaced != null) {
            entries.put(replaced.path(), replaced);
        }
    }

    void putPending(PendingFile p) {
        pending.put(p.path, p);
    }

    /** Turns every pending file into its entry, waiting for the pipeline's chunk ids. */
    void resolvePending() {
        for (PendingFile p : pending.values()) {
            entries.put(p.path, p.resolve());
        }
        pending.clear();
    }

    /** Whether an entry was removed, so that blocks may have lost their last reference. */
    public boolean removedSomething() {
        return removedSomething;
    }

    /** Chunk ids some entry still references. */
    public Set<String> liveChunkIds() {
        Set<String> live = new HashSet<>();
        for (Entry e : entries.values()) {
            live.addAll(e.chunks());
        }
        return live;
    }

    /** Every entry in path order, for the manifest. */
    public Collection<Entry> entries() {
        return entries.values();
    }

    /** Which paths are files and which directories: the files pending their chunks count as files. */
    record PathKinds(java.util.Set<String> files, java.util.Set<String> dirs) {
    }

    /** This tree's paths by kind, as the entries will be once the pending files resolve. */
    PathKinds pathKinds() {
        java.util.Set<String> files = new java.util.HashSet<>(pending.keySet());
        java.util.Set<String> dirs = new java.util.HashSet<>();
        for (Entry e : entries.values()) {
            (e.isDir() ? dirs : files).add(e.path());
        }
        return new PathKinds(files, dirs);
    }

    public void touch(String stamp) {
        touched = stamp;
        onTouch.accept(stamp);
    }

    /** The time of the last change, null when nothing changed. */
    public String touched() {
        return touched;
    }

    /** Places a finished file in a slot {@link #prepareFileSlot} made. */
    public void put(Entry file) {
        entries.put(file.path(), file);
    }
}
