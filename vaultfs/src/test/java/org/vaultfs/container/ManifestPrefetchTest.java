package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest prefetch reads exactly the stored manifest and is quiet about anything else. */
class ManifestPrefetchTest {
    @TempDir
    Path tmp;

    /** Bytes this thread has read through read(2) so far, page cache hits included (per thread: other tests' daemon threads may still be reading). */
    static long readChars() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/io"))) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new IllegalStateException("no rchar in /proc/thread-self/io");
    }

    @Test
    void readsTheHeaderAndTheWholeManifest() throws IOException {
        Path v = HostileSupport.buildVault(tmp.resolve("v.av3"), Map.of("a.txt", "alpha".getBytes(StandardCharsets.UTF_8)), List.of("d"));
        VaultHeader h = VaultHeader.parse(Files.readAllBytes(v));
        ManifestPrefetch.read(v);
        long read = prefetched(v);
        assertTrue(read >= VaultHeader.SIZE + h.manifestLen(), "read " + read + " bytes, manifest is " + h.manifestLen());
        assertTrue(read < VaultHeader.SIZE + h.manifestLen() + 4096, "read " + read + " bytes: more than header and manifest");
    }

    /**
     * Bytes read by prefetching {@code p} (it must never throw, whatever the file holds), less
     * what reading /proc/thread-self/io itself costs. Class loading reads too: callers warm up first.
     */
    static long prefetched(Path p) throws IOException {
        long before = readChars();
        long overhead = readChars() - before;
        before = readChars();
        ManifestPrefetch.read(p);
        return readChars() - before - overhead;
    }

    @Test
    void readsNoFurtherThanAHeaderWhenTheFileIsNotAPlausibleVault() throws IOException {
        Path v = HostileSupport.buildVault(tmp.resolve("v.av3"), Map.of("a.txt", "alpha".getBytes(StandardCharsets.UTF_8)), List.of());
        Path zeros = Files.write(tmp.resolve("zeros"), new byte[1 << 20]);
        ManifestPrefetch.read(v);
        ManifestPrefetch.read(zeros);
        ManifestPrefetch.read(tmp.resolve("missing.av3"));

        assertEquals(0, prefetched(tmp.resolve("missing.av3")));
        assertTrue(prefetched(Files.write(tmp.resolve("short"), new byte[10])) <= 10);
        assertTrue(prefetched(zeros) <= VaultHeader.SIZE);
        byte[] b = Files.readAllBytes(v);
        VaultHeader.Builder h = VaultHeader.parse(b).toBuilder();
        h.manifestOffset = Long.MAX_VALUE;
        System.arraycopy(h.build().toBytes(), 0, b, 0, VaultHeader.SIZE);
        assertTrue(prefetched(Files.write(tmp.resolve("far.av3"), b)) <= VaultHeader.SIZE);

        h.manifestOffset = VaultHeader.SIZE;
        h.manifestLen = Long.MAX_VALUE; // far beyond the file and the 128 MiB limit: stops at the end
        System.arraycopy(h.build().toBytes(), 0, b, 0, VaultHeader.SIZE);
        assertTrue(prefetched(Files.write(tmp.resolve("long.av3"), b)) <= b.length);
    }
}
