package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.DeterministicRandom;

/** Shared plumbing of the hostile-vault tests: building victims, asserting clean refusals. */
final class HostileSupport {
    static final byte[] PW = "hostile-test-password".getBytes(StandardCharsets.UTF_8);

    private HostileSupport() {
    }

    /**
     * Deterministic options: every vault gets the same salt, so the memoised Argon2id runs
     * once per JVM instead of once per vault (2 s each).
     */
    static EditOptions opts() {
        return EditOptions.defaults()
                .withKdf(CachingKdf.INSTANCE)
                .withRandom(new DeterministicRandom())
                .withClock(Clock.fixed(Instant.parse("2026-06-17T00:00:00Z"), ZoneOffset.UTC))
                .withThreads(2)
                .withLevel(3)
                .withMetadata(MetadataCapture.NONE); // the reference's layout, byte for byte
    }

    /** Writes {@code files} (vault path to bytes) and {@code dirs} into a new vault via VaultEditor. */
    static Path buildVault(Path vault, Map<String, byte[]> files, List<String> dirs) {
        try {
            Path src = Files.createTempDirectory(vault.toAbsolutePath().getParent(), "src");
            List<VaultEditor.Source> sources = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = src.resolve(f.getKey().replace('/', '_'));
                Files.write(p, f.getValue());
                sources.add(new VaultEditor.Source(p, f.getKey()));
            }
            try (VaultEditor ed = VaultEditor.create(vault, PW, opts())) {
                for (String d : dirs) {
                    ed.mkdir(d);
                }
                ed.addFiles(sources);
                ed.commit();
            }
            return vault;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VaultReader open(Path vault) {
        return VaultReader.open(vault, PW, CachingKdf.INSTANCE);
    }

    static byte[] read(VaultReader r, String path) {
        try (InputStream in = r.openStream(r.require(path))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the vault and reads every file: drives the open-time and the per-block checks. */
    static void openAndReadAll(Path vault) {
        try (VaultReader r = open(vault)) {
            for (Entry e : r.entries()) {
                if (!e.isDir()) {
                    read(r, e.path());
                }
            }
        }
    }

    /**
     * Asserts that {@code action} is refused with exactly {@code expected}, with a one-line
     * message that names the problem (contains {@code fragment}, case-insensitively).
     */
    static VaultException expectFailure(Failure expected, String fragment, Executable action) {
        VaultException e = assertThrows(VaultException.class, action);
        String msg = e.getMessage();
        if (e.failure() != expected) {
            fail("expected " + expected.id() + " but got " + e.failure().id() + ": " + msg, e);
        }
        assertTrue(msg != null && !msg.isBlank(), "failure message is empty");
        assertFalse(msg.contains("\n") || msg.contains("\r"), "failure message is not one line: " + msg);
        assertFalse(msg.contains("Exception") || msg.contains("\tat "), "failure message leaks internals: " + msg);
        assertTrue(msg.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
                "message of " + expected.id() + " does not mention '" + fragment + "': " + msg);
        return e;
    }

    /** Names of every entry in {@code dir} (to prove a refusal left no temp, lock or output file). */
    static TreeSet<String> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            TreeSet<String> names = new TreeSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes allocated by the current thread while running {@code action} (HotSpot counter). */
    static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        action.run();
        return mx.getThreadAllocatedBytes(tid) - before;
    }

    /**
     * Runs {@code action}, which must fail with {@code expected}, and proves it allocated
     * less than {@code limit} bytes on the way: the hostile length was refused, not honoured.
     */
    static void expectFailureWithin(long limit, Failure expected, String fragment, Executable action) {
        long used = allocatedBy(() -> expectFailure(expected, fragment, action));
        assertTrue(used < limit, "refusing the vault allocated " + used + " bytes (limit " + limit + ")");
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSameListing(java.util.Set<String> before, Path dir) {
        assertEquals(before, listing(dir), "a refused vault left files behind");
    }
}
