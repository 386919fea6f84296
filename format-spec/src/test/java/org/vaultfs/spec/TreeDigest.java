package org.vaultfs.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The tree digest of testdata/vectors/README.md. Hashes with Bouncy Castle's BLAKE3, not vaultfs's, so the
 * digest that judges an extraction shares no code with the implementation under test.
 */
public final class TreeDigest {
    private TreeDigest() {
    }

    public static String of(Path root) throws IOException {
        List<byte[]> paths = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> !p.equals(root)).toList();
        }
        List<Object[]> items = new ArrayList<>();
        for (Path p : files) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
            byte[] rb = rel.getBytes(StandardCharsets.UTF_8);
            if (a.isDirectory()) {
                items.add(new Object[] {rb, null});
            } else if (a.isRegularFile()) {
                items.add(new Object[] {rb, p});
            } else {
                throw new IOException("not a directory or regular file: " + rel);
            }
        }
        items.sort((x, y) -> Arrays.compareUnsigned((byte[]) x[0], (byte[]) y[0]));
        Blake3Digest buffer = new Blake3Digest(256);
        for (Object[] it : items) {
            byte[] rb = (byte[]) it[0];
            Path file = (Path) it[1];
            buffer.update(file == null ? (byte) 'd' : (byte) 'f');
            update(buffer, le(rb.length, 4));
            buffer.update(rb, 0, rb.length);
            if (file != null) {
                update(buffer, le(Files.size(file), 8));
                update(buffer, blake3(file));
            }
        }
        byte[] out = new byte[32];
        buffer.doFinal(out, 0);
        return Hex.of(out);
    }

    static byte[] blake3(Path file) throws IOException {
        Blake3Digest d = new Blake3Digest(256);
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static void update(Blake3Digest d, byte[] b) {
        d.update(b, 0, b.length);
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
