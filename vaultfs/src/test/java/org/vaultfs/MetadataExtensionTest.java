package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.MetadataCapture;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.event.VaultEvent;
import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.TreeMetadata;
import org.vaultfs.testing.CachingKdf;

/**
 * The metadata extension end to end through the library: seal records it, a reader without it
 * (the manifest alone) sees the plain files, edits keep it in step, and a payload that does not
 * belong to the manifest is ignored with one event, never applied.
 */
class MetadataExtensionTest {
    static final byte[] PW = "metadata extension test".getBytes(StandardCharsets.UTF_8);
    static final EditOptions OPTS = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);

    @TempDir
    Path tmp;

    Path tree() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path bin = Files.createDirectories(src.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x--x"));
        Files.setLastModifiedTime(tool, FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        Files.createSymbolicLink(src.resolve("link-rel"), Path.of("bin/tool"));
        Files.createSymbolicLink(src.resolve("dangling"), Path.of("/nowhere/at/all"));
        Files.createLink(src.resolve("hard"), tool);
        new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start().waitFor();
        try {
            Files.getFileAttributeView(tool, UserDefinedFileAttributeView.class)
                    .write("vaultfs.test", ByteBuffer.wrap("tag".getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // No user xattrs on this filesystem: the rest still counts.
        }
        return src;
    }

    @Test
    void sealRecordsEditsKeepAndTheManifestAloneShowsPlainFiles() throws Exception {
        Path src = tree();
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = Vault.create(v, PW, OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            List<String> plain = vault.entries().stream().map(e -> e.path()).toList();
            assertEquals(List.of("bin", "bin/tool", "hard"), plain, "the manifest holds plain files and directories only");
            TreeMetadata m = vault.metadata();
            NodeMetadata tool = m.get("bin/tool");
            assertEquals(NodeKind.FILE, tool.kind());
            assertEquals(0751, tool.mode());
            assertEquals(1_700_000_000L, tool.mtimeSeconds());
            assertEquals(123_456_789, tool.mtimeNanos());
            assertNotEquals(0, tool.linkGroup());
            assertEquals(tool.linkGroup(), m.get("hard").linkGroup(), "hard links share a group");
            assertEquals("bin/tool", m.get("link-rel").target());
            assertEquals("/nowhere/at/all", m.get("dangling").target());
            assertEquals(NodeKind.FIFO, m.get("pipe").kind());
            assertEquals(NodeKind.DIR, m.get("bin").kind());
            // Opened when first asked for, where the open did not read it ahead: the same records.
            try (Vault later = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE).withMetadataAhead(false))) {
                assertArrayEquals(org.vaultfs.metadata.MetadataJson.write(m), org.vaultfs.metadata.MetadataJson.write(later.metadata()));
            }
        }
        try (TreeEdit ed = Vault.edit(v, PW, OPTS)) {
            ed.move("bin", "sbin");
            ed.copy("link-rel", "link-copy");
            ed.remove("pipe", false);
            ed.commit();
        }
        try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            TreeMetadata m = vault.metadata();
            assertEquals(0751, m.get("sbin/tool").mode(), "a move carries the record");
            assertNull(m.get("bin/tool"));
            assertEquals("bin/tool", m.get("link-copy").target(), "a copied symlink keeps its target as stored");
            assertNull(m.get("pipe"));
        }
    }

    @Test
    void aPayloadFromAnotherManifestIsIgnoredWithOneEventAndNoMetadataIsRecordedWhenAskedNot() throws Exception {
        Path src = tree();
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = Vault.create(v, PW, OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        byte[] before = Files.readAllBytes(v);
        // Re-commit without metadata in the session would rebuild it; instead splice the old payload after an edit.
        try (TreeEdit ed = Vault.edit(v, PW, OPTS)) {
            ed.mkdir("new");
            ed.commit();
        }
        byte[] after = Files.readAllBytes(v);
        List<VaultEvent> events = new ArrayList<>();
        Path spliced = tmp.resolve("spliced.av3");
        Files.write(spliced, withLastPayloadOf(v, before, after));
        try (Vault vault = Vault.open(spliced, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE).withListener(events::add))) {
            assertTrue(vault.metadata().isEmpty(), "a stale payload is never applied");
            vault.metadata();
            assertEquals(1, events.size(), events::toString);
            assertTrue(events.get(0) instanceof VaultEvent.MetadataIgnored);
        }

        Path plain = tmp.resolve("plain.av3");
        try (VaultEditor ed = Vault.create(plain, PW, OPTS.withMetadata(MetadataCapture.NONE))) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (Vault vault = Vault.open(plain, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            assertTrue(vault.metadata().isEmpty());
            assertTrue(vault.extensions().isEmpty(), "--no-metadata writes no extension");
        }
    }

    @Test
    void aPasswordChangeAndAConversionKeepItAndAerovault2DropsIt() throws Exception {
        Path src = tree();
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = Vault.create(v, PW, OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        byte[] fresh = "another password".getBytes(StandardCharsets.UTF_8);
        try (VaultEditor ed = Vault.editAerovault3(v, PW, OPTS)) {
            ed.changePassword(fresh);
            ed.commit();
        }
        Path converted = tmp.resolve("c.av3");
        Path legacy = tmp.resolve("c.aerovault");
        try (Vault vault = Vault.open(v, fresh, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            assertEquals(0751, vault.metadata().get("bin/tool").mode(), "passwd rebinds the payload to the new manifest");
            vault.convertTo(converted, PW, OPTS);
            vault.convertToAerovault2(legacy, PW, false, 65536, OPTS);
        }
        try (Vault vault = Vault.open(converted, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            assertEquals(0751, vault.metadata().get("bin/tool").mode());
            assertEquals("bin/tool", vault.metadata().get("link-rel").target());
            assertEquals(vault.metadata().get("bin/tool").linkGroup(), vault.metadata().get("hard").linkGroup());
        }
        try (Vault vault = Vault.open(legacy, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            assertTrue(vault.metadata().isEmpty(), "AEROVAULT2 has no place for it");
            assertEquals(List.of("bin", "bin/tool", "hard"), vault.entries().stream().map(e -> e.path()).toList());
        }
    }

    @Test
    void parityBesideTheMetadataRepairsTheVaultAndTheMetadataStillOpens() throws Exception {
        Path src = tree();
        Files.write(src.resolve("big.bin"), new byte[3 << 20]);
        Path v = tmp.resolve("v4.av3");
        try (VaultEditor ed = Vault.create(v, PW, OPTS.withErrorCorrection(20, org.vaultfs.container.EcPlacement.EMBEDDED))) {
            ed.addTree(src, "");
            ed.commit();
        }
        assertEquals(org.vaultfs.container.ScrubReport.State.CLEAN, Vault.scrub(v, PW, CachingKdf.INSTANCE, 2).state());
        byte[] b = Files.readAllBytes(v);
        b[1024 + 100] ^= 1; // inside the data section
        Files.write(v, b);
        Vault.repair(v, PW, CachingKdf.INSTANCE, 2, false);
        assertEquals(org.vaultfs.container.ScrubReport.State.CLEAN, Vault.scrub(v, PW, CachingKdf.INSTANCE, 2).state());
        try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            assertEquals(0751, vault.metadata().get("bin/tool").mode(), "the metadata survives beside the parity");
        }
    }

    /**
     * {@code after} with its metadata payload (the last extension payload: no parity here)
     * replaced by the one in {@code before}, an older version of the same vault.
     */
    private static byte[] withLastPayloadOf(Path v, byte[] before, byte[] after) throws IOException {
        long len;
        try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            len = vault.extensions().get(vault.extensions().size() - 1).length();
        }
        byte[] out = after.clone();
        System.arraycopy(before, before.length - (int) len, out, out.length - (int) len, (int) len);
        assertNotEquals(java.util.Arrays.toString(after), java.util.Arrays.toString(out), "the payload was replaced");
        return out;
    }
}
