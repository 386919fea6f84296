package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/** A new vault's key derivation runs beside the content work and is wrapped into the header at commit. */
class DeferredKeyWrapTest {
    static final byte[] PW = "correct horse battery".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path source() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.write(src.resolve("a.txt"), "alpha".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve("b.bin"), VaultEditorTest.random(7, 700_000));
        return src;
    }

    @Test
    void contentIsAddedWhileThePasswordIsStillBeingDerived() throws Exception {
        Path src = source();
        CountDownLatch contentAdded = new CountDownLatch(1);
        AtomicBoolean derivedAfterContent = new AtomicBoolean();
        PasswordKdf waitsForContent = (pw, salt) -> {
            try {
                derivedAfterContent.set(contentAdded.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CachingKdf.INSTANCE.derive(pw, salt);
        };
        Path vault = dir.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(waitsForContent))) {
            ed.addTree(src, ""); // a derivation made inside create() would still be waiting on this
            contentAdded.countDown();
            ed.commit();
        }
        assertTrue(derivedAfterContent.get(), "the derivation finished only after the content was added");
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            VaultEditorTest.assertTreeEquals(src, r, "");
        }
    }

    @Test
    void theCallerMayWipeItsPasswordAsSoonAsTheEditorExists() throws Exception {
        Path src = source();
        byte[] pw = PW.clone();
        Path vault = dir.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(vault, pw, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            Arrays.fill(pw, (byte) 0);
            ed.addTree(src, "");
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            VaultEditorTest.assertTreeEquals(src, r, "");
        }
    }

    @Test
    void aPasswordChangedBeforeTheFirstCommitIsTheOneThatOpensTheVault() throws Exception {
        Path src = source();
        byte[] second = "a second long password".getBytes(StandardCharsets.UTF_8);
        Path vault = dir.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(src, "");
            ed.changePassword(second);
            ed.commit();
        }
        assertEquals(Failure.WRONG_PASSWORD, assertThrows(VaultException.class,
                () -> VaultReader.open(vault, PW, CachingKdf.INSTANCE)).failure());
        try (VaultReader r = VaultReader.open(vault, second, CachingKdf.INSTANCE)) {
            VaultEditorTest.assertTreeEquals(src, r, "");
        }
    }

    @Test
    void aFailedDerivationFailsTheCommitAndLeavesNothingBehind() throws Exception {
        Path src = source();
        VaultException outOfMemory = new VaultException(Failure.IO, "cannot map the derivation's 128 MiB");
        PasswordKdf fails = (pw, salt) -> {
            throw outOfMemory;
        };
        Path vault = dir.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(fails))) {
            ed.addTree(src, "");
            assertSame(outOfMemory, assertThrows(VaultException.class, ed::commit));
        }
        assertFalse(Files.exists(vault));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(java.util.List.of(src), left.toList(), "no temp or lock file left");
        }
    }

    @Test
    void anAbandonedEditWipesTheDerivedKeyOnceItArrives() throws Exception {
        byte[] kek = new byte[32];
        Arrays.fill(kek, (byte) 0x5a);
        CountDownLatch release = new CountDownLatch(1);
        PasswordKdf slow = (pw, salt) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return kek;
        };
        DeferredKeyWrap wrap = DeferredKeyWrap.start(slow, PW, new byte[VaultHeader.SALT_LEN]);
        wrap.close();
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Arrays.equals(kek, new byte[32]) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertArrayEquals(new byte[32], kek, "the unused key was wiped");
    }
}
