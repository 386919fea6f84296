package org.vaultfs.crypt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * The JDK's own GHASH (com.sun.crypto.provider.GHASH), whose block loop is a HotSpot
 * intrinsic using carry-less multiply instructions: several GB/s against well under one for
 * any table-driven Java code. POLYVAL maps onto it exactly (RFC 8452 appendix A).
 *
 * <p>The class is internal, so this needs {@code --add-opens
 * java.base/com.sun.crypto.provider=ALL-UNNAMED} (set by the vault jar's manifest, the
 * launcher and the test runner). Without it {@link #available()} is false and callers use
 * the portable tables; results are identical either way.
 */
final class JdkGhash {
    private static final MethodHandle NEW;
    private static final MethodHandle UPDATE;
    private static final MethodHandle DIGEST;

    static {
        MethodHandle n = null;
        MethodHandle u = null;
        MethodHandle d = null;
        try {
            Class<?> c = Class.forName("com.sun.crypto.provider.GHASH");
            Constructor<?> ctor = c.getDeclaredConstructor(byte[].class);
            Method update = c.getDeclaredMethod("update", byte[].class, int.class, int.class);
            Method digest = c.getDeclaredMethod("digest");
            ctor.setAccessible(true);
            update.setAccessible(true);
            digest.setAccessible(true);
            MethodHandles.Lookup l = MethodHandles.lookup();
            n = l.unreflectConstructor(ctor).asType(MethodType.methodType(Object.class, byte[].class));
            u = l.unreflect(update).asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class));
            d = l.unreflect(digest).asType(MethodType.methodType(byte[].class, Object.class));
            if (!selfTest(n, u, d)) {
                n = null;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            n = null;
        }
        NEW = n;
        UPDATE = n == null ? null : u;
        DIGEST = n == null ? null : d;
    }

    private JdkGhash() {
    }

    static boolean available() {
        return NEW != null;
    }

    static Object create(byte[] subkey) {
        try {
            return (Object) NEW.invokeExact(subkey);
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH unavailable", t);
        }
    }

    /** Absorbs whole 16-byte blocks. */
    static void update(Object ghash, byte[] in, int off, int len) {
        try {
            UPDATE.invokeExact(ghash, in, off, len);
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH failed", t);
        }
    }

    static byte[] digest(Object ghash) {
        try {
            return (byte[]) DIGEST.invokeExact(ghash);
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH failed", t);
        }
    }

    /**
     * Test case 2 of the GCM specification: H = 66e94bd4ef8a2c3b884cfa59ca342b2e and the one
     * ciphertext block 0388dace60b6a392f328c2b971b2fe78 give X1 = 5e2ec746917062882c85b0685353deb7.
     * Guards against an internal API that changed meaning between JDK releases.
     */
    private static boolean selfTest(MethodHandle n, MethodHandle u, MethodHandle d) {
        try {
            byte[] h = hex("66e94bd4ef8a2c3b884cfa59ca342b2e");
            byte[] x = hex("0388dace60b6a392f328c2b971b2fe78");
            Object g = (Object) n.invokeExact(h);
            u.invokeExact(g, x, 0, 16);
            return java.util.Arrays.equals((byte[]) d.invokeExact(g), hex("5e2ec746917062882c85b0685353deb7"));
        } catch (Throwable t) {
            return false;
        }
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
