package org.vaultfs.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vaultfs.crypt.Blake3;

/** BLAKE3-256 of one buffer: ours (C lanes, and Java alone) against the two Java library implementations. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Blake3Bench {
    @Param({"1048576"})
    public int size;

    private byte[] data;

    @Setup
    public void setup() {
        data = new byte[size];
        new SplittableRandom(1).nextBytes(data);
    }

    @Benchmark
    public byte[] vaultfs() {
        return Blake3.hash(data);
    }

    /** The Java code alone (the C library not loaded). */
    @Benchmark
    @Fork(jvmArgsAppend = "-Dvaultfs.native=false")
    public byte[] vaultfsJavaOnly() {
        return Blake3.hash(data);
    }

    @Benchmark
    public byte[] commonsCodec() {
        return org.apache.commons.codec.digest.Blake3.initHash().update(data).doFinalize(32);
    }

    @Benchmark
    public byte[] bouncyCastle() {
        Blake3Digest d = new Blake3Digest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
