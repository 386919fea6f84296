package org.vaultfs.cli;

import org.vaultfs.container.VaultProbe;
import org.vaultfs.Vault;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.crypt.Wipe;
import picocli.CommandLine.ParentCommand;

/** Common plumbing for subcommands: the environment, unlocking for reading or editing. */
abstract class VaultCommand implements Callable<Integer> {
    @ParentCommand
    VaultMain main;

    CliEnv env() {
        return main.env();
    }

    /** Opens {@code vault} for reading with the password from {@code pw}'s sources. */
    Vault openVault(Path vault, PasswordOptions pw) {
        VaultProbe probe = Vault.probe(vault);
        Vault.prefetch(vault); // during the prompt and the key derivation
        // The plaintext lane has no password; do not ask for one.
        byte[] password = probe.encrypted() ? Passwords.current(env(), pw) : new byte[0];
        try {
            return Vault.open(vault, password, env().openOptions("vault"));
        } finally {
            Wipe.zero(password);
        }
    }

    /** Opens {@code vault} for editing (taking its lock). */
    VaultEditor openEditor(Path vault, PasswordOptions pw, EditOptions opts) {
        Vault.probe(vault);
        byte[] password = Passwords.current(env(), pw);
        try {
            VaultEditor ed = Vault.edit(vault, password, opts.withKdf(env().kdf()));
            reportLeftovers(ed);
            return ed;
        } finally {
            Wipe.zero(password);
        }
    }

    /** A killed writer's temp files are removed by the next one, and the user hears of it. */
    void reportLeftovers(VaultEditor ed) {
        for (String name : ed.removedLeftovers()) {
            env().err().println("vault: removed " + Human.path(name) + ", left by an interrupted write");
        }
    }

    void summary(String line) {
        if (env().quiet()) {
            return;
        }
        env().err().println(line);
    }
}
