package org.vaultfs.ecc;

import org.vaultfs.bytes.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The locator of a version-2 {@code .aerocorrect} sidecar (SPEC.md §14.1): what it protects
 * and where each segment's AVEC payload lies. Stored three times with a checksum per copy.
 */
public record SidecarDirectory(long totalLen, byte[] bindingId, byte[] contentSha256, List<Segment> segments) {
    public static final int FIXED_LEN = 72;
    public static final int PER_SEGMENT = 56;
    static final byte[] BINDING_DOMAIN = "aerocorrect-binding-v1".getBytes(StandardCharsets.US_ASCII);

    /** One protected window and the length and geometry copy of its AVEC payload. */
    public record Segment(long windowOffset, long windowLen, long avecLen, byte[] geometry) {
    }

    public static SidecarDirectory of(long totalLen, byte[] contentSha256, List<Segment> segments) {
        return new SidecarDirectory(totalLen, binding(contentSha256), contentSha256.clone(), List.copyOf(segments));
    }

    /** BLAKE3("aerocorrect-binding-v1" || content_sha256). */
    public static byte[] binding(byte[] contentSha256) {
        return Blake3.newHasher().update(BINDING_DOMAIN).update(contentSha256).finish();
    }

    public boolean selfConsistent() {
        return Arrays.equals(bindingId, binding(contentSha256));
    }

    /** Serialized length; ArithmeticException when a (hostile) count does not fit an int. */
    public static int length(int segmentCount) {
        return Math.addExact(FIXED_LEN, Math.multiplyExact(PER_SEGMENT, segmentCount));
    }

    public byte[] encode() {
        byte[] d = new byte[length(segments.size())];
        LittleEndian.putLong(d, 0, totalLen);
        System.arraycopy(bindingId, 0, d, 8, 32);
        System.arraycopy(contentSha256, 0, d, 40, 32);
        int at = FIXED_LEN;
        for (Segment s : segments) {
            LittleEndian.putLong(d, at, s.windowOffset);
            LittleEndian.putLong(d, at + 8, s.windowLen);
            LittleEndian.putLong(d, at + 16, s.avecLen);
            System.arraycopy(s.geometry, 0, d, at + 24, Math.min(32, s.geometry.length));
            at += PER_SEGMENT;
        }
        return d;
    }

    /** Decodes a directory of {@code n} segments; field bounds are checked by the reader. */
    public static SidecarDirectory decode(byte[] d, int n) {
        if (d.length != length(n)) {
            throw new VaultException(Failure.MALFORMED, "aerocorrect directory length mismatch");
        }
        List<Segment> segs = new ArrayList<>(n);
        for (int i = 0, at = FIXED_LEN; i < n; i++, at += PER_SEGMENT) {
            segs.add(new Segment(LittleEndian.getLong(d, at), LittleEndian.getLong(d, at + 8), LittleEndian.getLong(d, at + 16),
                    Arrays.copyOfRange(d, at + 24, at + 56)));
        }
        return new SidecarDirectory(LittleEndian.getLong(d, 0), Arrays.copyOfRange(d, 8, 40), Arrays.copyOfRange(d, 40, 72), segs);
    }
}
