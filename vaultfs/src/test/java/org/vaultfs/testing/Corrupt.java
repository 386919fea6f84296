package org.vaultfs.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Byte-level damage to a file on disk, as storage faults or a careless copy would cause it. */
public final class Corrupt {
    public static final int SECTOR = 4096;

    private Corrupt() {
    }

    /** Copies {@code src} to {@code dst} (replacing it) so each case damages a fresh copy. */
    public static Path copy(Path src, Path dst) {
        try {
            return Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void flipBit(Path f, long offset, int bit) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            if (b < 0) {
                throw new IllegalArgumentException("offset " + offset + " is past the end of " + f);
            }
            raf.seek(offset);
            raf.write(b ^ (1 << bit));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void truncate(Path f, long length) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Zeroes the whole 4 KiB sector holding {@code offset} (clipped at the end of the file). */
    public static void zeroSector(Path f, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            long start = offset / SECTOR * SECTOR;
            long end = Math.min(raf.length(), start + SECTOR);
            raf.seek(start);
            raf.write(new byte[(int) (end - start)]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exchanges the {@code len} bytes at {@code a} with those at {@code b} (ranges must not overlap). */
    public static void swap(Path f, long a, long b, int len) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            byte[] x = new byte[len];
            byte[] y = new byte[len];
            raf.seek(a);
            raf.readFully(x);
            raf.seek(b);
            raf.readFully(y);
            raf.seek(a);
            raf.write(y);
            raf.seek(b);
            raf.write(x);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeAt(Path f, long offset, byte[] bytes) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
