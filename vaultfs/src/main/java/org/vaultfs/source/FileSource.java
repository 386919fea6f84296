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
    private final String name;
    private final FileChannel channel;
    private final boolean ownsChannel;

    private FileSource(Path path, String name, FileChannel channel, boolean ownsChannel) {
        this.path = path;
        this.name = name;
        this.channel = channel;
        this.ownsChannel = ownsChannel;
    }

    /** Opens {@code path} for reading; NOT_FOUND when it does not exist. */
    public static FileSource open(Path path) {
        try {
            return new FileSource(path, path.toString(), FileChannel.open(path, StandardOpenOption.READ), true);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw VaultException.io("cannot open " + path, e);
        }
    }

    /** Reads through a channel someone else owns (a copy being repaired); closing does not close it. */
    public static FileSource over(FileChannel channel, String name) {
        return new FileSource(null, name, channel, false);
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
        return name;
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.ofNullable(path);
    }

    @Override
    public void close() throws IOException {
        if (ownsChannel) {
            channel.close();
        }
    }
}
