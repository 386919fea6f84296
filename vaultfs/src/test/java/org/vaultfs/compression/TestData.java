package org.vaultfs.compression;

import java.nio.charset.StandardCharsets;
import java.util.Random;

final class TestData {
    private static final String[] WORDS = ("vault chunk frame zstd level archive balanced fast cipher manifest "
            + "block parity shard header extension packing the a of and to in is").split(" ");

    private TestData() {
    }

    /** Word salad: compresses well but not trivially. */
    static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(10) == 0 ? ".\n" : " ");
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(all, size);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
