package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.nio.file.Path;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.crypt.Wipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Re-wraps the vault keys under a new password; the data blocks are not re-encrypted. */
@Command(name = "passwd", description = {"Change a vault's password (the keys are re-wrapped; data is not re-encrypted).",
        "New password: --new-password-file FILE, else $VAULT_NEW_PASSWORD, else prompted twice."})
final class PasswdCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Option(names = "--new-password-file", paramLabel = "FILE", description = "Read the new password from the first line of FILE.")
    Path newPasswordFile;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        if (Vault.isAerovault2(vault)) {
            byte[] old = Passwords.current(env(), password);
            try {
                byte[] fresh = Passwords.replacement(env(), newPasswordFile);
                try {
                    Vault.changeAerovault2Password(vault, old, fresh, env().kdf());
                } finally {
                    Wipe.zero(fresh);
                }
            } finally {
                Wipe.zero(old);
            }
            summary("password changed");
            return 0;
        }
        try (VaultEditor ed = openAerovault3Editor(vault, password, EditOptions.defaults())) {
            byte[] fresh = Passwords.replacement(env(), newPasswordFile);
            try {
                ed.changePassword(fresh);
            } finally {
                Wipe.zero(fresh);
            }
            ed.commit();
        }
        summary("password changed");
        return 0;
    }
}
