package org.vaultfs.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.vaultfs.crypt.Argon2id;

/**
 * One Argon2id derivation at the AeroVault profile (128 MiB, t=4, p=4, 32-byte tag): ours
 * against Bouncy Castle. Same inputs as the C CLI line that docs/bench/primitives.sh times
 * ({@code echo -n pw | argon2 saltsalt -id -m 17 -t 4 -p 4 -l 32}). Our code uses
 * min(4, availableProcessors) threads; run with {@code -jvmArgs -XX:ActiveProcessorCount=1}
 * for the single-thread figure.
 *
 * <p>The {@code *CacheResident} pair isolates the compression function: 256 KiB, t=4, p=1 is
 * 1,024 compressions (minus the 2 H'-filled blocks) on memory that stays in L2, one thread,
 * so µs/op divided by 1,024 is the cost of one G.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Argon2Bench {
    private final byte[] password = "pw".getBytes(StandardCharsets.US_ASCII);
    private final byte[] salt = "saltsalt".getBytes(StandardCharsets.US_ASCII);

    /**
     * One cold derivation in a fresh JVM, as a CLI command or {@code vault mount} does it:
     * prints the in-process milliseconds and the tag (hex), so docs/bench/primitives.sh can
     * time it next to the C CLI and check both produce the same tag.
     */
    public static void main(String[] args) {
        Argon2Bench b = new Argon2Bench();
        long t0 = System.nanoTime();
        byte[] tag = b.vaultfs();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder hex = new StringBuilder();
        for (byte x : tag) {
            hex.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        System.out.println(ms + " ms in-process " + hex);
    }

    @Benchmark
    public byte[] vaultfs() {
        return Argon2id.derive(password, salt);
    }

    @Benchmark
    public byte[] bouncyCastle() {
        return bouncyCastle(Argon2id.MEMORY_KIB, Argon2id.ITERATIONS, Argon2id.LANES);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] vaultfsCacheResident() {
        return Argon2id.derive(password, salt, 256, 4, 1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] bouncyCastleCacheResident() {
        return bouncyCastle(256, 4, 1);
    }

    private byte[] bouncyCastle(int memoryKib, int iterations, int lanes) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[Argon2id.OUT_LEN];
        gen.generateBytes(password, out);
        return out;
    }
}
