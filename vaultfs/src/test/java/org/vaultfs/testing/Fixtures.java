package org.vaultfs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Locates the reference fixtures in ../shared/fixtures/aerovault (never committed here). */
public final class Fixtures {
    public static final String GOLDEN_PASSWORD = "aerovault-fixture-pw";

    private Fixtures() {
    }

    public static Path dir() {
        String prop = System.getProperty("vaultfs.fixtures");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/aerovault");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            candidate = p.resolve("../shared/fixtures/aerovault").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The fixture file; when absent, see {@link #absent}. */
    public static Path require(String name) {
        Path d = dir();
        Path f = d == null ? null : d.resolve(name);
        if (f == null || !Files.isRegularFile(f)) {
            absent("reference fixture " + name + " (expected ../shared/fixtures/aerovault/)");
        }
        return f;
    }

    /**
     * Ends a test whose fixture is missing: on CI ({@code CI=true}) a failure, since a check that
     * silently stops running proves nothing; elsewhere a visible skip, so a checkout without
     * ../shared still builds.
     */
    public static void absent(String what) {
        failOnCi(what);
        System.err.println("SKIPPED: " + what + " is absent");
        Assumptions.abort(what + " is absent");
    }

    /** For an optional cross-check inside a test that goes on without it: fails on CI only. */
    public static void failOnCi(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(what + " is absent, and CI=true requires every fixture");
        }
    }

    public static byte[] goldenBig() {
        byte[] pattern = "AeroVault v3 cross-impl big-file pattern block. ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = pattern[i % pattern.length];
        }
        return big;
    }
}
