package org.vaultfs.container;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.vaultfs.bytes.Hex;

/**
 * Child-process body of {@link VaultCrashSafetyTest}: opens a vault for edit, adds a tree and
 * commits, printing OPENED once the lock is held and COMMITTED at the end. The parent kills it
 * at random points. The base KEK comes from the parent (hex) so the child skips Argon2id.
 */
public final class CrashCommitMain {
    private CrashCommitMain() {
    }

    public static void main(String[] args) {
        Path vault = Paths.get(args[0]);
        Path src = Paths.get(args[1]);
        byte[] kek = hexToBytes(args[2]);
        EditOptions opts = HostileSupport.opts().withKdf((pw, salt) -> kek.clone());
        try (VaultEditor ed = VaultEditor.open(vault, HostileSupport.PW, opts)) {
            System.out.println("OPENED");
            System.out.flush();
            ed.addTree(src, "new");
            ed.commit();
        }
        System.out.println("COMMITTED");
        System.out.flush();
    }

    static byte[] hexToBytes(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static String hex(byte[] b) {
        return Hex.encode(b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
