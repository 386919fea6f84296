package org.vaultfs.legacy;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultBytes;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ChunkSource;

/**
 * Decodes AEROVAULT2 chunks: {@code nonce(12) || AES-256-GCM-SIV ciphertext || tag}, under the
 * cascade wrapped whole in {@code nonce(12) || ChaCha20-Poly1305 || tag} with the same AAD.
 * The AAD is chosen per file, as the reference does: with a {@code file_id}, the label, the
 * id, the file's chunk count and the index; without one (version 2), the index alone.
 */
public final class V2ChunkSource implements ChunkSource {
    private static final byte[] AAD_LABEL = "AeroVault v2 chunk aad v3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int NONCE = 12;

    /** What a chunk's AAD binds. */
    record Aad(byte[] fileId, long chunkCount, long index) {
        byte[] bytes() {
            byte[] idx = new byte[4];
            LittleEndian.putInt(idx, 0, (int) index);
            if (fileId == null) {
                return idx;
            }
            byte[] a = new byte[AAD_LABEL.length + 16 + 8];
            System.arraycopy(AAD_LABEL, 0, a, 0, AAD_LABEL.length);
            System.arraycopy(fileId, 0, a, AAD_LABEL.length, 16);
            LittleEndian.putInt(a, AAD_LABEL.length + 16, (int) chunkCount);
            System.arraycopy(idx, 0, a, AAD_LABEL.length + 20, 4);
            return a;
        }
    }

    private final VaultBytes file;
    private final long dataStart;
    private final boolean cascade;
    private final AesGcmSiv aead;
    private final SecretKeySpec chachaKey;
    private final Map<String, Aad> aads;

    V2ChunkSource(VaultBytes file, long dataStart, boolean cascade, V2Keys keys, Map<String, Aad> aads) {
        this.file = file;
        this.dataStart = dataStart;
        this.cascade = cascade;
        this.aead = new AesGcmSiv(keys.masterKey);
        this.chachaKey = new SecretKeySpec(keys.chachaKey, "ChaCha20");
        this.aads = aads;
    }

    @Override
    public byte[] decode(ChunkRecord chunk) {
        Aad aad = aads.get(chunk.id());
        if (aad == null) {
            throw new VaultException(Failure.MALFORMED, "no AEROVAULT2 chunk " + chunk.id());
        }
        byte[] stored = file.readExact(dataStart + chunk.dataOffset() + 4, chunk.blockLen(), "chunk " + aad.index());
        byte[] ad = aad.bytes();
        byte[] inner = cascade ? peelCascade(stored, ad, aad) : stored;
        byte[] plain = aead.open(Arrays.copyOf(inner, NONCE), inner, NONCE, inner.length - NONCE, ad);
        if (plain == null || plain.length != chunk.plaintextLen()) {
            throw new VaultException(Failure.BLOCK_AUTH, "AEROVAULT2 chunk " + aad.index() + " of a file does not authenticate"
                    + " (damaged, moved or swapped)");
        }
        return plain;
    }

    /**
     * None: AEROVAULT2 chunks are small (64 KiB by default) and, under the cascade, sealed twice,
     * so a range read decodes the whole chunk rather than keeping checkpoints; saying so at once
     * keeps the cache from decoding a chunk to learn that.
     */
    @Override
    public org.vaultfs.container.ChunkCheckpoints checkpointsOnly(ChunkRecord chunk) {
        return null;
    }

    private byte[] peelCascade(byte[] stored, byte[] ad, Aad aad) {
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.DECRYPT_MODE, chachaKey, new IvParameterSpec(Arrays.copyOf(stored, NONCE)));
            c.updateAAD(ad);
            return c.doFinal(stored, NONCE, stored.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new VaultException(Failure.BLOCK_AUTH, "AEROVAULT2 chunk " + aad.index()
                    + " fails its ChaCha20-Poly1305 cascade layer (damaged, moved or swapped)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
        }
    }

    @Override
    public void close() {
        aead.destroy();
    }
}
