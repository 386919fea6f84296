package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;

/**
 * What a vault reveals without its password: its lineage, the header and the extension
 * directory. Read before asking for a password so a missing file or a non-vault fails at
 * once instead of after a prompt and two seconds of Argon2id. Nothing here is authenticated
 * yet: the header MAC needs the unwrapped MAC key.
 */
public record VaultProbe(String name, long fileSize, ContainerLineage lineage, VaultHeader header, List<ExtensionEntry> extensions,
                         Legacy legacy) {

    /**
     * What an AEROVAULT2 header says in the clear.
     *
     * @param version 2 (chunk AAD: the index alone) or 3 (file id, chunk count and index)
     * @param cascade chunks are wrapped again in ChaCha20-Poly1305
     */
    public record Legacy(int version, boolean cascade, long chunkSize) {
    }

    public VaultProbe {
        extensions = List.copyOf(extensions);
    }

    /** An AEROVAULT2 file: no AEROVAULT3 header, no extensions. */
    public static VaultProbe legacy(String name, long fileSize, Legacy facts) {
        return new VaultProbe(name, fileSize, ContainerLineage.AEROVAULT2, null, List.of(), facts);
    }

    public static VaultProbe read(Path path) {
        if (Files.isDirectory(path)) {
            throw new VaultException(Failure.NOT_A_VAULT, path + " is a directory, not a vault");
        }
        try (VaultSource src = FileSource.open(path)) {
            return read(src);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw VaultException.io("cannot read " + path, e);
        }
    }

    public static VaultProbe read(VaultSource src) throws IOException {
        String name = src.name();
        long size = src.size();
        byte[] hb = readAt(src, 0, (int) Math.min(size, VaultHeader.SIZE));
        ContainerLineage lineage = ContainerLineage.of(hb, hb.length).orElse(null);
        if (lineage != null && lineage != ContainerLineage.AEROVAULT3) {
            throw lineage.notYetSupported(name);
        }
        if (hb.length < VaultHeader.SIZE) {
            if (hb.length > 0 && VaultHeader.startsWithMagic(hb, hb.length)) {
                throw new VaultException(Failure.TRUNCATED, name + " is truncated: " + hb.length
                        + " bytes, the header alone is 1024");
            }
            throw new VaultException(Failure.NOT_A_VAULT, name + " is not an AeroVault file (" + hb.length + " bytes)");
        }
        VaultHeader h = VaultHeader.parse(hb);
        List<ExtensionEntry> exts = List.of();
        if (h.extensionDirLen() > 0 && h.extensionDirLen() <= ReaderLimits.MAX_EXTENSION_DIR
                && h.extensionDirOffset() >= 0 && h.extensionDirOffset() <= size - h.extensionDirLen()) {
            exts = ManifestJson.readExtensions(readAt(src, h.extensionDirOffset(), (int) h.extensionDirLen()));
        }
        return new VaultProbe(name, size, ContainerLineage.AEROVAULT3, h, exts, null);
    }

    private static byte[] readAt(VaultSource src, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (src.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.position() == len ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Where the parity of the vault at {@code vaultFile} (this probe's file) is; its level needs the manifest. */
    public ParityLayout parityLayout(Path vaultFile) {
        return header == null ? ParityLayout.NONE : ParityLayout.of(extensions, vaultFile, null);
    }

    /** Whether opening needs a password (AEROVAULT2 vaults always do). */
    public boolean encrypted() {
        return header == null || !header.isPlaintextLane();
    }
}
