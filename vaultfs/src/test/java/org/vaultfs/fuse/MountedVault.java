package org.vaultfs.fuse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.vaultfs.event.VaultListener;
import org.vaultfs.testing.EventLines;
import org.vaultfs.container.VaultReader;
import org.vaultfs.fs.ChunkSources;
import org.vaultfs.fs.ReaderChunkSource;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fs.VaultFileSystems;
import org.vaultfs.testing.CachingKdf;

/** Test helper: a vault mounted in a fresh temporary directory; close() always unmounts. */
final class MountedVault implements AutoCloseable {
    final VaultFileSystem fs;
    final FuseMount mount;
    final Path dir;

    private MountedVault(VaultFileSystem fs, FuseMount mount, Path dir) {
        this.fs = fs;
        this.mount = mount;
        this.dir = dir;
    }

    /** Skips the calling test, visibly, when this machine cannot mount FUSE. */
    static void assumeFuse() {
        FuseSupport.unavailableReason().ifPresent(why -> {
            System.err.println("SKIPPED: FUSE mount tests: " + why);
            Assumptions.abort(why);
        });
    }

    static MountedVault mount(Path vault, String password, Path parent, long cacheBytes) throws Exception {
        return mount(vault, password, parent, cacheBytes, MountConfig.forCurrentUser());
    }

    static MountedVault mount(Path vault, String password, Path parent, long cacheBytes, MountConfig config) throws Exception {
        return mount(vault, password, parent, cacheBytes, config, false);
    }

    /** As the CLI mounts: blocks the vault's parity can rebuild are served repaired. */
    static MountedVault mountRepairing(Path vault, String password, Path parent, long cacheBytes) throws Exception {
        return mount(vault, password, parent, cacheBytes, MountConfig.forCurrentUser(), true);
    }

    private static MountedVault mount(Path vault, String password, Path parent, long cacheBytes, MountConfig config,
                                      boolean repair) throws Exception {
        assumeFuse();
        Path dir = Files.createTempDirectory(parent, "mnt");
        VaultReader reader = VaultReader.open(vault, password.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream logStream = new PrintStream(new TeeStream(log, System.err), true, StandardCharsets.UTF_8);
        VaultListener listener = EventLines.to(logStream, "vaultfs");
        VaultFileSystem fs = VaultFileSystems.of(reader, repair ? ChunkSources.forReader(reader, listener)
                : new ReaderChunkSource(reader), cacheBytes, listener);
        try {
            MountedVault m = new MountedVault(fs, FuseMount.mount(fs, dir, config), dir);
            m.logSink = log;
            return m;
        } catch (RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    private ByteArrayOutputStream logSink;

    String logText() {
        return logSink.toString(StandardCharsets.UTF_8);
    }

    Path path(String vaultPath) {
        return dir.resolve(vaultPath);
    }

    @Override
    public void close() {
        try {
            mount.close();
        } finally {
            fs.close();
        }
    }

    /** Damage lines go to the test's stderr too, so a failing run shows them. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
