package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.Entry;

class VaultTreeTest {
    static Entry file(String path, long size, String mtime) {
        return new Entry(path, size, mtime, false, List.of(), null);
    }

    /**
     * Entries come in UTF-8 byte order and metadata records in UTF-16 order, which differ past
     * U+FFFF: every entry still gets its own record (a mode of its own here), whatever the
     * order, with or without records for some entries, for unsorted entries too.
     */
    @Test
    void everyEntryGetsItsOwnMetadataWhateverTheOrders() {
        List<String> names = List.of("\uD83D\uDE00first", "\uFF61half", "a", "a/\uD83D\uDE00", "a/\uFF61", "a/z", "b", "b/c", "\u00e9");
        for (int variant = 0; variant < 3; variant++) {
            List<Entry> entries = new ArrayList<>();
            org.vaultfs.metadata.TreeMetadata meta = org.vaultfs.metadata.TreeMetadata.empty();
            for (int i = 0; i < names.size(); i++) {
                String p = names.get(i);
                boolean dir = p.equals("a") || p.equals("b");
                entries.add(dir ? Entry.directory(p, "2021-01-01T00:00:00Z") : file(p, i, "2021-01-01T00:00:00Z"));
                if (variant == 1 && i % 3 == 0) {
                    continue; // some entries without a record
                }
                meta.put(p, new org.vaultfs.metadata.NodeMetadata(dir ? org.vaultfs.metadata.NodeKind.DIR
                        : org.vaultfs.metadata.NodeKind.FILE, 0100 + i, 0, 0, null, null, 7, 0, null, 0, 0, 0, List.of()));
            }
            if (variant == 2) {
                java.util.Collections.reverse(entries);
            } else {
                entries.sort((x, y) -> org.vaultfs.container.PathOrder.compare(x.path(), y.path()));
            }
            VaultTree t = VaultTree.build(entries, 1000, meta);
            for (int i = 0; i < names.size(); i++) {
                FsNode n = t.lookup("/" + names.get(i));
                if (variant == 1 && i % 3 == 0) {
                    assertNull(n.meta(), names.get(i));
                } else {
                    assertEquals(0100 + i, n.meta().mode(), names.get(i) + " in variant " + variant);
                }
            }
        }
    }

    @Test
    void implicitParentsAppearAndChildrenAreSorted() {
        VaultTree t = VaultTree.build(List.of(
                Entry.directory("z", "2020-01-02T03:04:05Z"),
                file("a/b/c.txt", 3, "2021-01-01T00:00:00Z"),
                file("a/B.txt", 1, "2021-01-01T00:00:00Z"),
                file("a/a.txt", 2, "bad-stamp"),
                file("top", 9, "2021-01-01T00:00:00Z")), 1000);
        assertEquals(List.of("a", "top", "z"), names((DirNode) t.lookup("/")));
        assertEquals(List.of("B.txt", "a.txt", "b"), names((DirNode) t.lookup("/a")));
        DirNode b = (DirNode) t.lookup("/a/b");
        assertEquals(1000, b.mtimeSeconds()); // implicit: dated like the root
        assertEquals(1000, t.lookup("/a/a.txt").mtimeSeconds()); // unparsable stamp falls back
        assertEquals(1577934245L, t.lookup("/z").mtimeSeconds());
        assertEquals(3, t.lookup("/a/b/c.txt").size());
        assertEquals(4, ((DirNode) t.lookup("/")).linkCount()); // 2 + subdirectories a and z
        assertNull(t.lookup("/a/missing"));
        assertEquals(8, t.nodeCount());
        assertEquals(15, t.totalFileBytes());
        Set<Long> inodes = new HashSet<>();
        for (String p : List.of("/", "/a", "/a/b", "/a/b/c.txt", "/a/B.txt", "/a/a.txt", "/top", "/z")) {
            assertTrue(inodes.add(t.lookup(p).inode()), p);
        }
        assertEquals(1, t.root().inode());
    }

    @Test
    void interleavedSiblingsPrefixLookalikesAndClashes() {
        VaultTree t = VaultTree.build(List.of(
                file("d1/a", 1, "2021-01-01T00:00:00Z"),
                file("d2/a", 2, "2021-01-01T00:00:00Z"),
                file("d1/b", 3, "2022-01-01T00:00:00Z"),
                file("d1b/c", 4, "2021-01-01T00:00:00Z"),
                file("d1/b/c", 5, "2021-01-01T00:00:00Z"), // under the file d1/b: left out
                file("d2/b", 6, "2021-01-01T00:00:00Z"),
                file("d1/a", 7, "2021-01-01T00:00:00Z"), // duplicate: the first wins
                file("top", 8, "2021-01-01T00:00:00Z"),
                file("d2/c", 9, "2021-01-01T00:00:00Z")), 0);
        assertEquals(List.of("a", "b"), names((DirNode) t.lookup("/d1")));
        assertEquals(List.of("a", "b", "c"), names((DirNode) t.lookup("/d2")));
        assertEquals(List.of("c"), names((DirNode) t.lookup("/d1b")));
        assertEquals(List.of("d1", "d1b", "d2", "top"), names((DirNode) t.lookup("/")));
        assertEquals(1, t.lookup("/d1/a").size());
        assertEquals(1640995200L, t.lookup("/d1/b").mtimeSeconds());
        assertEquals(1609459200L, t.lookup("/d2/b").mtimeSeconds());
        assertNull(t.lookup("/d1/b/c"));
        assertEquals(7, t.fileCount());
        assertEquals(1 + 2 + 3 + 4 + 6 + 8 + 9, t.totalFileBytes());
        Set<Long> inodes = new HashSet<>();
        for (String p : List.of("/", "/d1", "/d2", "/d1b", "/d1/a", "/d1/b", "/d2/a", "/d2/b", "/d2/c", "/d1b/c", "/top")) {
            assertTrue(inodes.add(t.lookup(p).inode()), p);
        }
        assertEquals(11, t.nodeCount());
        assertEquals(11, inodes.stream().mapToLong(Long::longValue).max().orElseThrow(), "inodes stay dense");
    }

    @Test
    void largeDirectoryBuildsAndListsQuickly() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            entries.add(file(String.format("d/f%06d", i), i, "2021-01-01T00:00:00Z"));
        }
        long t0 = System.nanoTime();
        VaultTree t = VaultTree.build(entries, 0);
        DirNode d = (DirNode) t.lookup("/d");
        long n = 0;
        for (int i = 0; i < d.childCount(); i++) {
            n += d.child(i).name().length();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(100_000, d.childCount());
        assertEquals("f000000", d.child(0).name());
        assertEquals("f099999", d.child(99_999).name());
        assertEquals(700_000, n);
        assertTrue(ms < 5_000, "building and listing 100k entries took " + ms + " ms");
    }

    static List<String> names(DirNode d) {
        return d.children().stream().map(FsNode::name).toList();
    }
}
