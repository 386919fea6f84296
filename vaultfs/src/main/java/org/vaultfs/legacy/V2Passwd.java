package org.vaultfs.legacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.vaultfs.container.PasswordKdf;
import org.vaultfs.container.RealTarget;
import org.vaultfs.container.VaultLock;
import org.vaultfs.crypt.HmacSha512;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.FileSource;

/**
 * Changes an AEROVAULT2 vault's password as the reference does: the same master and MAC keys
 * wrapped under a fresh salt, the header rewritten as version 3 and re-MACed; manifest and
 * chunks are copied byte for byte. The new file replaces the old atomically, under the lock
 * every vaultfs writer takes.
 */
public final class V2Passwd {
    private V2Passwd() {
    }

    public static void change(Path requested, byte[] oldPassword, byte[] newPassword, PasswordKdf kdf, RandomSource random) {
        if (newPassword.length < 8) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        Path target = RealTarget.of(requested);
        // Wrong password or a changed header fails in V2Keys.unlock, before anything is written.
        try (VaultLock lock = VaultLock.acquire(target); FileSource src = FileSource.open(target)) {
            byte[] hb = new byte[V2Header.SIZE];
            src.read(ByteBuffer.wrap(hb), 0);
            V2Header h = V2Header.parse(hb, target.toString());
            try (V2Keys keys = V2Keys.unlock(h, oldPassword, kdf); AtomicFile out = AtomicFile.beside(target)) {
                byte[] salt = random.nextBytes(32);
                byte[] base = kdf.derive(newPassword, salt);
                byte[] fresh = hb.clone();
                fresh[10] = (byte) V2Header.VERSION;
                fresh[11] = (byte) (h.cascade() ? 1 : 0);
                System.arraycopy(salt, 0, fresh, 12, 32);
                V2Keys.wrapInto(fresh, base, keys.masterKey, keys.macKey);
                Wipe.zero(base);
                java.util.Arrays.fill(fresh, 448, V2Header.SIZE, (byte) 0);
                System.arraycopy(HmacSha512.mac(keys.macKey, fresh), 0, fresh, 448, 64);
                FileChannel ch = out.channel();
                ByteBuffer b = ByteBuffer.wrap(fresh);
                while (b.hasRemaining()) {
                    ch.write(b, b.position());
                }
                long len = src.size();
                long done = V2Header.SIZE;
                while (done < len) {
                    done += src.channel().transferTo(done, len - done, ch.position(done));
                }
                out.commit();
            }
        } catch (IOException e) {
            throw VaultException.io("cannot rewrite " + requested, e);
        }
    }
}
