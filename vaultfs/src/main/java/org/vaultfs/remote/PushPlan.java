package org.vaultfs.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one multipart upload, in order: each either uploaded from the local file or,
 * for an incremental push, copied on the server from the same range of the object the last
 * push left (UploadPartCopy), when the local bytes there are unchanged. S3 wants every part
 * but the last to be at least 5 MiB, so a changed run shorter than that takes unchanged
 * neighbours along.
 */
record PushPlan(List<Part> parts) {
    /** A part: its 1-based number, the byte range, and whether the server copies it. */
    record Part(int number, long offset, long length, boolean copy) {
    }

    static PushPlan fixed(long size, long partSize) {
        List<Part> parts = new ArrayList<>();
        for (long off = 0; off < size; off += partSize) {
            parts.add(new Part(parts.size() + 1, off, Math.min(partSize, size - off), false));
        }
        return new PushPlan(parts);
    }

    /**
     * {@code same[i]}: block i ({@code block} bytes, the last one possibly shorter) holds the
     * same bytes locally as in the previous object at the same offset. Changed runs are
     * uploaded in parts of at most {@code partSize}; unchanged runs of at least
     * {@code minPart} (or reaching the end) are copied.
     */
    static PushPlan incremental(long size, long partSize, long minPart, long block, boolean[] same) {
        int blocks = same.length;
        int minBlocks = (int) ((minPart + block - 1) / block);
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < blocks) {
            int run = i;
            while (run < blocks && same[run]) {
                run++;
            }
            if (run > i && (run - i >= minBlocks || run == blocks)) {
                add(parts, size, block, i, run, true);
                i = run;
                continue;
            }
            // Upload from i: through the changed blocks and any unchanged run too short to copy,
            // at least minBlocks, at most partSize, stopping before a run worth copying.
            int maxBlocks = (int) Math.max(minBlocks, partSize / block);
            int end = i;
            while (end < blocks && end - i < maxBlocks) {
                if (end - i >= minBlocks && same[end] && copyableRunAt(same, end, minBlocks)) {
                    break;
                }
                end++;
            }
            add(parts, size, block, i, end, false);
            i = end;
        }
        return new PushPlan(parts);
    }

    private static boolean copyableRunAt(boolean[] same, int from, int minBlocks) {
        int run = from;
        while (run < same.length && same[run]) {
            run++;
        }
        return run - from >= minBlocks || run == same.length;
    }

    private static void add(List<Part> parts, long size, long block, int fromBlock, int toBlock, boolean copy) {
        long off = fromBlock * block;
        long end = Math.min(size, toBlock * block);
        parts.add(new Part(parts.size() + 1, off, end - off, copy));
    }

    long copiedBytes() {
        return parts.stream().filter(Part::copy).mapToLong(Part::length).sum();
    }

    /** The part lengths, runs of equal lengths as {@code LENxCOUNT}: the object's metadata, for pull to recompute the ETag. */
    String encodeLengths() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < parts.size()) {
            long len = parts.get(i).length();
            int j = i;
            while (j < parts.size() && parts.get(j).length() == len) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(len);
            if (j - i > 1) {
                sb.append('x').append(j - i);
            }
            i = j;
        }
        return sb.toString();
    }

    /**
     * The part lengths {@link #encodeLengths} wrote, or {@code LENx*} (every part that long but
     * the last, as a streamed upload writes them); null when the text is neither.
     */
    static long[] decodeLengths(String text, long size) {
        if (text != null && text.matches("[0-9]{1,13}x\\*")) {
            long len = Long.parseLong(text.substring(0, text.length() - 2));
            if (len <= 0 || size <= 0 || (size + len - 1) / len > 10_000) {
                return null;
            }
            long[] out = new long[(int) ((size + len - 1) / len)];
            java.util.Arrays.fill(out, len);
            out[out.length - 1] = size - (out.length - 1) * len;
            return out;
        }
        if (text == null || !text.matches("[0-9]{1,13}(x[0-9]{1,5})?(,[0-9]{1,13}(x[0-9]{1,5})?){0,400}")) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        long total = 0;
        for (String run : text.split(",")) {
            String[] f = run.split("x");
            long len = Long.parseLong(f[0]);
            int count = f.length > 1 ? Integer.parseInt(f[1]) : 1;
            if (len <= 0 || out.size() + count > 10_000) {
                return null;
            }
            for (int k = 0; k < count; k++) {
                out.add(len);
                total += len;
            }
        }
        return total == size ? out.stream().mapToLong(Long::longValue).toArray() : null;
    }
}
