package org.vaultfs.container;

import java.util.concurrent.CompletableFuture;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Rethrow;

/**
 * A new vault's password derivation, run on a thread of its own while the content is read:
 * blocks are sealed under the random master key, and only the header, written last, needs the
 * password-derived KEK that wraps it. Argon2id's 0.3-0.5 s then overlaps the source walk
 * instead of preceding it. The salt is drawn before, in the same order as before, so a vault
 * written from a seeded random source is byte for byte what it was.
 */
final class DeferredKeyWrap implements AutoCloseable {
    private final byte[] salt;
    private final CompletableFuture<byte[]> baseKek;
    private boolean taken;

    private DeferredKeyWrap(byte[] salt, CompletableFuture<byte[]> baseKek) {
        this.salt = salt;
        this.baseKek = baseKek;
    }

    /** Starts deriving; {@code password} is copied, so the caller may wipe its own at once. */
    static DeferredKeyWrap start(PasswordKdf kdf, byte[] password, byte[] salt) {
        byte[] pw = password.clone();
        CompletableFuture<byte[]> kek = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                kek.complete(kdf.derive(pw, salt));
            } catch (Throwable e) {
                kek.completeExceptionally(e);
            } finally {
                Wipe.zero(pw);
            }
        }, "vaultfs-key-derivation");
        t.setDaemon(true);
        t.start();
        return new DeferredKeyWrap(salt.clone(), kek);
    }

    /** Waits for the derivation and wraps {@code keys} into {@code header} under it. */
    void wrapInto(VaultKeys keys, VaultHeader.Builder header) {
        if (taken) {
            throw new IllegalStateException("the keys were already wrapped");
        }
        taken = true;
        byte[] kek = Rethrow.joined(baseKek, "the password derivation");
        try {
            keys.wrapInto(header, salt, kek);
        } finally {
            Wipe.zero(kek);
        }
    }

    /** A derivation never used (the edit was abandoned) is wiped once it ends. */
    @Override
    public void close() {
        if (!taken) {
            taken = true;
            baseKek.thenAccept(Wipe::zero);
        }
    }
}
