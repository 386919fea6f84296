package org.vaultfs.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The metadata of a vault's tree by vault path, kept in step with the tree edits: a removal
 * takes the subtree's records, a move or copy carries them (a copy is a new file, so it leaves
 * its original's hard-link group). Special nodes (symlinks, FIFOs, devices) exist only here.
 */
public final class TreeMetadata {
    private final TreeMap<String, NodeMetadata> nodes = new TreeMap<>();

    public static TreeMetadata empty() {
        return new TreeMetadata();
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    public int size() {
        return nodes.size();
    }

    public NodeMetadata get(String path) {
        return nodes.get(path);
    }

    public void put(String path, NodeMetadata m) {
        nodes.put(path, m);
    }

    /** The highest hard-link group in use (0 for none). */
    public long maxLinkGroup() {
        long max = 0;
        for (NodeMetadata m : nodes.values()) {
            max = Math.max(max, m.linkGroup());
        }
        return max;
    }

    /** Every record in path order. */
    public NavigableMap<String, NodeMetadata> all() {
        return Collections.unmodifiableNavigableMap(nodes);
    }

    /** The special node at {@code path}, or null. */
    public NodeMetadata special(String path) {
        NodeMetadata m = nodes.get(path);
        return m != null && m.kind().special() ? m : null;
    }

    /** Special nodes in path order. */
    public List<Map.Entry<String, NodeMetadata>> specials() {
        List<Map.Entry<String, NodeMetadata>> out = new ArrayList<>();
        for (Map.Entry<String, NodeMetadata> e : nodes.entrySet()) {
            if (e.getValue().kind().special()) {
                out.add(e);
            }
        }
        return out;
    }

    /** The special nodes at or below any of {@code paths} (normalized vault paths); all of them when none is given. */
    public List<Map.Entry<String, NodeMetadata>> specialsUnder(List<String> paths) {
        List<Map.Entry<String, NodeMetadata>> out = new ArrayList<>();
        for (Map.Entry<String, NodeMetadata> sp : specials()) {
            boolean wanted = paths.isEmpty();
            for (String p : paths) {
                wanted |= sp.getKey().equals(p) || sp.getKey().startsWith(p + "/");
            }
            if (wanted) {
                out.add(sp);
            }
        }
        return out;
    }

    private static <V> SortedMap<String, V> below(TreeMap<String, V> map, String dir) {
        return map.subMap(dir + "/", dir + "0");
    }

    /** Drops {@code path} and everything below it; returns how many records went. */
    public int remove(String path) {
        int before = nodes.size();
        nodes.remove(path);
        below(nodes, path).clear();
        return before - nodes.size();
    }

    /** Carries the records of {@code from} and below to {@code to}; a copy ({@code keep}) leaves hard-link groups. */
    public void relocate(String from, String to, boolean keep) {
        Map<String, NodeMetadata> moved = new TreeMap<>();
        NodeMetadata self = nodes.get(from);
        if (self != null) {
            moved.put(to, keep ? self.withLinkGroup(0) : self);
        }
        for (Map.Entry<String, NodeMetadata> e : below(nodes, from).entrySet()) {
            moved.put(to + e.getKey().substring(from.length()), keep ? e.getValue().withLinkGroup(0) : e.getValue());
        }
        if (!keep) {
            remove(from);
        }
        nodes.putAll(moved);
    }

    /**
     * Keeps what still describes the tree: a file or directory record whose path is a live
     * entry of that kind, a special node whose path is no entry and whose parent is a live
     * directory (or the root). Returns how many records were dropped.
     */
    public int retainConsistent(Predicate<String> isFile, Predicate<String> isDir) {
        int before = nodes.size();
        nodes.entrySet().removeIf(e -> {
            String p = e.getKey();
            NodeKind k = e.getValue().kind();
            if (k == NodeKind.FILE) {
                return !isFile.test(p);
            }
            if (k == NodeKind.DIR) {
                return !isDir.test(p);
            }
            int slash = p.lastIndexOf('/');
            return isFile.test(p) || isDir.test(p) || slash >= 0 && !isDir.test(p.substring(0, slash));
        });
        return before - nodes.size();
    }
}
