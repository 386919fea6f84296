package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
            return d.report().toScrubReport();
        }
    }

    /** Read-only scrub of a vault in {@code source} (which stays the caller's): no sidecar, no repair. */
    public static ScrubReport scrub(org.vaultfs.source.VaultSource source, byte[] password, PasswordKdf kdf, int threads) {
        try (VaultDamage d = VaultDamage.analyse(source, password, kdf, threads)) {
            return d.report().toScrubReport();
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
        // With the lock held, a killed writer's temp files are garbage: removed before the analysis.
        try (VaultLock lock = VaultLock.acquire(vault);
             VaultDamage d = VaultDamage.analyse(vault, password, kdf, threads, VaultTempFile.removeStale(vault))) {
            DamageReport found = d.report();
            ScrubReport before = found.toScrubReport();
            if (before.state() == ScrubReport.State.CLEAN) {
                return before;
            }
            if (before.state() == ScrubReport.State.UNREPAIRABLE) {
                throw new VaultException(Failure.BLOCK_AUTH, "damage exceeds what the parity can repair ("
                        + String.join("; ", summary(before)) + "); " + vault + " left unchanged");
            }
            if (found.vaultNeedsRewrite()) {
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
            if (!dryRun && found.sidecarNeedsRewrite()) {
                // The vault now holds its authentic bytes, so a sidecar computed from it is the one it should have.
                VaultParity.exportSidecar(vault, found.header(), found.manifest(), VaultParity.sidecarFor(vault), threads);
            }
            return before.withRepaired();
        }
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
        DamageReport found = d.report();
        FileChannel out = af.channel();
        VaultHeader h = found.header();
        long end = h.extensionPayloadOffset() + h.extensionPayloadLen();
        long copied = 0;
        long srcLen = Math.min(found.fileLen(), end);
        while (copied < srcLen) {
            long n = d.file().transferTo(copied, srcLen - copied, out.position(copied));
            if (n <= 0) {
                throw new VaultException(Failure.IO, "short copy of " + d.path());
            }
            copied += n;
        }
        out.truncate(srcLen);
        if (found.headerRebuilt()) {
            write(out, found.headerBytes(), 0);
        }
        if (found.manifestRebuilt()) {
            write(out, found.storedManifest(), h.manifestOffset());
        }
        if (found.canonicalExtensionDir() != null) {
            write(out, found.canonicalExtensionDir(), h.extensionDirOffset());
        }
        if (!found.damagedChunks().isEmpty()) {
            RegionStream copy = new RegionStream(out, found.regions());
            AvecScanner.scan(copy, d.dataParity(), threads, AvecScanner.patchInto(copy));
        }
        if (found.extensions() != null && VaultParity.embeds(found.extensions())) {
            // Deterministic: over the verified stream this reproduces the original parity exactly.
            VaultParity.writeEmbedded(out, af.sink(), h, found.manifest(), found.storedManifest(), found.extensions(), threads);
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
        h.verifyMac(d.keys().macKey());
        byte[] stored = new byte[(int) h.manifestLen()];
        RegionStream.of(copy, h.manifestOffset(), h.manifestLen()).read(0, stored, 0, stored.length);
        Manifest m = ManifestJson.read(ManifestCrypto.open(d.keys(), h.isPlaintextLane(), stored));
        byte[] dir = new byte[(int) h.extensionDirLen()];
        RegionStream.of(copy, h.extensionDirOffset(), h.extensionDirLen()).read(0, dir, 0, dir.length);
        ManifestValidator.checkExtensions(ManifestJson.readExtensions(dir), h.extensionPayloadLen());
        ManifestValidator.validate(m, h.dataLen(), h.isPlaintextLane());
        org.vaultfs.bytes.ScratchPool blocks = VaultDamage.blockPool(1);
        for (ChunkRecord r : m.chunks().values()) {
            if (!VaultDamage.blockIntact(RegionStream.of(copy, h.dataOffset() + r.dataOffset(), r.recordLen()), r, blocks)) {
                throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                        + ") does not match its cipher_hash after reconstruction; " + d.path() + " left unchanged");
            }
        }
    }
}
