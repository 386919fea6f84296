package org.vaultfs.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.PasswordKdf;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.container.SourceFilter;
import org.vaultfs.container.SourceTree;
import org.vaultfs.container.Timestamps;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.AesSiv;
import org.vaultfs.crypt.Hkdf;
import org.vaultfs.crypt.HmacSha512;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Writes a new AEROVAULT2 vault from a directory tree, as the reference's {@code create} then
 * {@code add} would (SPEC.md §19): header version 3, a random {@code file_id} per file, fixed
 * chunks of the header's chunk size, fresh random nonces, the cascade when asked. Chunks are
 * sealed into a private temporary file first (the manifest, which precedes them, is known only
 * at the end), then header, manifest and chunks are written beside the target and renamed over
 * it, so memory stays flat and nothing appears until it is complete.
 */
public final class V2Writer {
    private static final byte[][] SIV_HEADERS = {new byte[0], new byte[16]};

    /** What a write stored. */
    public record Stats(long files, long directories, long bytes, long nanos) {
    }

    private V2Writer() {
    }

    /** One entry to write: a directory, or a file with its size, time and bytes. */
    public record Item(String path, boolean dir, long size, String modified, Opener opener) {
    }

    /** Opens an {@link Item}'s bytes; called once. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Seals {@code sourceDir}'s contents into a new AEROVAULT2 vault at {@code out} (refusing to overwrite). */
    public static Stats seal(Path sourceDir, Path out, byte[] password, PasswordKdf kdf, boolean cascade, int chunkSize,
                             SourceFilter filter, ProgressListener progress, RandomSource random) {
        checkArguments(out, password, chunkSize);
        SourceTree tree = SourceTree.scan(sourceDir, progress, filter);
        List<Item> items = new ArrayList<>();
        try {
            for (SourceTree.Dir d : tree.dirs()) {
                items.add(new Item(d.relativePath(), true, 0, Timestamps.of(d.mtime()), null));
            }
            for (SourceTree.File f : tree.files()) {
                Path p = f.path();
                items.add(new Item(f.relativePath(), false, Files.size(p),
                        Timestamps.of(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)),
                        () -> Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException e) {
            throw VaultException.io("cannot read " + sourceDir, e);
        }
        return write(items, out, password, kdf, cascade, chunkSize, progress, random);
    }

    private static void checkArguments(Path out, byte[] password, int chunkSize) {
        if (password.length < 8) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        if (chunkSize < V2Reader.MIN_CHUNK || chunkSize > V2Reader.MAX_CHUNK) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--chunk-size must be between 4 KiB and 16 MiB, got " + chunkSize);
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + out);
        }
    }

    /** Writes {@code items} (directories first or anywhere; files in order) as a new AEROVAULT2 vault at {@code out}. */
    public static Stats write(List<Item> items, Path out, byte[] password, PasswordKdf kdf, boolean cascade, int chunkSize,
                              ProgressListener progress, RandomSource random) {
        long start = System.nanoTime();
        checkArguments(out, password, chunkSize);
        byte[] salt = random.nextBytes(32);
        byte[] master = random.nextBytes(32);
        byte[] mac = random.nextBytes(32);
        byte[] base = kdf.derive(password, salt);
        byte[] sivKey = Hkdf.sha256(master, V2Keys.LABEL_SIV, 64);
        AesSiv siv = new AesSiv(sivKey);
        byte[] chachaKey = Hkdf.sha256(master, V2Keys.LABEL_CHACHA, 32);
        AesGcmSiv gcm = new AesGcmSiv(master);
        // Two temps beside the target, both named as a killed writer's are cleaned up; the data one is never published.
        try (AtomicFile data = AtomicFile.beside(out);
             AtomicFile vault = AtomicFile.beside(out)) {
            String now = Timestamps.now(java.time.Clock.systemUTC());
            StringBuilder entries = new StringBuilder();
            long pos = 0;
            long bytes = 0;
            long files = 0;
            long dirs = 0;
            for (Item item : items) {
                VaultPaths.requireCanonical(item.path());
                if (item.dir()) {
                    appendEntry(entries, siv, item.path(), 0, 0, 0, null, true, item.modified());
                    dirs++;
                    continue;
                }
                byte[] fileId = random.nextBytes(16);
                long size = item.size();
                long count = (size + chunkSize - 1) / chunkSize;
                long offset = pos;
                long read = 0;
                try (InputStream in = item.opener().open()) {
                    byte[] buf = new byte[chunkSize];
                    for (long i = 0; i < count; i++) {
                        int want = (int) Math.min(chunkSize, size - read);
                        int n = in.readNBytes(buf, 0, want);
                        if (n != want) {
                            throw new VaultException(Failure.IO, "changed while being read: " + VaultPaths.printable(item.path()));
                        }
                        byte[] record = sealChunk(gcm, chachaKey, cascade, random, buf, n, aad(fileId, count, i));
                        pos += write(data.channel(), pos, record);
                        read += n;
                        progress.advanced(n);
                    }
                    Wipe.zero(buf);
                }
                bytes += size;
                files++;
                appendEntry(entries, siv, item.path(), size, offset, count, fileId, false, item.modified());
                progress.fileDone(item.path());
            }
            String json = "{\"created\":" + quote(now) + ",\"modified\":" + quote(now) + ",\"entries\":[" + entries + "]}";
            byte[] manifest = Base64.getUrlEncoder().withoutPadding()
                    .encode(siv.seal(SIV_HEADERS, json.getBytes(StandardCharsets.UTF_8)));
            byte[] header = header(salt, cascade, chunkSize, base, master, mac);
            FileChannel ch = vault.channel();
            long at = write(ch, 0, header);
            byte[] len = new byte[4];
            LittleEndian.putInt(len, 0, manifest.length);
            at += write(ch, at, len);
            at += write(ch, at, manifest);
            long copied = 0;
            while (copied < pos) {
                copied += data.channel().transferTo(copied, pos - copied, ch.position(at + copied));
            }
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                throw new VaultException(Failure.CONFLICT, "refusing to overwrite " + out + ", created meanwhile");
            }
            vault.commit();
            return new Stats(files, dirs, bytes, System.nanoTime() - start);
        } catch (IOException e) {
            throw VaultException.io("cannot write " + out, e);
        } finally {
            Wipe.zero(base);
            Wipe.zero(master);
            Wipe.zero(mac);
            Wipe.zero(sivKey);
            Wipe.zero(chachaKey);
            siv.destroy();
            gcm.destroy();
        }
    }

    private static byte[] header(byte[] salt, boolean cascade, int chunkSize, byte[] base, byte[] master, byte[] mac) {
        byte[] h = new byte[V2Header.SIZE];
        System.arraycopy(V2Header.MAGIC, 0, h, 0, V2Header.MAGIC.length);
        h[10] = (byte) V2Header.VERSION;
        h[11] = (byte) (cascade ? 1 : 0);
        System.arraycopy(salt, 0, h, 12, 32);
        V2Keys.wrapInto(h, base, master, mac);
        LittleEndian.putInt(h, 124, chunkSize);
        System.arraycopy(HmacSha512.mac(mac, h), 0, h, 448, 64);
        return h;
    }

    private static byte[] aad(byte[] fileId, long count, long index) {
        return new V2ChunkSource.Aad(fileId, count, index).bytes();
    }

    /** {@code u32 len || nonce || GCM-SIV(chunk) || tag}, wrapped in ChaCha20-Poly1305 under the cascade. */
    private static byte[] sealChunk(AesGcmSiv gcm, byte[] chachaKey, boolean cascade, RandomSource random, byte[] buf, int n,
                                    byte[] aad) {
        byte[] nonce = random.nextBytes(12);
        byte[] ct = gcm.seal(nonce, buf, 0, n, aad);
        byte[] inner = new byte[12 + ct.length];
        System.arraycopy(nonce, 0, inner, 0, 12);
        System.arraycopy(ct, 0, inner, 12, ct.length);
        byte[] stored = inner;
        if (cascade) {
            byte[] outerNonce = random.nextBytes(12);
            try {
                Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(chachaKey, "ChaCha20"), new IvParameterSpec(outerNonce));
                c.updateAAD(aad);
                byte[] outer = c.doFinal(inner);
                stored = new byte[12 + outer.length];
                System.arraycopy(outerNonce, 0, stored, 0, 12);
                System.arraycopy(outer, 0, stored, 12, outer.length);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
            }
        }
        byte[] record = new byte[4 + stored.length];
        LittleEndian.putInt(record, 0, stored.length);
        System.arraycopy(stored, 0, record, 4, stored.length);
        return record;
    }

    /** One manifest entry in serde's member order, its name sealed and base64url-encoded. */
    private static void appendEntry(StringBuilder sb, AesSiv siv, String name, long size, long offset, long count, byte[] fileId,
                                    boolean dir, String modified) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        String sealed = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(siv.seal(SIV_HEADERS, name.getBytes(StandardCharsets.UTF_8)));
        sb.append("{\"encrypted_name\":").append(quote(sealed)).append(",\"size\":").append(size)
                .append(",\"offset\":").append(offset).append(",\"chunk_count\":").append(count);
        if (fileId != null) {
            sb.append(",\"file_id\":[");
            for (int i = 0; i < 16; i++) {
                sb.append(i == 0 ? "" : ",").append(fileId[i] & 0xff);
            }
            sb.append(']');
        }
        sb.append(",\"is_dir\":").append(dir).append(",\"modified\":").append(quote(modified)).append('}');
    }

    /** A JSON string of ASCII text with no quote or backslash (base64url and RFC 3339 times). */
    private static String quote(String ascii) {
        return "\"" + ascii + "\"";
    }

    private static long write(FileChannel ch, long pos, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long at = pos;
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
        return b.length;
    }
}
