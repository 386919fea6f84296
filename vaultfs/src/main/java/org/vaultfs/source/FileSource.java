package org.vaultfs.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** A vault in a local file, read with positional reads of one channel. */
public final class FileSource implements VaultSource {
    private final Path path;
    private final FileChannel channel;

    private FileSource(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens {@code path} for reading; NOT_FOUND when it does not exist. */
    public static FileSource open(Path path) {
        try {
            return new FileSource(path, FileChannel.open(path, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw VaultException.io("cannot open " + path, e);
        }
    }

    /** Reads through a channel someone else owns (a copy being repaired); closing does not close it. */
    public static VaultSource over(FileChannel channel, String name) {
        return new VaultSource() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return channel.read(dst, position);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
            }
        };
    }

    public Path path() {
        return path;
    }

    /** The open channel, for operations that copy ranges of a local vault (transferTo). */
    public FileChannel channel() {
        return channel;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.of(path);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
