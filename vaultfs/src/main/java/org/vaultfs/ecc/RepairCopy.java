package org.vaultfs.ecc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The repaired copy of a file, fed by one shard scan in stream order. It hashes every byte the
 * scan hands on, but opens the copy beside the file only at the first rebuilt shard: the
 * bytes before it, every shard of them matching its checksum, are copied by the kernel from
 * the file, and from there on every byte comes from the scan. An intact file therefore costs
 * one read and no write, and a damaged one one read, not a hashing pass and then a scan.
 */
final class RepairCopy implements AutoCloseable {
    private final Path file;
    private final FileChannel source;
    private final Sha256Hash hash = new Sha256Hash();
    private AtomicFile copy;

    RepairCopy(Path file, FileChannel source) {
        this.file = file;
        this.source = source;
    }

    /** The scan's output for the window that starts at {@code base} in the file. */
    AvecScanner.Output window(long base) {
        return (pos, shards, size, real, rebuilt) -> group(base + pos, shards, size, real, rebuilt);
    }

    private void group(long at, byte[][] shards, int size, long real, boolean[] rebuilt) {
        if (copy == null && any(rebuilt)) {
            begin(at);
        }
        long remaining = real;
        for (int j = 0; remaining > 0; j++) {
            int n = (int) Math.min(size, remaining);
            if (copy != null) {
                copy.sink().write(at + (long) j * size, shards[j], 0, n);
            }
            hash.update(shards[j], 0, n);
            remaining -= n;
        }
    }

    private void begin(long intactPrefix) {
        copy = AtomicFile.beside(file);
        try {
            // transferTo writes at the copy's own position, which is 0 and ends at the prefix.
            long done = 0;
            while (done < intactPrefix) {
                long n = source.transferTo(done, intactPrefix - done, copy.channel());
                if (n <= 0) {
                    throw new VaultException(Failure.CONFLICT, file + " shrank while it was being repaired");
                }
                done += n;
            }
        } catch (IOException e) {
            throw VaultException.io("cannot copy " + file + " into " + copy.temp(), e);
        }
    }

    private static boolean any(boolean[] flags) {
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** Whether a shard was rebuilt, so that there is a copy to commit. */
    boolean started() {
        return copy != null;
    }

    byte[] digest() {
        return hash.digest();
    }

    /** Fsyncs the copy and renames it over the file. */
    void commit() {
        copy.commit();
    }

    @Override
    public void close() {
        if (copy != null) {
            copy.close();
        }
    }
}
