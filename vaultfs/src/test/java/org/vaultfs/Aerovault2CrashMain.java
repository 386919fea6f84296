package org.vaultfs;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;

/**
 * Child-process body of {@link Aerovault2CrashTest}: opens an AEROVAULT2 vault for edit, adds a
 * tree and commits, printing OPENED once the lock is held and COMMITTED at the end. The parent
 * kills it at random points. The Argon2id output comes from the parent (hex), so the child skips it.
 */
public final class Aerovault2CrashMain {
    private Aerovault2CrashMain() {
    }

    public static void main(String[] args) {
        byte[] base = java.util.HexFormat.of().parseHex(args[2]);
        EditOptions opts = EditOptions.defaults().withKdf((pw, salt) -> base.clone());
        try (TreeEdit ed = Vault.edit(Paths.get(args[0]), Aerovault2CrashTest.PW, opts)) {
            System.out.println("OPENED");
            System.out.flush();
            ed.addTree(Path.of(args[1]), "new");
            ed.commit();
        }
        System.out.println("COMMITTED");
        System.out.flush();
    }
}
