package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Whole-vault open + list + verify + stream + extract + mount reads on mutated file bytes.
 * The input is the file from byte 124 on (header layout fields, reserved range, MAC, data,
 * manifest, extension directory and payload); bytes 0..124 (magic, version, flags, salt and
 * both wrapped keys) stay those of the small seed vault, so the memoised Argon2id serves every
 * execution. The empty input stands for the seed vault's own tail.
 */
class VaultFileFuzzTest {
    static final int PREFIX = 124;
    private static byte[] pristine;

    private static synchronized byte[] pristine() {
        if (pristine == null) {
            pristine = FuzzVaults.bytes(FuzzVaults.small());
        }
        return pristine;
    }

    @FuzzTest
    void tail(byte[] tail) throws IOException {
        byte[] p = pristine();
        byte[] file;
        if (tail.length == 0) {
            file = p;
        } else {
            file = Arrays.copyOf(p, PREFIX + tail.length);
            System.arraycopy(tail, 0, file, PREFIX, tail.length);
        }
        Path work = Files.createDirectories(FuzzVaults.root().resolve("vault-file"));
        Path vault = work.resolve("v.av3");
        Files.write(vault, file);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> ReaderDrill.run(vault, work.resolve("x")));
    }
}
