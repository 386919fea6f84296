package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.ecc.AvecScanner;
import org.vaultfs.ecc.RegionStream;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * {@code vault scrub} and {@code vault repair}. Repair is all or nothing: the vault is
 * copied beside itself, rebuilt regions are patched into the copy, embedded parity is
 * recomputed, and the copy replaces the vault only after its header MAC, its manifest AEAD
 * and every block's {@code cipher_hash} verify; otherwise the vault is untouched.
 */
public final class VaultRepairer {
    private VaultRepairer() {
    }

    /** Read-only. Needs the password: the block hashes live in the encrypted manifest. */
    public static ScrubReport scrub(Path vault, byte[] password, PasswordKdf kdf, int threads) {
        try (VaultDamage d = VaultDamage.analyse(vault, password, kdf, threads)) {
            return d.report();
        }
    }

    /**
     * Repairs {@code vault} (or, with {@code dryRun}, builds and verifies the repaired copy and
     * discards it).
     *
     * @throws VaultException {@link Failure#BLOCK_AUTH} when the damage is beyond the parity or the
     *     rebuilt copy does not verify; the vault is then left byte for byte unchanged
     */
    public static ScrubReport repair(Path requested, byte[] password, PasswordKdf kdf, int threads, boolean dryRun) {
        Path vault = RealTarget.of(requested);
        try (VaultLock lock = VaultLock.acquire(vault); VaultDamage d = analyseLocked(vault, password, kdf, threads)) {
            ScrubReport before = d.report();
            if (before.state() == ScrubReport.State.CLEAN) {
                return before;
            }
            if (before.state() == ScrubReport.State.UNREPAIRABLE) {
                throw new VaultException(Failure.BLOCK_AUTH, "damage exceeds what the parity can repair ("
                        + String.join("; ", summary(before)) + "); " + vault + " left unchanged");
            }
            if (d.vaultNeedsRewrite()) {
                try (AtomicFile af = AtomicFile.beside(vault)) {
                    try {
                        rebuildInto(d, af, threads);
                    } catch (IOException e) {
                        throw VaultException.io("cannot build the repaired copy of " + vault, e);
                    }
                    verifyCopy(d, af.channel());
                    if (!dryRun) {
                        af.commit();
                    }
                }
            }
            if (!dryRun && d.sidecarNeedsRewrite()) {
                // The vault now holds its authentic bytes, so a sidecar computed from it is the one it should have.
                VaultParity.exportSidecar(vault, d.header, d.manifest, VaultParity.sidecarFor(vault), threads);
            }
            return before.withRepaired();
        }
    }

    /** With the lock held, a killed writer's temp files are garbage: removed before the analysis. */
    private static VaultDamage analyseLocked(Path vault, byte[] password, PasswordKdf kdf, int threads) {
        List<String> leftovers = VaultEditor.removeStaleTemps(vault);
        VaultDamage d = VaultDamage.analyse(vault, password, kdf, threads);
        for (String name : leftovers) {
            d.problems.add(0, "removed " + name + ", left by an interrupted write");
        }
        return d;
    }

    private static List<String> summary(ScrubReport r) {
        List<String> s = new java.util.ArrayList<>(r.problems());
        if (!r.damagedChunks().isEmpty()) {
            s.add(r.damagedChunks().size() + " damaged block(s), " + r.data().unrecoverableGroups()
                    + " parity group(s) beyond repair");
        }
        return s;
    }

    private static void rebuildInto(VaultDamage d, AtomicFile af, int threads) throws IOException {
        FileChannel out = af.channel();
        VaultHeader h = d.header;
        long end = h.extensionPayloadOffset + h.extensionPayloadLen;
        long copied = 0;
        long srcLen = Math.min(d.fileLen, end);
        while (copied < srcLen) {
            long n = d.file.transferTo(copied, srcLen - copied, out.position(copied));
            if (n <= 0) {
                throw new VaultException(Failure.IO, "short copy of " + d.path);
            }
            copied += n;
        }
        out.truncate(srcLen);
        if (d.headerRebuilt) {
            write(out, d.headerBytes, 0);
        }
        if (d.manifestRebuilt) {
            write(out, d.storedManifest, h.manifestOffset);
        }
        if (d.canonicalExtensionDir != null) {
            write(out, d.canonicalExtensionDir, h.extensionDirOffset);
        }
        if (!d.damagedChunks.isEmpty()) {
            RegionStream copy = new RegionStream(out, d.regions);
            AvecScanner.scan(copy, d.dataParity, threads, AvecScanner.patchInto(copy));
        }
        if (d.extensions != null && VaultParity.embeds(d.extensions)) {
            // Deterministic: over the verified stream this reproduces the original parity exactly.
            VaultParity.writeEmbedded(out, af.sink(), h, d.manifest, d.storedManifest, d.extensions, threads);
        }
        out.truncate(end);
        if (out.size() != end) {
            throw new VaultException(Failure.BLOCK_AUTH, "the rebuilt vault is " + out.size() + " bytes, expected " + end);
        }
    }

    private static void write(FileChannel out, byte[] b, long pos) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            pos += out.write(buf, pos);
        }
    }

    /** The copy must authenticate exactly as an intact vault would. */
    private static void verifyCopy(VaultDamage d, FileChannel copy) {
        byte[] hb = new byte[VaultHeader.SIZE];
        RegionStream.of(copy, 0, VaultHeader.SIZE).read(0, hb, 0, hb.length);
        VaultHeader h = VaultHeader.parse(hb);
        h.verifyMac(d.keys.macKey());
        byte[] stored = new byte[(int) h.manifestLen];
        RegionStream.of(copy, h.manifestOffset, h.manifestLen).read(0, stored, 0, stored.length);
        Manifest m = ManifestJson.read(ManifestCrypto.open(d.keys, h.isPlaintextLane(), stored));
        byte[] dir = new byte[(int) h.extensionDirLen];
        RegionStream.of(copy, h.extensionDirOffset, h.extensionDirLen).read(0, dir, 0, dir.length);
        ManifestValidator.checkExtensions(ManifestJson.readExtensions(dir), h.extensionPayloadLen);
        ManifestValidator.validate(m, h.dataLen, h.isPlaintextLane());
        for (ChunkRecord r : m.chunks.values()) {
            if (!VaultDamage.blockIntact(RegionStream.of(copy, h.dataOffset + r.dataOffset(), r.recordLen()), r)) {
                throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                        + ") does not match its cipher_hash after reconstruction; " + d.path + " left unchanged");
            }
        }
    }
}
