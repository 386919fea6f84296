package org.vaultfs.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A quick stat-only pass over what is about to be added: the byte total sizes the progress
 * bar, and the count of symlinks and special files (which the format cannot store and the
 * writer skips) lets the CLI say so instead of dropping them silently.
 */
record SourceScan(long files, long bytes, long skipped) {

    static SourceScan of(List<Path> roots) {
        long[] acc = new long[3];
        for (Path root : roots) {
            try {
                Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (a.isRegularFile()) {
                            acc[0]++;
                            acc[1] += a.size();
                        } else {
                            acc[2]++;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (file.equals(root)) {
                            throw e;
                        }
                        return FileVisitResult.CONTINUE; // the writer's own walk reports it, once
                    }
                });
            } catch (NoSuchFileException e) {
                throw new VaultException(Failure.NOT_FOUND, "no such file or directory: " + root);
            } catch (IOException e) {
                throw VaultException.io("cannot read " + root, e);
            }
        }
        return new SourceScan(acc[0], acc[1], acc[2]);
    }
}
