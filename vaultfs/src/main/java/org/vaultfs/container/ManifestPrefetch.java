package org.vaultfs.container;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Reads a vault's stored manifest into the page cache on a background thread, so the disk
 * works while the password is derived (which keeps the CPUs busy and the disk idle) rather
 * than after. Advisory only: anything odd about the file is left for {@link VaultReader#open}
 * to report, and nothing read here is kept.
 */
public final class ManifestPrefetch {
    private static final int BUFFER = 256 * 1024;

    private ManifestPrefetch() {
    }

    public static void start(Path vault) {
        Thread t = new Thread(() -> read(vault), "vaultfs-manifest-prefetch");
        t.setDaemon(true);
        t.start();
    }

    static void read(Path vault) {
        try (RandomAccessFile f = new RandomAccessFile(vault.toFile(), "r")) {
            byte[] buf = new byte[BUFFER];
            if (f.read(buf, 0, VaultHeader.SIZE) != VaultHeader.SIZE) {
                return;
            }
            long offset;
            long left;
            try {
                VaultHeader h = VaultHeader.parse(buf);
                offset = h.manifestOffset();
                left = Math.min(h.manifestLen(), ReaderLimits.MAX_MANIFEST);
            } catch (RuntimeException notAVault) {
                return;
            }
            f.seek(offset); // past the end, reads find nothing; negative, seek throws
            while (left > 0) {
                int n = f.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // The real open reads the same bytes and reports what is wrong with them.
        }
    }
}
