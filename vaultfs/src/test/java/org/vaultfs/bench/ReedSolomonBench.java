package org.vaultfs.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vaultfs.ecc.ReedSolomon;

/** Parity of 10 data shards of 1 MiB into 2 (the AVEC "medium"-like shape): GFNI C code against the Java tables. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReedSolomonBench {
    private static final int SHARD = 1 << 20;
    private final ReedSolomon rs = new ReedSolomon(10, 2);
    private byte[][] shards;

    @Setup
    public void setup() {
        shards = new byte[12][SHARD];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            rnd.nextBytes(shards[i]);
        }
    }

    /** 10 MiB of data in, 2 MiB of parity out per operation. */
    @Benchmark
    public byte[][] encode10plus2() {
        rs.encodeParity(shards, 0, SHARD);
        return shards;
    }

    @Benchmark
    @Fork(jvmArgsAppend = "-Dvaultfs.native=false")
    public byte[][] encode10plus2JavaOnly() {
        rs.encodeParity(shards, 0, SHARD);
        return shards;
    }
}
