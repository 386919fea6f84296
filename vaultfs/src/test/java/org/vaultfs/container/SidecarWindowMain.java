package org.vaultfs.container;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Child-process body of {@link StaleParityTest}: adds one file to a vault that keeps a
 * detached sidecar, and stops dead once the new vault is in place but before its sidecar is,
 * printing PUBLISHED so the parent can kill -9 it in exactly that window.
 */
public final class SidecarWindowMain {
    private SidecarWindowMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path vault = Paths.get(args[0]);
        Path file = Paths.get(args[1]);
        byte[] kek = CrashCommitMain.hexToBytes(args[2]);
        EditOptions opts = VaultEcTest.OPTS.withKdf((pw, salt) -> kek.clone()).withProgress(new ProgressListener() {
            @Override
            public void advanced(long bytes) {
            }

            @Override
            public void published(Path v) {
                System.out.println("PUBLISHED");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (VaultEditor ed = VaultEditor.open(vault, VaultEcTest.PW, opts)) {
            ed.addFile(file, "added.bin");
            ed.commit();
        }
        System.out.println("COMMITTED");
    }
}
