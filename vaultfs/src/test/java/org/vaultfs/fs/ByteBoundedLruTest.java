package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteBoundedLruTest {
    @Test
    void countsBytesAndEvictsTheLeastRecentlyUsed() {
        ByteBoundedLru<String, byte[]> lru = new ByteBoundedLru<>(b -> b.length);
        lru.put("a", new byte[10]);
        lru.put("b", new byte[20]);
        lru.put("c", new byte[30]);
        assertEquals(60, lru.bytes());
        lru.get("a"); // a is now the most recent: b goes first
        assertEquals(20, lru.evictEldest().length);
        assertEquals(30, lru.evictEldest().length);
        assertEquals(10, lru.bytes());
        assertTrue(lru.containsKey("a"));
        assertEquals(10, lru.evictEldest().length);
        assertNull(lru.evictEldest());
        assertEquals(0, lru.bytes());
    }

    @Test
    void removeOnlyTheValueAskedForAndRefuseSilentReplacement() {
        ByteBoundedLru<String, byte[]> lru = new ByteBoundedLru<>(b -> b.length);
        byte[] v = new byte[7];
        lru.put("k", v);
        assertFalse(lru.remove("k", new byte[7]), "another value of the same size");
        assertThrows(IllegalStateException.class, () -> lru.put("k", new byte[1]));
        assertEquals(7, lru.bytes());
        assertTrue(lru.remove("k", v));
        assertEquals(0, lru.bytes());
        lru.put("x", new byte[3]);
        List<byte[]> all = lru.clear();
        assertEquals(1, all.size());
        assertEquals(0, lru.bytes());
        assertEquals(0, lru.size());
    }
}
