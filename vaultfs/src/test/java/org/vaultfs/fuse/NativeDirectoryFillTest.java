package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.off_t;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * The C filler loop against a filler written in Java (a jnr closure standing in for
 * libfuse's): every record arrives in order with its inode and type, "." and ".." without a
 * stat, batches split at the 64 KiB boundary lose nothing, and a full buffer stops the listing.
 */
class NativeDirectoryFillTest {
    /** libfuse's fuse_fill_dir_t. */
    public interface FillDir {
        @Delegate
        int fill(Pointer buf, Pointer name, Pointer stat, @off_t long offset);
    }

    private record Seen(String name, Long inode, Integer mode) {
    }

    private static final class Recorder implements FillDir {
        final List<Seen> seen = new ArrayList<>();
        final int refuseAt;

        Recorder(int refuseAt) {
            this.refuseAt = refuseAt;
        }

        @Override
        public int fill(Pointer buf, Pointer name, Pointer stat, long offset) {
            if (seen.size() == refuseAt) {
                return 1;
            }
            String n = name.getString(0, 100_000, StandardCharsets.UTF_8);
            if (stat == null || stat.address() == 0) {
                seen.add(new Seen(n, null, null));
            } else {
                FileStat st = FileStat.of(stat);
                seen.add(new Seen(n, st.st_ino.longValue(), st.st_mode.intValue()));
            }
            return 0;
        }
    }

    private static long address(FillDir f) {
        return jnr.ffi.Runtime.getSystemRuntime().getClosureManager().getClosurePointer(FillDir.class, f).address();
    }

    @Test
    void everyEntryArrivesInOrderAcrossBatches() {
        assertTrue(org.vaultfs.crypt.NativeLibrary.loaded(), "the C library is built on x86-64 Linux");
        assertTrue(NativeDirectoryFill.available());
        Recorder r = new Recorder(-1);
        NativeDirectoryFill fill = NativeDirectoryFill.start(address(r), 0);
        assertTrue(fill.add(new byte[] {'.'}, 0, 0));
        assertTrue(fill.add(new byte[] {'.', '.'}, 0, 0));
        int n = 3000; // ~100 bytes each: several 64 KiB batches
        for (int i = 0; i < n; i++) {
            String name = "entry-" + i + "-" + "é".repeat(40);
            assertTrue(fill.add(name.getBytes(StandardCharsets.UTF_8), 1000L + i, i % 2 == 0 ? FileStat.S_IFREG : FileStat.S_IFDIR));
        }
        byte[] longName = "x".repeat(70_000).getBytes(StandardCharsets.UTF_8); // larger than a batch
        assertTrue(fill.add(longName, 99, FileStat.S_IFLNK));
        assertTrue(fill.finish());
        assertEquals(n + 3, r.seen.size());
        assertEquals(new Seen(".", null, null), r.seen.get(0));
        assertEquals(new Seen("..", null, null), r.seen.get(1));
        for (int i = 0; i < n; i++) {
            String name = "entry-" + i + "-" + "é".repeat(40);
            assertEquals(new Seen(name, 1000L + i, i % 2 == 0 ? FileStat.S_IFREG : FileStat.S_IFDIR), r.seen.get(i + 2));
        }
        Seen last = r.seen.get(n + 2);
        assertEquals(70_000, last.name().length());
        assertEquals(99L, last.inode());
    }

    @Test
    void aFullBufferStopsTheListing() {
        assertTrue(org.vaultfs.crypt.NativeLibrary.loaded() && NativeDirectoryFill.available());
        Recorder r = new Recorder(1500);
        NativeDirectoryFill fill = NativeDirectoryFill.start(address(r), 0);
        boolean taken = true;
        int i = 0;
        for (; taken && i < 3000; i++) {
            taken = fill.add(("name-" + i + "-".repeat(60)).getBytes(StandardCharsets.UTF_8), i + 1, FileStat.S_IFREG);
        }
        taken = taken && fill.finish();
        assertFalse(taken, "the refusal reaches the caller");
        assertEquals(1500, r.seen.size());
        // The next listing on this thread starts empty.
        Recorder again = new Recorder(-1);
        NativeDirectoryFill next = NativeDirectoryFill.start(address(again), 0);
        assertTrue(next.add(new byte[] {'a'}, 7, FileStat.S_IFREG) && next.finish());
        assertEquals(List.of(new Seen("a", 7L, FileStat.S_IFREG)), again.seen);
    }
}
