package org.vaultfs.legacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.testing.CachingKdf;

/** Lets tests read an AEROVAULT2 manifest's JSON as stored, to check what a writer put in it. */
public final class LegacyTestAccess {
    private LegacyTestAccess() {
    }

    public static String manifestJson(Path vault, byte[] password) throws IOException {
        byte[] b = Files.readAllBytes(vault);
        V2Header h = V2Header.parse(Arrays.copyOf(b, V2Header.SIZE), vault.toString());
        try (V2Keys keys = V2Keys.unlock(h, password, CachingKdf.INSTANCE)) {
            int len = (int) LittleEndian.getUnsignedInt(b, V2Header.SIZE);
            byte[] text = Arrays.copyOfRange(b, V2Header.SIZE + 4, V2Header.SIZE + 4 + len);
            return new String(V2Manifest.open(keys.siv, text, "manifest"), StandardCharsets.UTF_8);
        }
    }
}
