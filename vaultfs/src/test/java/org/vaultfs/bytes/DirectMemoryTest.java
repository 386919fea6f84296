package org.vaultfs.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DirectMemoryTest {
    @Test
    void wipeZeroesTheWholeCapacityWhateverThePosition() {
        ByteBuffer b = DirectMemory.allocate((200 << 10) + 3); // not a multiple of the zero block
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) (i | 1));
        }
        b.position(10).limit(20);
        DirectMemory.wipe(b);
        ByteBuffer all = b.duplicate().clear();
        for (int i = 0; i < all.capacity(); i++) {
            assertEquals(0, all.get(i), "byte " + i);
        }
    }

    @Test
    void releaseGivesMemoryBackWithoutACollection() throws Exception {
        assertTrue(DirectMemory.releasesAtOnce(), "this JDK offers no way to unmap a direct buffer");
        long before = residentKib();
        ByteBuffer b = DirectMemory.allocate(256 << 20); // zero-filled, so every page is touched
        long held = residentKib();
        DirectMemory.release(b);
        long after = residentKib();
        assertTrue(held - before > 200 << 10, "allocation made resident: " + (held - before) + " KiB");
        assertTrue(held - after > 200 << 10, "release unmapped: " + (held - after) + " KiB");
    }

    private static long residentKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
