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
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.chunking.GearScanner;

/**
 * The gear scan over 16 MiB at the fast profile's bounds: the C scan against the Java scan,
 * each under the full tiered JIT and under C1 alone (how `vault seal` runs its Java code).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GearBench {
    private byte[] data;

    @Setup
    public void setup() {
        data = new byte[16 << 20];
        new SplittableRandom(1).nextBytes(data);
    }

    private int cuts() {
        GearScanner s = new GearScanner(CdcBounds.DEFAULT);
        int cuts = 0;
        for (int pos = 0; pos < data.length; ) {
            int end = s.scan(data, pos, data.length);
            if (end < 0) {
                break;
            }
            cuts++;
            pos = end;
        }
        return cuts;
    }

    @Benchmark
    public int vaultfsC() {
        return cuts();
    }

    @Benchmark
    @Fork(jvmArgsAppend = "-XX:TieredStopAtLevel=1")
    public int vaultfsCUnderC1() {
        return cuts();
    }

    @Benchmark
    @Fork(jvmArgsAppend = "-Dvaultfs.native=false")
    public int javaUnderC2() {
        return cuts();
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Dvaultfs.native=false", "-XX:TieredStopAtLevel=1"})
    public int javaUnderC1() {
        return cuts();
    }
}
