package org.vaultfs.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown hook against files being created at the moment it runs. Each case runs in a
 * child JVM: the hook's pass leaves the process stopping for good.
 */
class InterruptCleanupTest {
    @TempDir
    Path tmp;

    /** Child: runs one case and prints what is left in its directory. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        Path p = dir.resolve(".vault-extract-x.tmp");
        switch (args[0]) {
            case "created-after-the-hook-passed" -> {
                InterruptCleanup.beforeCreate(p);
                InterruptCleanup.removeAll(); // the hook runs while the create is under way
                Files.createFile(p);
                try {
                    InterruptCleanup.afterCreate(p);
                    System.out.println("no failure");
                } catch (VaultException e) {
                    System.out.println("failed: " + e.getMessage());
                }
            }
            case "registered-then-created" -> {
                InterruptCleanup.beforeCreate(p);
                Files.createFile(p);
                InterruptCleanup.afterCreate(p);
                InterruptCleanup.removeAll();
                System.out.println("hook ran");
            }
            case "someone-elses-name" -> {
                Files.writeString(p, "not ours\n");
                InterruptCleanup.beforeCreate(p);
                InterruptCleanup.createFailed(p); // O_EXCL refused: the name was taken
                InterruptCleanup.removeAll();
                System.out.println("hook ran");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        try (var s = Files.list(dir)) {
            s.map(f -> "left " + f.getFileName()).sorted().forEach(System.out::println);
        }
    }

    private List<String> run(String which) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(which));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, InterruptCleanupTest.class.getName(), which, dir.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes()).lines().toList());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), lines.toString());
        return lines;
    }

    @Test
    void aFileCreatedAfterTheHookPassedIsRemovedByItsCreator() throws Exception {
        assertEquals(List.of("failed: interrupted"), run("created-after-the-hook-passed"));
    }

    @Test
    void aRegisteredFileIsRemovedByTheHook() throws Exception {
        assertEquals(List.of("hook ran"), run("registered-then-created"));
    }

    @Test
    void aNameTheCreateFoundTakenIsNeverRemoved() throws Exception {
        assertEquals(List.of("hook ran", "left .vault-extract-x.tmp"), run("someone-elses-name"));
    }
}
