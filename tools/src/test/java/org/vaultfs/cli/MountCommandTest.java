package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fuse.FuseMount;
import org.vaultfs.fuse.FuseSupport;
import org.vaultfs.fuse.MountConfig;
import org.vaultfs.fuse.MountTable;
import org.vaultfs.fuse.Unmounter;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;
import picocli.CommandLine;

/** The mount and umount commands, run for real: as child processes and in-process. */
class MountCommandTest {
    static final byte[] README = "AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    Path golden;
    Path mnt;
    final List<Process> children = new ArrayList<>();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        FuseSupport.unavailableReason().ifPresent(why -> {
            System.err.println("SKIPPED: mount command tests: " + why);
            org.junit.jupiter.api.Assumptions.abort(why);
        });
        golden = Fixtures.require("aerovault3_golden.av3");
        mnt = Files.createDirectory(tmp.resolve("mnt"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (mnt == null) {
            return; // skipped before a mount point was made (no FUSE here)
        }
        if (MountTable.isMounted(mnt)) {
            Unmounter.unmountLazy(mnt);
        }
        assertFalse(MountTable.isMounted(mnt), "test left a mount behind");
    }

    Process startForegroundChild(String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx512m", "-cp", testClassPath(), MountCommand.class.getName(),
                golden.toString(), mnt.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("VAULT_PASSWORD", password);
        Process p = pb.start();
        children.add(p);
        return p;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire may run tests from a manifest-only jar; its full class path is in this property. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    void awaitMounted(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // The kernel lists the mount before the command has confirmed it serves requests;
        // its "mounted" line is the readiness signal, and unmounting earlier is a race.
        while (!MountTable.isMounted(mnt) || !log().contains("vault: mounted")) {
            assertTrue(p.isAlive(), () -> "mount process exited early: " + log());
            assertTrue(System.nanoTime() < deadline, "not mounted within 60 s");
            Thread.sleep(50);
        }
    }

    String log() {
        try {
            return Files.readString(tmp.resolve("child.log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }

    @Test
    void foregroundServesUntilSigtermThenUnmountsAndExits() throws Exception {
        Process p = startForegroundChild(Fixtures.GOLDEN_PASSWORD);
        awaitMounted(p);
        assertArrayEquals(README, Files.readAllBytes(mnt.resolve("readme.txt")));
        assertEquals("fuse.vaultfs", MountTable.typeAt(mnt));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mount process still running after SIGTERM");
        assertFalse(MountTable.isMounted(mnt), "SIGTERM left the mount behind");
        assertEquals(0, p.descendants().count());
        assertTrue(Files.isDirectory(mnt) && isEmpty(mnt));
    }

    @Test
    void theVaultFromVaultFileAndTheOwnerFromDashO() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx512m", "-cp", testClassPath(), MountCommand.class.getName(),
                mnt.toString(), "-o", "uid=4321,gid=8765").redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("VAULT_PASSWORD", Fixtures.GOLDEN_PASSWORD);
        pb.environment().put("VAULT_FILE", golden.toString());
        Process p = pb.start();
        children.add(p);
        awaitMounted(p);
        assertEquals(4321, Files.getAttribute(mnt.resolve("readme.txt"), "unix:uid"));
        assertEquals(8765, Files.getAttribute(mnt.resolve("readme.txt"), "unix:gid"));
        assertArrayEquals(README, Files.readAllBytes(mnt.resolve("readme.txt")));
        assertEquals(0, umount(mnt));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void unknownMountOptionsAndAMissingVaultFileAreUsageErrors() {
        assertEquals(2, mount(golden.toString(), mnt.toString(), "-o", "uid=1,exec"));
        assertTrue(err.toString().contains("unknown mount option -o exec"), err.toString());
        assertEquals(2, mount(golden.toString(), mnt.toString(), "-o", "uid=x"));
        assertFalse(MountTable.isMounted(mnt));
    }

    @Test
    void foregroundExitsZeroWhenUnmountedByUmountCommand() throws Exception {
        Process p = startForegroundChild(Fixtures.GOLDEN_PASSWORD);
        awaitMounted(p);
        assertEquals(0, umount(mnt));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mount process did not exit after umount");
        assertEquals(0, p.exitValue(), log());
        assertFalse(MountTable.isMounted(mnt));
    }

    @Test
    void backgroundReturnsOnceMountedAndUmountEndsTheDaemon() throws Exception {
        Path pwFile = Files.writeString(tmp.resolve("pw"), Fixtures.GOLDEN_PASSWORD + "\n");
        int code = mount(golden.toString(), mnt.toString(), "--background", "--password-file", pwFile.toString(), "--cache-size", "16M");
        assertEquals(0, code, err.toString());
        assertTrue(MountTable.isMounted(mnt), "--background returned before the mount was ready");
        assertArrayEquals(README, Files.readAllBytes(mnt.resolve("readme.txt")));
        List<ProcessHandle> daemons = ProcessHandle.allProcesses()
                .filter(h -> commandLine(h).contains(MountDaemon.CHILD_FLAG) && commandLine(h).contains(mnt.toString()))
                .toList();
        assertEquals(1, daemons.size(), "exactly one background process");
        assertEquals(0, umount(mnt));
        assertFalse(MountTable.isMounted(mnt));
        assertTrue(daemons.get(0).onExit().get(30, TimeUnit.SECONDS) != null);
        assertFalse(daemons.get(0).isAlive());
    }

    @Test
    void anAerovault2VaultMountsAndReadsAtRandomAsAerovault3Does() throws Exception {
        Path v2 = golden.getParent().resolveSibling("aerovault2").resolve("v2-cascade.aerovault");
        if (!Files.isRegularFile(v2)) {
            Fixtures.absent("AEROVAULT2 fixture v2-cascade.aerovault");
        }
        Path pwFile = Files.writeString(tmp.resolve("pw2"), "aerovault2-fixture-pw\n");
        assertEquals(0, mount(v2.toString(), mnt.toString(), "--background", "--password-file", pwFile.toString(),
                "--cache-size", "16M"), err.toString());
        try {
            for (String line : Files.readAllLines(v2.resolveSibling("tree.sha256"))) {
                Path f = mnt.resolve(line.substring(line.indexOf("./") + 2));
                byte[] whole = Files.readAllBytes(f);
                assertEquals(line.substring(0, 64), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(whole)), f.toString());
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
                    java.util.Random r = new java.util.Random(whole.length);
                    for (int i = 0; i < 20 && whole.length > 0; i++) {
                        int at = r.nextInt(whole.length);
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.min(4096, whole.length - at));
                        ch.read(b, at);
                        assertArrayEquals(java.util.Arrays.copyOfRange(whole, at, at + b.capacity()), b.array(), f + " at " + at);
                    }
                }
            }
            assertTrue(Files.isDirectory(mnt.resolve("empty dir")));
        } finally {
            assertEquals(0, umount(mnt));
        }
    }

    @Test
    void wrongPasswordIsReportedBeforeAnythingIsMounted() throws Exception {
        Path pwFile = Files.writeString(tmp.resolve("pw"), "not the password\n");
        assertEquals(Failure.WRONG_PASSWORD.exitCode(), mount(golden.toString(), mnt.toString(), "--password-file", pwFile.toString()));
        assertFalse(MountTable.isMounted(mnt));
        assertTrue(err.toString().startsWith("vault: "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        err.reset();
        assertEquals(Failure.WRONG_PASSWORD.exitCode(),
                mount(golden.toString(), mnt.toString(), "--background", "--password-file", pwFile.toString()));
        assertFalse(MountTable.isMounted(mnt));
    }

    @Test
    void mountPointProblemsHaveDistinctCodes() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), Fixtures.GOLDEN_PASSWORD);
        assertEquals(Failure.NOT_FOUND.exitCode(), mount(golden.toString(), tmp.resolve("missing").toString(), "--password-file", pw.toString()));
        assertTrue(err.toString().contains("does not exist"), err.toString());
        assertEquals(Failure.NOT_FOUND.exitCode(), mount(tmp.resolve("no.av3").toString(), mnt.toString(), "--password-file", pw.toString()));
        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        err.reset();
        assertEquals(Failure.CONFLICT.exitCode(), mount(golden.toString(), full.toString(), "--password-file", pw.toString()));
        assertTrue(err.toString().contains("not empty"), err.toString());
        assertEquals(Failure.INVALID_ARGUMENT.exitCode(), mount(golden.toString(), mnt.toString(), "--cache-size", "lots"));
        assertEquals(Failure.INVALID_ARGUMENT.exitCode(), mount(golden.toString(), mnt.toString(), "--umask", "999"));
        assertEquals(Failure.NOT_FOUND.exitCode(), umount(mnt));
        assertEquals(Failure.CONFLICT.exitCode(), umount(Path.of("/proc")), "must refuse to unmount a non-vault filesystem");
        assertTrue(MountTable.isMounted(Path.of("/proc")));
    }

    @Test
    void alreadyMountedIsAConflict() throws Exception {
        Vault v = Vault.open(golden, Fixtures.GOLDEN_PASSWORD.getBytes(StandardCharsets.UTF_8), OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE));
        try (VaultFileSystem fs = v.toFileSystem(1 << 20);
             FuseMount m = FuseMount.mount(fs, mnt, MountConfig.forCurrentUser())) {
            Path pw = Files.writeString(tmp.resolve("pw"), Fixtures.GOLDEN_PASSWORD);
            assertEquals(Failure.CONFLICT.exitCode(), mount(golden.toString(), mnt.toString(), "--password-file", pw.toString()));
            assertTrue(err.toString().contains("already mounted"), err.toString());
        }
        assertFalse(MountTable.isMounted(mnt));
    }

    @Test
    void sizesAndUmasksParse() {
        assertEquals(256L << 20, MountCommand.parseSize("256M"));
        assertEquals(1L << 30, MountCommand.parseSize("1g"));
        assertEquals(512L << 10, MountCommand.parseSize("512KiB"));
        assertEquals(1000, MountCommand.parseSize("1000"));
        assertThrows(VaultException.class, () -> MountCommand.parseSize("-1M"));
        assertThrows(VaultException.class, () -> MountCommand.parseSize("M"));
        assertEquals(0277, MountCommand.parseUmask("0277"));
        assertEquals(022, MountCommand.parseUmask("22"));
        assertThrows(VaultException.class, () -> MountCommand.parseUmask("8"));
    }

    int mount(String... args) {
        return new CommandLine(new MountCommand(new PrintStream(err, true)))
                .execute(args);
    }

    int umount(Path p) {
        return new CommandLine(new UmountCommand(new PrintStream(err, true))).execute(p.toString());
    }

    static boolean isEmpty(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * The process's arguments from /proc: ProcessHandle.Info leaves the command line out when
     * it cannot resolve the executable at that moment, which made the count flaky under load.
     */
    private static String commandLine(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + h.pid() + "/cmdline")), java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
