package org.vaultfs.fs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map that counts the bytes its values hold. It decides nothing: the
 * owner says when to evict (its budget may depend on more than this map) and what an evicted
 * value must release. Not thread-safe; the owner guards it with its own lock.
 */
final class ByteBoundedLru<K, V> {
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private final ToLongFunction<V> sizeOf;
    private long bytes;

    ByteBoundedLru(ToLongFunction<V> sizeOf) {
        this.sizeOf = sizeOf;
    }

    /** The value, now the most recently used; null when absent. */
    V get(K key) {
        return map.get(key);
    }

    boolean containsKey(K key) {
        return map.containsKey(key);
    }

    /** Adds a value for a key not present (the caller checks: a replaced value would be lost uncounted). */
    void put(K key, V value) {
        if (map.containsKey(key)) {
            throw new IllegalStateException("key already cached: " + key);
        }
        map.put(key, value);
        bytes += sizeOf.applyAsLong(value);
    }

    /** Removes and returns the value of {@code key}, or null. */
    V remove(K key) {
        V v = map.remove(key);
        if (v != null) {
            bytes -= sizeOf.applyAsLong(v);
        }
        return v;
    }

    /** Removes {@code key} only while it maps to {@code value}. */
    boolean remove(K key, V value) {
        if (map.remove(key, value)) {
            bytes -= sizeOf.applyAsLong(value);
            return true;
        }
        return false;
    }

    /** Removes and returns the least recently used value, or null when empty. */
    V evictEldest() {
        Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        V v = it.next().getValue();
        it.remove();
        bytes -= sizeOf.applyAsLong(v);
        return v;
    }

    /** Removes every value and returns them, for the owner to release. */
    List<V> clear() {
        List<V> all = new ArrayList<>(map.values());
        map.clear();
        bytes = 0;
        return all;
    }

    Collection<V> values() {
        return map.values();
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return map.size();
    }
}
