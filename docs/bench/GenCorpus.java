import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates the benchmark corpus: a third text-like (logs and prose with repetition, the
 * way source trees and logs compress), a third many small files, a third incompressible.
 * Deterministic for a given size so runs compare. Usage: java GenCorpus.java DIR MIB
 */
public final class GenCorpus {
    private static final String[] WORDS = ("the of and to in is was that for on are with as by at from this have " +
            "vault chunk block manifest header parity stream buffer error request response server client " +
            "config value index table record commit append extract verify scrub repair mount read write").split(" ");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[1]) << 20;
        SplittableRandom rnd = new SplittableRandom(42);
        Files.createDirectories(dir.resolve("text"));
        Files.createDirectories(dir.resolve("small"));
        Files.createDirectories(dir.resolve("random"));
        long third = total / 3;
        long done = 0;
        for (int i = 0; done < third; i++) {
            long size = Math.min(third - done, (8L << 20) + rnd.nextInt(24 << 20));
            writeText(dir.resolve("text/log-" + i + ".txt"), size, rnd);
            done += size;
        }
        done = 0;
        for (int i = 0; done < third; i++) {
            Path d = dir.resolve("small/d" + (i / 500));
            Files.createDirectories(d);
            int size = rnd.nextInt(4) == 0 ? rnd.nextInt(200_000) : rnd.nextInt(16_000);
            if (rnd.nextBoolean()) {
                writeText(d.resolve("f" + i + ".txt"), size, rnd);
            } else {
                writeRandom(d.resolve("f" + i + ".bin"), size, rnd);
            }
            done += size;
        }
        done = 0;
        for (int i = 0; done < third; i++) {
            long size = Math.min(third - done, (16L << 20) + rnd.nextInt(48 << 20));
            writeRandom(dir.resolve("random/blob-" + i + ".bin"), size, rnd);
            done += size;
        }
    }

    static void writeText(Path p, long size, SplittableRandom rnd) throws IOException {
        try (OutputStream out = Files.newOutputStream(p)) {
            StringBuilder sb = new StringBuilder(1 << 16);
            long written = 0;
            while (written < size) {
                sb.setLength(0);
                while (sb.length() < 60_000) {
                    sb.append("2026-11-21T10:").append(10 + rnd.nextInt(50)).append(':').append(10 + rnd.nextInt(50))
                            .append(" INFO ").append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
                    for (int w = rnd.nextInt(12); w >= 0; w--) {
                        sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
                    }
                    sb.append("id=").append(rnd.nextInt(100_000)).append('\n');
                }
                byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
                int n = (int) Math.min(b.length, size - written);
                out.write(b, 0, n);
                written += n;
            }
        }
    }

    static void writeRandom(Path p, long size, SplittableRandom rnd) throws IOException {
        try (OutputStream out = Files.newOutputStream(p)) {
            byte[] b = new byte[1 << 20];
            long written = 0;
            while (written < size) {
                for (int i = 0; i < b.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int k = 0; k < 8; k++) {
                        b[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                int n = (int) Math.min(b.length, size - written);
                out.write(b, 0, n);
                written += n;
            }
        }
    }
}
