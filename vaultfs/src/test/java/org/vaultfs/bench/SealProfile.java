package org.vaultfs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultReader;
import org.vaultfs.container.VaultVerifier;
import org.vaultfs.container.VerifyReport;

/**
 * Seals a directory through the library and reports throughput per stage; a profiling aid
 * (run with java -cp, not a test). Usage: SealProfile SOURCE_DIR WORK_DIR [LEVEL]
 */
public final class SealProfile {
    public static void main(String[] args) throws Exception {
        Path src = Path.of(args[0]);
        Path vault = Path.of(args[1]).resolve("profile.aerovault");
        int level = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        Files.deleteIfExists(vault);
        byte[] pw = "profile-password".getBytes();
        EditOptions opts = EditOptions.defaults().withLevel(level);
        EditStats stats;
        try (VaultEditor ed = VaultEditor.create(vault, pw, opts)) {
            ed.addTree(src, "");
            stats = ed.commit();
        }
        System.out.printf("seal: %d files, %.1f MiB in, %.1f MiB stored, %.1f s, %.0f MiB/s%n", stats.filesAdded(),
                stats.bytesIn() / 1048576.0, stats.bytesStored() / 1048576.0, stats.nanos() / 1e9, stats.mibPerSecond());
        long t0 = System.nanoTime();
        try (VaultReader r = VaultReader.open(vault, pw)) {
            long t1 = System.nanoTime();
            VerifyReport rep = VaultVerifier.verify(r, ProgressListener.NONE);
            long t2 = System.nanoTime();
            System.out.printf("open %.2f s; verify %d blocks, %.0f MiB/s, clean=%s%n", (t1 - t0) / 1e9, rep.blocksChecked(),
                    rep.bytesChecked() / 1048576.0 / ((t2 - t1) / 1e9), rep.clean());
        }
    }
}
