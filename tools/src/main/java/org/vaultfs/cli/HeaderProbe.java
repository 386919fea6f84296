package org.vaultfs.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.vaultfs.container.ExtensionEntry;
import org.vaultfs.container.ManifestJson;
import org.vaultfs.container.ReaderLimits;
import org.vaultfs.container.VaultHeader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * What a vault reveals without its password: the header and the extension directory. Read
 * before asking for a password so a missing file or a non-vault fails at once instead of
 * after a prompt and two seconds of Argon2id. Nothing here is authenticated yet: the header
 * MAC needs the unwrapped MAC key.
 */
record HeaderProbe(Path path, long fileSize, VaultHeader header, List<ExtensionEntry> extensions) {

    static HeaderProbe read(Path path) {
        if (Files.isDirectory(path)) {
            throw new VaultException(Failure.NOT_A_VAULT, path + " is a directory, not a vault");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] hb = readAt(ch, 0, (int) Math.min(size, VaultHeader.SIZE));
            if (hb.length < VaultHeader.SIZE) {
                if (hb.length > 0 && isMagicPrefix(hb)) {
                    throw new VaultException(Failure.TRUNCATED, path + " is truncated: " + hb.length
                            + " bytes, the header alone is 1024");
                }
                throw new VaultException(Failure.NOT_A_VAULT, path + " is not an AeroVault v3 file (" + hb.length + " bytes)");
            }
            VaultHeader h = VaultHeader.parse(hb);
            List<ExtensionEntry> exts = List.of();
            if (h.extensionDirLen > 0 && h.extensionDirLen <= ReaderLimits.MAX_EXTENSION_DIR
                    && h.extensionDirOffset >= 0 && h.extensionDirOffset <= size - h.extensionDirLen) {
                exts = ManifestJson.readExtensions(readAt(ch, h.extensionDirOffset, (int) h.extensionDirLen));
            }
            return new HeaderProbe(path, size, h, exts);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw VaultException.io("cannot read " + path, e);
        }
    }

    private static boolean isMagicPrefix(byte[] b) {
        for (int i = 0; i < Math.min(b.length, VaultHeader.MAGIC.length); i++) {
            if (b[i] != VaultHeader.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.position() == len ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    boolean encrypted() {
        return !header.isPlaintextLane();
    }
}
