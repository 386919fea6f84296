package org.vaultfs.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vaultfs.crypt.AesGcmSiv;

/** AES-256-GCM-SIV seal and open of one message: ours (allocation-free API) against BC. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AesGcmSivBench {
    @Param({"1048576"})
    public int size;

    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[32];
    private byte[] plaintext;
    private byte[] sealed;
    private byte[] out;
    private AesGcmSiv siv;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(2);
        rnd.nextBytes(key);
        rnd.nextBytes(nonce);
        rnd.nextBytes(aad);
        plaintext = new byte[size];
        rnd.nextBytes(plaintext);
        siv = new AesGcmSiv(key);
        sealed = siv.seal(nonce, plaintext, 0, size, aad);
        out = new byte[size + AesGcmSiv.TAG_LEN];
    }

    @Benchmark
    public byte[] sealVaultfs() {
        siv.seal(nonce, plaintext, 0, size, aad, out, 0);
        return out;
    }

    @Benchmark
    public boolean openVaultfs() {
        return siv.open(nonce, sealed, 0, sealed.length, aad, out, 0);
    }

    @Benchmark
    public byte[] sealBouncyCastle() throws InvalidCipherTextException {
        GCMSIVBlockCipher c = bc(true);
        c.processBytes(plaintext, 0, size, null, 0);
        c.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] openBouncyCastle() throws InvalidCipherTextException {
        GCMSIVBlockCipher c = bc(false);
        c.processBytes(sealed, 0, sealed.length, null, 0);
        c.doFinal(out, 0);
        return out;
    }

    private GCMSIVBlockCipher bc(boolean encrypt) {
        GCMSIVBlockCipher c = new GCMSIVBlockCipher(AESEngine.newInstance());
        c.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        return c;
    }
}
