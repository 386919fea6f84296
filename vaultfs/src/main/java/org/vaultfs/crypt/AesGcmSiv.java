package org.vaultfs.crypt;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.vaultfs.bytes.DirectMemory;

/**
 * AES-256-GCM-SIV (RFC 8452) with a 12-byte nonce and a 16-byte tag appended to the
 * ciphertext. The AES and POLYVAL work runs in C ({@link NativeGcmSiv}) where the library is
 * loaded and the CPU has AES-NI and PCLMULQDQ, otherwise on the JDK's AES (whose intrinsics
 * use AES-NI) and {@link Polyval}; both engines produce the same bytes and checkpoints.
 * Thread-safe: an instance holds only the key; cipher objects and scratch space live in a
 * per-thread workspace shared by all instances.
 *
 * <p>In-place operation ({@code out == in} at the same offset) is supported; other
 * overlapping ranges are rejected.
 */
public final class AesGcmSiv {
    public static final int KEY_LEN = 32;
    public static final int NONCE_LEN = 12;
    public static final int TAG_LEN = 16;

    private static final boolean NATIVE = NativeGcmSiv.available();
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(() -> new Workspace(NATIVE));
    private static final ThreadLocal<Workspace> JAVA_WORKSPACE = ThreadLocal.withInitial(() -> new Workspace(false));

    private final byte[] key;
    private final SecretKeySpec keySpec;
    private final ThreadLocal<Workspace> workspace;

    public AesGcmSiv(byte[] key) {
        this(key, NATIVE);
    }

    private AesGcmSiv(byte[] key, boolean useNative) {
        if (key.length != KEY_LEN) {
            throw new IllegalArgumentException("AES-256-GCM-SIV key must be 32 bytes");
        }
        this.key = key.clone();
        this.keySpec = new SecretKeySpec(this.key, "AES");
        this.workspace = useNative ? WORKSPACE : JAVA_WORKSPACE;
    }

    /** The JDK's AES and the Java POLYVAL whatever the machine has (tests compare the two). */
    static AesGcmSiv javaOnly(byte[] key) {
        return new AesGcmSiv(key, false);
    }

    /** Whether instances made by the public constructor run on the C code. */
    static boolean usesNative() {
        return NATIVE;
    }

    /** Returns ciphertext || tag. */
    public byte[] seal(byte[] nonce, byte[] plaintext, int off, int len, byte[] aad) {
        byte[] out = new byte[Math.addExact(len, TAG_LEN)];
        seal(nonce, plaintext, off, len, aad, out, 0);
        return out;
    }

    /** Returns the plaintext, or null when the tag does not authenticate. */
    public byte[] open(byte[] nonce, byte[] ciphertext, int off, int len, byte[] aad) {
        if (len < TAG_LEN) {
            return null;
        }
        byte[] out = new byte[len - TAG_LEN];
        return open(nonce, ciphertext, off, len, aad, out, 0) ? out : null;
    }

    /**
     * Encrypts {@code len} bytes of {@code in} and writes ciphertext || tag
     * ({@code len + 16} bytes) to {@code out} at {@code outOff}. Returns the bytes written.
     */
    public int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
        checkNonce(nonce);
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len + TAG_LEN, out.length);
        checkOverlap(in, inOff, out, outOff, len);
        Workspace w = workspace.get();
        try {
            w.deriveKeys(key, keySpec, nonce);
            w.tag(nonce, aad, in, inOff, len, out, outOff + len);
            w.crypt(out, outOff + len, in, inOff, len, out, outOff);
            return len + TAG_LEN;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        } finally {
            w.wipe();
        }
    }

    /**
     * Decrypts and authenticates {@code len} bytes of ciphertext || tag from {@code in},
     * writing {@code len - 16} bytes of plaintext to {@code out} at {@code outOff}. Returns
     * false, leaving that range zeroed, when the input does not authenticate.
     */
    public boolean open(byte[] nonce, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff) {
        checkNonce(nonce);
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (len < TAG_LEN) {
            return false;
        }
        int textLen = len - TAG_LEN;
        Objects.checkFromIndexSize(outOff, textLen, out.length);
        checkOverlap(in, inOff, out, outOff, textLen);
        Workspace w = workspace.get();
        try {
            w.deriveKeys(key, keySpec, nonce);
            System.arraycopy(in, inOff + textLen, w.received, 0, TAG_LEN);
            w.crypt(w.received, 0, in, inOff, textLen, out, outOff);
            w.tag(nonce, aad, out, outOff, textLen, w.expected, 0);
            if (!ConstantTime.equal16(w.received, w.expected)) {
                Arrays.fill(out, outOff, outOff + textLen, (byte) 0);
                return false;
            }
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        } finally {
            w.wipe();
        }
    }

    /**
     * Like {@link #open(byte[], byte[], int, int, byte[], byte[], int)}, and on success also
     * returns checkpoints that let any run of {@code segment}-byte segments of the same
     * ciphertext be decrypted and authenticated later without the rest; null when the input
     * does not authenticate. {@code segment} must be a positive multiple of 16.
     */
    public SivCheckpoints openWithCheckpoints(byte[] nonce, byte[] in, int inOff, int len, byte[] aad, byte[] out, int outOff,
            int segment) {
        checkNonce(nonce);
        Objects.checkFromIndexSize(inOff, len, in.length);
        if (segment <= 0 || segment % Polyval.BLOCK != 0) {
            throw new IllegalArgumentException("segment must be a positive multiple of 16");
        }
        if (len < TAG_LEN) {
            return null;
        }
        int textLen = len - TAG_LEN;
        Objects.checkFromIndexSize(outOff, textLen, out.length);
        checkOverlap(in, inOff, out, outOff, textLen);
        int segments = (textLen + segment - 1) / segment;
        byte[] states = new byte[Math.multiplyExact(segments + 1, Polyval.BLOCK)];
        Workspace w = workspace.get();
        try {
            w.deriveKeys(key, keySpec, nonce);
            System.arraycopy(in, inOff + textLen, w.received, 0, TAG_LEN);
            w.crypt(w.received, 0, in, inOff, textLen, out, outOff);
            int aadLen = w.startCheckpoints(aad, states);
            for (int i = 0; i < segments; i++) {
                int from = i * segment;
                w.polyval.updatePadded(out, outOff + from, Math.min(segment, textLen - from));
                w.polyval.snapshot(states, (i + 1) * Polyval.BLOCK);
            }
            return w.finishCheckpoints(nonce, aadLen, textLen, segment, states, () -> Arrays.fill(out, outOff, outOff + textLen, (byte) 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        } finally {
            w.wipe();
        }
    }

    /** Whether {@link #openIntoPages} is available: this instance runs on the C code. */
    public boolean opensIntoPages() {
        return workspace == WORKSPACE && NATIVE;
    }

    /**
     * {@link #openWithCheckpoints} from native memory into native memory: the ciphertext ||
     * tag at {@code in[inOff, +len)} opens into consecutive {@code pages} of {@code pageBytes}
     * each (a multiple of {@code segment}, itself a positive multiple of 16), written once,
     * with no copy through the heap. Null when it does not authenticate, the pages' written
     * bytes then zeroed. Only where {@link #opensIntoPages}.
     */
    public SivCheckpoints openIntoPages(byte[] nonce, ByteBuffer in, int inOff, int len, byte[] aad, ByteBuffer[] pages,
            int pageBytes, int segment) {
        checkNonce(nonce);
        if (!opensIntoPages()) {
            throw new IllegalStateException("opening into native pages needs the C code");
        }
        Objects.checkFromIndexSize(inOff, len, in.capacity());
        if (len < TAG_LEN) {
            return null;
        }
        int textLen = len - TAG_LEN;
        int segments = (textLen + segment - 1) / segment;
        byte[] states = new byte[Math.multiplyExact(segments + 1, Polyval.BLOCK)];
        Workspace w = workspace.get();
        try {
            w.deriveKeys(key, keySpec, nonce);
            in.get(inOff + textLen, w.received, 0, TAG_LEN);
            System.arraycopy(w.received, 0, w.block, 0, 16);
            w.block[15] |= (byte) 0x80;
            int aadLen = w.startCheckpoints(aad, states);
            NativeGcmSiv.openToPages(w.encKey, w.block, w.polyval.nativePowers(), w.polyval.nativeState(), in, inOff, textLen,
                    pages, pageBytes, segment, states, Polyval.BLOCK);
            return w.finishCheckpoints(nonce, aadLen, textLen, segment, states, () -> {
                for (int at = 0, p = 0; at < textLen; at += pageBytes, p++) {
                    DirectMemory.wipe(pages[p], 0, Math.min(pageBytes, textLen - at));
                }
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        } finally {
            w.wipe();
        }
    }

    /**
     * Decrypts segments of a message opened by {@link #openWithCheckpoints}: {@code in} holds
     * the ciphertext from the start of segment {@code first} for {@code len} bytes, which must
     * end on a segment boundary or at the end of the text. Returns false, leaving {@code out}
     * zeroed, when any of those segments differs from the one authenticated.
     */
    static boolean openSegments(SivCheckpoints c, int first, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return openSegments(WORKSPACE, c, first, in, inOff, len, out, outOff);
    }

    /** {@link #openSegments} on the Java engines (tests: checkpoints are the same whichever engine made them). */
    static boolean openSegmentsInJava(SivCheckpoints c, int first, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return openSegments(JAVA_WORKSPACE, c, first, in, inOff, len, out, outOff);
    }

    private static boolean openSegments(ThreadLocal<Workspace> workspace, SivCheckpoints c, int first, byte[] in, int inOff,
            int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        checkOverlap(in, inOff, out, outOff, len);
        int segment = c.segment();
        long start = (long) first * segment;
        if (first < 0 || start > c.textLength() || len < 0 || start + len > c.textLength()
                || (start + len != c.textLength() && len % segment != 0)) {
            throw new IllegalArgumentException("range is not a run of whole segments of the message");
        }
        Workspace w = workspace.get();
        try {
            c.restore(w.encKey, w.authKey, w.block);
            w.useMessageKey();
            int ctr = (int) Workspace.LE_INT.get(w.block, 0) + (int) (start / 16);
            Workspace.LE_INT.set(w.block, 0, ctr);
            w.keystream(w.block, in, inOff, len, out, outOff);
            w.polyval.resume(w.authKey, 0, c.states(), first * Polyval.BLOCK);
            int diff = 0;
            for (int done = 0, i = first; done < len; done += segment, i++) {
                w.polyval.updatePadded(out, outOff + done, Math.min(segment, len - done));
                w.polyval.snapshot(w.expected, 0);
                diff |= ConstantTime.diff16(w.expected, 0, c.states(), (i + 1) * Polyval.BLOCK);
            }
            if (diff != 0) {
                Arrays.fill(out, outOff, outOff + len, (byte) 0);
                return false;
            }
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        } finally {
            w.wipe();
        }
    }

    /** Zeroes the key copy held by this instance. */
    public void destroy() {
        Wipe.zero(key);
    }

    private static void checkNonce(byte[] nonce) {
        if (nonce.length != NONCE_LEN) {
            throw new IllegalArgumentException("AES-GCM-SIV nonce must be 12 bytes");
        }
    }

    /** The two passes read the input after output was written, so only exact aliasing is safe. */
    private static void checkOverlap(byte[] in, int inOff, byte[] out, int outOff, int len) {
        if (in == out && inOff != outOff && inOff < outOff + len + TAG_LEN && outOff < inOff + len + TAG_LEN) {
            throw new IllegalArgumentException("overlapping input and output must start at the same offset");
        }
    }

    /** Per-thread cipher objects and scratch; every key-derived value is wiped after each call. */
    private static final class Workspace {
        static final byte[] NO_AAD = new byte[0];
        static final java.lang.invoke.VarHandle LE_INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
                java.nio.ByteOrder.LITTLE_ENDIAN);

        /** C for derivation, counter mode and the tag block; else the JDK's AES in ECB. */
        final boolean nativeAes;
        final Cipher ecb;
        final Polyval polyval;
        final GcmSivCtr ctr;
        final byte[] derivationInput = new byte[6 * 16];
        final byte[] derived = new byte[6 * 16];
        final byte[] authKey = new byte[16];
        final byte[] encKey = new byte[32];
        final byte[] block = new byte[16];
        final byte[] received = new byte[TAG_LEN];
        final byte[] expected = new byte[TAG_LEN];

        Workspace(boolean nativeAes) {
            this.nativeAes = nativeAes;
            if (nativeAes) {
                ecb = null;
                ctr = null;
                polyval = new Polyval(Polyval.Engine.NATIVE);
                return;
            }
            polyval = new Polyval(Polyval.Engine.JDK_GHASH.available() ? Polyval.Engine.JDK_GHASH : Polyval.Engine.TABLES);
            ctr = new GcmSivCtr();
            try {
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB unavailable", e);
            }
        }

        /** RFC 8452 section 4: six AES blocks of LE32(i) || nonce, first halves kept. */
        void deriveKeys(byte[] kgkBytes, SecretKeySpec kgk, byte[] nonce) throws GeneralSecurityException {
            if (nativeAes) {
                NativeGcmSiv.deriveKeys(kgkBytes, nonce, authKey, encKey);
                return;
            }
            for (int i = 0; i < 6; i++) {
                derivationInput[16 * i] = (byte) i;
                System.arraycopy(nonce, 0, derivationInput, 16 * i + 4, NONCE_LEN);
            }
            ecb.init(Cipher.ENCRYPT_MODE, kgk);
            ecb.doFinal(derivationInput, 0, derivationInput.length, derived, 0);
            System.arraycopy(derived, 0, authKey, 0, 8);
            System.arraycopy(derived, 16, authKey, 8, 8);
            for (int i = 0; i < 4; i++) {
                System.arraycopy(derived, 32 + 16 * i, encKey, 8 * i, 8);
            }
            useMessageKey();
        }

        /** Readies the AES engine for {@link #encKey}. */
        void useMessageKey() throws GeneralSecurityException {
            if (!nativeAes) {
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encKey, "AES"));
            }
        }

        /** The GCM-SIV keystream under {@link #encKey} from {@code counter}, XORed into the data. */
        void keystream(byte[] counter, byte[] in, int inOff, int len, byte[] out, int outOff)
                throws GeneralSecurityException {
            if (nativeAes) {
                NativeGcmSiv.ctr(encKey, counter, in, inOff, len, out, outOff);
            } else {
                ctr.apply(ecb, counter, in, inOff, len, out, outOff);
            }
        }

        /** Computes the tag over AAD and plaintext into {@code tag[tagOff..+16)}. */
        void tag(byte[] nonce, byte[] aad, byte[] text, int off, int len, byte[] tag, int tagOff)
                throws GeneralSecurityException {
            byte[] a = aad == null ? NO_AAD : aad;
            polyval.init(authKey, 0);
            polyval.updatePadded(a, 0, a.length);
            polyval.updatePadded(text, off, len);
            polyval.updateLengths(a.length, len);
            finishTag(nonce, tag, tagOff);
        }

        /** RFC 8452 section 4: the tag is AES of the POLYVAL result XOR nonce, top bit cleared. */
        void finishTag(byte[] nonce, byte[] tag, int tagOff) throws GeneralSecurityException {
            polyval.result(block, 0);
            for (int i = 0; i < NONCE_LEN; i++) {
                block[i] ^= nonce[i];
            }
            block[15] &= 0x7f;
            if (nativeAes) {
                NativeGcmSiv.encryptBlock(encKey, block, tag, tagOff);
            } else {
                ecb.doFinal(block, 0, 16, tag, tagOff);
            }
        }

        /** Starts the POLYVAL of a checkpointed open: the AAD absorbed, the value before the text at states[0]; returns the AAD's length. */
        int startCheckpoints(byte[] aad, byte[] states) {
            byte[] a = aad == null ? NO_AAD : aad;
            polyval.init(authKey, 0);
            polyval.updatePadded(a, 0, a.length);
            polyval.snapshot(states, 0);
            return a.length;
        }

        /**
         * Ends a checkpointed open whose text has been absorbed: the checkpoints when the tag
         * matches, else null, with the plaintext written so far wiped by {@code wipeOutput}.
         */
        SivCheckpoints finishCheckpoints(byte[] nonce, int aadLen, int textLen, int segment, byte[] states, Runnable wipeOutput)
                throws GeneralSecurityException {
            polyval.updateLengths(aadLen, textLen);
            finishTag(nonce, expected, 0);
            if (!ConstantTime.equal16(received, expected)) {
                wipeOutput.run();
                Arrays.fill(states, (byte) 0);
                return null;
            }
            return new SivCheckpoints(encKey, authKey, received, segment, textLen, states);
        }

        /** CTR from the tag with its top bit set, as the initial counter block. */
        void crypt(byte[] tag, int tagOff, byte[] in, int inOff, int len, byte[] out, int outOff)
                throws GeneralSecurityException {
            System.arraycopy(tag, tagOff, block, 0, 16);
            block[15] |= (byte) 0x80;
            keystream(block, in, inOff, len, out, outOff);
        }

        void wipe() {
            Arrays.fill(derived, (byte) 0);
            Arrays.fill(authKey, (byte) 0);
            Arrays.fill(encKey, (byte) 0);
            Arrays.fill(block, (byte) 0);
            Arrays.fill(expected, (byte) 0);
            polyval.wipe();
            if (ctr != null) {
                ctr.wipe();
            }
        }
    }
}
