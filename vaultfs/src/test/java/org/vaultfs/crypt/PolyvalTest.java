package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolyvalTest {
    /** RFC 8452 appendix A: POLYVAL(H, X1, X2). */
    @Test
    void rfcExampleOnEveryEngine() {
        byte[] h = TestHex.decode("25629347589242761d31f826ba4b757b");
        byte[] x = TestHex.decode("4f4f95668c83dfb6401762bb2d01a262d1a24ddd2721d006bbe45f20d3c9f362");
        for (Polyval.Engine engine : engines()) {
            Polyval p = new Polyval(engine);
            p.init(h, 0);
            p.updatePadded(x, 0, x.length);
            byte[] out = new byte[16];
            p.result(out, 0);
            assertArrayEquals(TestHex.decode("f7a3b47b846119fae5b7866cf5e5b77e"), out, engine.name());
        }
    }

    /** Lengths cross the native code's 8-block groups and 16 KiB slices, with partial tails. */
    @Test
    void everyEngineAgreesWithTheTablesOnRandomInputs() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            byte[] h = bytes(rnd, 16);
            byte[] x = bytes(rnd, i < 200 ? rnd.nextInt(600) : rnd.nextInt(70_000));
            int off = rnd.nextInt(x.length + 1);
            byte[] tables = part(new Polyval(Polyval.Engine.TABLES), h, x, off);
            for (Polyval.Engine engine : engines()) {
                assertArrayEquals(tables, part(new Polyval(engine), h, x, off), engine + " case " + i);
            }
        }
    }

    /** The engines this machine runs; the native one is required where the C library must be built. */
    static java.util.List<Polyval.Engine> engines() {
        java.util.List<Polyval.Engine> out = new java.util.ArrayList<>();
        for (Polyval.Engine e : Polyval.Engine.values()) {
            if (e.available()) {
                out.add(e);
            }
        }
        if (NativeGcmSivTest.expected()) {
            org.junit.jupiter.api.Assertions.assertTrue(out.contains(Polyval.Engine.NATIVE), "the C POLYVAL is not in use");
        }
        return out;
    }

    private static byte[] part(Polyval p, byte[] h, byte[] x, int off) {
        p.init(h, 0);
        p.updatePadded(x, off, x.length - off);
        byte[] out = new byte[16];
        p.result(out, 0);
        return out;
    }

    /** Snapshots mid-stream change nothing, and resuming from one continues exactly. */
    @Test
    void snapshotThenResumeContinuesExactly() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (Polyval.Engine engine : engines()) {
            for (int i = 0; i < 100; i++) {
                byte[] h = bytes(rnd, 16);
                byte[] x = bytes(rnd, rnd.nextInt(1, 30_000));
                int cut = rnd.nextInt(x.length / 16 + 1) * 16; // snapshots fall on block boundaries
                Polyval p = new Polyval(engine);
                p.init(h, 0);
                p.updatePadded(x, 0, cut);
                byte[] mid = new byte[16];
                p.snapshot(mid, 0);
                byte[] again = new byte[16];
                p.snapshot(again, 0);
                assertArrayEquals(mid, again, "a second snapshot with no input in between");
                p.updatePadded(x, cut, x.length - cut);
                byte[] straight = new byte[16];
                p.result(straight, 0);
                assertArrayEquals(whole(new Polyval(engine), h, x), straight, "snapshot disturbed the result");

                Polyval q = new Polyval(engine);
                q.resume(h, 0, mid, 0);
                q.updatePadded(x, cut, x.length - cut);
                byte[] resumed = new byte[16];
                q.result(resumed, 0);
                assertArrayEquals(straight, resumed, "resume at " + cut + " of " + x.length);
            }
        }
    }

    private static byte[] whole(Polyval p, byte[] h, byte[] x) {
        p.init(h, 0);
        p.updatePadded(x, 0, x.length);
        byte[] out = new byte[16];
        p.result(out, 0);
        return out;
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
