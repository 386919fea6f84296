package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.fuse.FuseSupport;
import org.vaultfs.fuse.MountTable;
import org.vaultfs.fuse.Unmounter;
import org.vaultfs.testing.Fixtures;
import picocli.CommandLine;

/**
 * {@code ./vault mount --background} through the real launcher script: one JVM, started in the
 * background by the script, which returns once that JVM has mounted and detached.
 */
class LauncherMountTest {
    @TempDir
    Path tmp;
    Path golden;
    Path mnt;
    Path jar;

    @BeforeEach
    void setUp() throws Exception {
        FuseSupport.unavailableReason().ifPresent(why -> {
            System.err.println("SKIPPED: launcher mount tests: " + why);
            org.junit.jupiter.api.Assumptions.abort(why);
        });
        golden = Fixtures.require("aerovault3_golden.av3");
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        jar = manifestOnlyJar(tmp.resolve("vault.jar"));
    }

    @AfterEach
    void cleanUp() {
        if (mnt == null) {
            return; // skipped before a mount point was made (no FUSE here)
        }
        if (MountTable.isMounted(mnt)) {
            Unmounter.unmountLazy(mnt);
        }
        assertFalse(MountTable.isMounted(mnt), "test left a mount behind");
    }

    /** The classes under test as a jar the launcher can run (VAULT_JAR), without a Maven build. */
    static Path manifestOnlyJar(Path out) throws Exception {
        StringBuilder cp = new StringBuilder();
        for (String entry : MountCommandTest.testClassPath().split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                cp.append(Path.of(entry).toUri()).append(' ');
            }
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, VaultMain.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        try (OutputStream o = Files.newOutputStream(out); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return out;
    }

    record Run(int exit, String stderr) {
    }

    /** VAULT_JAVA_OPTS for the next launcher runs; none when null. */
    String javaOpts;

    /** Runs the launcher with stdout and stderr on pipes, as a caller capturing its output would. */
    Run launcher(String password, String... args) throws Exception {
        return launcher(List.of(), password, args);
    }

    /** The same, the launcher started through {@code prefix} (e.g. a shell that raises a limit first). */
    Run launcher(List<String> prefix, String password, String... args) throws Exception {
        Path script = Path.of(System.getProperty("vaultfs.root", ".."), "vault");
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(prefix));
        pb.command().add(script.toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().put("VAULT_PASSWORD", password);
        pb.environment().remove("VAULT_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("VAULT_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        // Read both pipes to their end: a daemon still holding either would block this forever.
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not return");
        String stderr = new String(err.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertEquals("", new String(out.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        return new Run(p.exitValue(), stderr);
    }

    static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Optional<ProcessHandle> mountJvm(Path mountPoint) {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("--ready-fd") && c.contains(mountPoint.toString())).orElse(false))
                .toList();
        assertTrue(found.size() <= 1, "more than one mount JVM: " + found);
        return found.stream().findFirst();
    }

    @Test
    void backgroundMountIsOneDetachedJvmThatUmountEnds() throws Exception {
        Run r = launcher(Fixtures.GOLDEN_PASSWORD, "mount", golden.toString(), mnt.toString(), "--background", "--cache-size", "16M");
        assertEquals(0, r.exit(), r.stderr());
        // The foreground's line, printed before the daemon lets its stderr go.
        assertEquals("vault: mounted " + golden + " on " + mnt + " (read-only); 'vault umount " + mnt + "' to unmount\n", r.stderr());
        assertTrue(MountTable.isMounted(mnt), "the launcher returned before the mount was ready");
        assertArrayEquals(MountCommandTest.README, Files.readAllBytes(mnt.resolve("readme.txt")));

        ProcessHandle jvm = mountJvm(mnt).orElseThrow(() -> new AssertionError("no mount JVM found"));
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine().map(c -> c.contains(MountDaemon.CHILD_FLAG)).orElse(false)),
                "a second JVM was started");
        long pid = jvm.pid();
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(Long.toString(pid), f[3], "the mount JVM leads its own session");
        for (int fd = 0; fd <= 2; fd++) {
            assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd))),
                    "fd " + fd + " still held");
        }
        // The launcher's readiness FIFO (mkfifo'd in a vault-mount.* directory, then unlinked) must
        // be let go; its descriptor number itself may be reused by any later open of the daemon's.
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            List<String> held = fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException e) {
                    return ""; // closed while listed
                }
            }).filter(target -> target.contains("vault-mount.")).toList();
            assertEquals(List.of(), held, "the readiness pipe is still open");
        }

        assertEquals(0, new CommandLine(new UmountCommand(new PrintStream(OutputStream.nullOutputStream()))).execute(mnt.toString()));
        jvm.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(MountTable.isMounted(mnt));
    }

    /** Both ways the CLI hardens itself: vaultfs's C library, and jnr-ffi where that is not loaded. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "-Dvaultfs.native=false"})
    void theMountDaemonKeepsNoPasswordInItsEnvironmentAndDumpsNoCore(String opts) throws Exception {
        javaOpts = opts.isEmpty() ? null : opts;
        Path cwd = Files.createDirectory(tmp.resolve("cwd"));
        // As a careless admin would: core dumps allowed, the password in the environment.
        Run r = launcher(List.of("bash", "-c", "ulimit -c unlimited 2>/dev/null || true; cd \"$1\" && shift && exec \"$@\"", "sh", cwd.toString()),
                Fixtures.GOLDEN_PASSWORD, "mount", golden.toString(), mnt.toString(), "--background");
        assertEquals(0, r.exit(), r.stderr());
        long pid = mountJvm(mnt).orElseThrow(() -> new AssertionError("no mount JVM found")).pid();
        Path proc = Path.of("/proc", Long.toString(pid));
        String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.ISO_8859_1);
        assertTrue(environ.contains("VAULT_PASSWORD="), "the test did pass the password in the environment");
        assertFalse(environ.contains(Fixtures.GOLDEN_PASSWORD), "/proc/PID/environ of the mount daemon holds the password");
        String core = Files.readAllLines(proc.resolve("limits")).stream().filter(l -> l.startsWith("Max core file size"))
                .findFirst().orElseThrow();
        assertTrue(core.matches("Max core file size\\s+0\\s+0\\s+bytes\\s*"), core);

        String pattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern")).strip();
        new ProcessBuilder("kill", "-ABRT", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        if (pattern.startsWith("|") || pattern.contains("/")) {
            System.err.println("SKIPPED: core file check: core_pattern '" + pattern + "' does not write into the working directory");
        } else {
            try (var files = Files.list(cwd)) {
                assertEquals(List.of(), files.toList(), "the aborted mount daemon wrote a core dump");
            }
        }
    }

    @Test
    void backgroundFailuresAreOneLineWithTheirExitCode() throws Exception {
        Run wrong = launcher("not the password", "mount", golden.toString(), mnt.toString(), "--background");
        assertEquals(Failure.WRONG_PASSWORD.exitCode(), wrong.exit(), wrong.stderr());
        assertEquals(1, wrong.stderr().lines().count(), wrong.stderr());
        assertTrue(wrong.stderr().startsWith("vault: wrong password"), wrong.stderr());
        assertFalse(MountTable.isMounted(mnt));

        Run missing = launcher(Fixtures.GOLDEN_PASSWORD, "mount", golden.toString(), tmp.resolve("nowhere").toString(), "--background");
        assertEquals(Failure.NOT_FOUND.exitCode(), missing.exit(), missing.stderr());
        assertEquals(1, missing.stderr().lines().count(), missing.stderr());
        assertTrue(mountJvm(mnt).isEmpty());
    }
}
