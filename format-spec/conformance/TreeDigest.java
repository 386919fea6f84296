// Tree digest of testdata/vectors/README.md, self-contained for `java TreeDigest.java DIR` (Java 11+):
// prints 64 hex characters, or exits 2 if DIR holds anything but directories and regular files.
// Carries its own BLAKE3 (hash mode, 32-byte output) so that the conformance runner needs
// nothing but a JDK, whatever implementation it tests.
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

public class TreeDigest {
    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args[0]);
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(p -> !p.equals(root)).collect(java.util.stream.Collectors.toList());
        }
        List<Object[]> items = new ArrayList<>();
        for (Path p : all) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            byte[] rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/").getBytes(StandardCharsets.UTF_8);
            if (a.isDirectory()) {
                items.add(new Object[] {rel, null});
            } else if (a.isRegularFile()) {
                items.add(new Object[] {rel, p});
            } else {
                System.err.println("not a directory or regular file: " + p);
                System.exit(2);
            }
        }
        items.sort((x, y) -> Arrays.compareUnsigned((byte[]) x[0], (byte[]) y[0]));
        Blake3 buf = new Blake3();
        for (Object[] it : items) {
            byte[] rel = (byte[]) it[0];
            Path file = (Path) it[1];
            buf.update(new byte[] {(byte) (file == null ? 'd' : 'f')});
            buf.update(le(rel.length, 4));
            buf.update(rel);
            if (file != null) {
                buf.update(le(Files.size(file), 8));
                Blake3 content = new Blake3();
                byte[] chunk = new byte[1 << 16];
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        content.update(Arrays.copyOf(chunk, n));
                    }
                }
                buf.update(content.finish());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : buf.finish()) {
            sb.append(String.format("%02x", b & 0xff));
        }
        System.out.println(sb);
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** Minimal BLAKE3 (unkeyed hash, 32-byte output), after the reference's portable design. */
    static final class Blake3 {
        static final int[] IV = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
        static final int[] PERM = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
        static final int CHUNK_START = 1, CHUNK_END = 2, PARENT = 4, ROOT = 8;

        private final List<int[]> stack = new ArrayList<>();
        private int[] cv = IV.clone();
        private final byte[] block = new byte[64];
        private int blockLen;
        private int blocksCompressed;
        private long chunkCounter;

        static int[] compress(int[] cv, int[] m, long counter, int len, int flags) {
            int[] s = {cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7], IV[0], IV[1], IV[2], IV[3],
                (int) counter, (int) (counter >>> 32), len, flags};
            int[] msg = m.clone();
            for (int r = 0; r < 7; r++) {
                g(s, 0, 4, 8, 12, msg[0], msg[1]);
                g(s, 1, 5, 9, 13, msg[2], msg[3]);
                g(s, 2, 6, 10, 14, msg[4], msg[5]);
                g(s, 3, 7, 11, 15, msg[6], msg[7]);
                g(s, 0, 5, 10, 15, msg[8], msg[9]);
                g(s, 1, 6, 11, 12, msg[10], msg[11]);
                g(s, 2, 7, 8, 13, msg[12], msg[13]);
                g(s, 3, 4, 9, 14, msg[14], msg[15]);
                int[] p = new int[16];
                for (int i = 0; i < 16; i++) {
                    p[i] = msg[PERM[i]];
                }
                msg = p;
            }
            for (int i = 0; i < 8; i++) {
                s[i] ^= s[i + 8];
                s[i + 8] ^= cv[i];
            }
            return s;
        }

        static void g(int[] s, int a, int b, int c, int d, int x, int y) {
            s[a] += s[b] + x;
            s[d] = Integer.rotateRight(s[d] ^ s[a], 16);
            s[c] += s[d];
            s[b] = Integer.rotateRight(s[b] ^ s[c], 12);
            s[a] += s[b] + y;
            s[d] = Integer.rotateRight(s[d] ^ s[a], 8);
            s[c] += s[d];
            s[b] = Integer.rotateRight(s[b] ^ s[c], 7);
        }

        static int[] words(byte[] b) {
            int[] w = new int[16];
            for (int i = 0; i < 16; i++) {
                w[i] = (b[4 * i] & 0xff) | (b[4 * i + 1] & 0xff) << 8 | (b[4 * i + 2] & 0xff) << 16 | (b[4 * i + 3] & 0xff) << 24;
            }
            return w;
        }

        void update(byte[] in) {
            int off = 0;
            while (off < in.length) {
                if (blockLen == 64) {
                    if (blocksCompressed == 15) {
                        // The chunk is full (1024 bytes) and more input follows: close it.
                        int[] out = compress(cv, words(block), chunkCounter, 64, flagsStart() | CHUNK_END);
                        pushChunk(Arrays.copyOf(out, 8));
                    } else {
                        cv = Arrays.copyOf(compress(cv, words(block), chunkCounter, 64, flagsStart()), 8);
                        blocksCompressed++;
                        blockLen = 0;
                    }
                    continue;
                }
                int n = Math.min(64 - blockLen, in.length - off);
                System.arraycopy(in, off, block, blockLen, n);
                blockLen += n;
                off += n;
            }
        }

        private int flagsStart() {
            return blocksCompressed == 0 ? CHUNK_START : 0;
        }

        private void pushChunk(int[] chunkCv) {
            chunkCounter++;
            int[] right = chunkCv;
            for (long total = chunkCounter; (total & 1) == 0; total >>= 1) {
                int[] left = stack.remove(stack.size() - 1);
                right = Arrays.copyOf(compress(IV, concat(left, right), 0, 64, PARENT), 8);
            }
            stack.add(right);
            cv = IV.clone();
            blocksCompressed = 0;
            blockLen = 0;
            Arrays.fill(block, (byte) 0);
        }

        static int[] concat(int[] a, int[] b) {
            int[] m = new int[16];
            System.arraycopy(a, 0, m, 0, 8);
            System.arraycopy(b, 0, m, 8, 8);
            return m;
        }

        byte[] finish() {
            byte[] last = Arrays.copyOf(block, 64);
            Arrays.fill(last, blockLen, 64, (byte) 0);
            int[] outCv = cv;
            int[] m = words(last);
            int len = blockLen;
            int flags = flagsStart() | CHUNK_END;
            long counter = chunkCounter;
            for (int i = stack.size() - 1; i >= 0; i--) {
                int[] chunkCv = Arrays.copyOf(compress(outCv, m, counter, len, flags), 8);
                m = concat(stack.get(i), chunkCv);
                outCv = IV;
                counter = 0;
                len = 64;
                flags = PARENT;
            }
            int[] s = compress(outCv, m, counter, len, flags | ROOT);
            byte[] out = new byte[32];
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 4; j++) {
                    out[4 * i + j] = (byte) (s[i] >>> (8 * j));
                }
            }
            return out;
        }
    }
}
