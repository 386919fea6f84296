package org.vaultfs.cli;

import org.vaultfs.container.VaultProbe;
import org.vaultfs.Vault;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3Source;
import picocli.CommandLine.ParentCommand;

/** Common plumbing for subcommands: the environment, unlocking for reading or editing. */
abstract class VaultCommand implements Callable<Integer> {
    @ParentCommand
    VaultMain main;

    CliEnv env() {
        return main.env();
    }

    /**
     * Whether the command asks for the vault's metadata (modes, owners, symlinks): the open then
     * reads it on a second core beside the manifest; a command that never does spends no CPU on it.
     */
    boolean readsMetadata() {
        return true;
    }

    /** Opens {@code vault} for reading with the password from {@code pw}'s sources. */
    Vault openVault(Path vault, PasswordOptions pw) {
        VaultProbe probe = Vault.probe(vault);
        Vault.prefetch(vault); // during the prompt and the key derivation
        // The plaintext lane has no password; do not ask for one.
        byte[] password = probe.encrypted() ? Passwords.current(env(), pw) : new byte[0];
        try {
            return Vault.open(vault, password, env().openOptions("vault").withMetadataAhead(readsMetadata()));
        } finally {
            Wipe.zero(password);
        }
    }

    /**
     * Opens the vault at {@code at} for reading: a local file as above, or an object read in
     * place with ranged requests (the probe and every block through the same connection).
     */
    Vault openVault(VaultLocation at, PasswordOptions pw, S3EndpointOptions s3) {
        if (!at.isRemote()) {
            return openVault(at.local(), pw);
        }
        S3Source source = s3.open(at.remote(), env());
        byte[] password;
        try {
            password = Vault.probe(source).encrypted() ? Passwords.current(env(), pw) : new byte[0];
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        try {
            return Vault.open(source, password, env().openOptions("vault").withMetadataAhead(readsMetadata()));
        } finally {
            Wipe.zero(password);
        }
    }

    /** What the vault at {@code at} shows without a password (a remote one costs a HEAD and a ranged read or two). */
    VaultProbe probe(VaultLocation at, S3EndpointOptions s3) {
        if (!at.isRemote()) {
            return Vault.probe(at.local());
        }
        try (S3Source source = s3.open(at.remote(), env())) {
            return Vault.probe(source);
        }
    }

    /**
     * Opens the vault at {@code at} for tree edits: a local file in place; an object by pulling
     * it into a private temporary directory, the commit pushing it back incrementally.
     */
    TreeEdit openEditor(EditedVault at, PasswordOptions pw, EditOptions opts) {
        if (!at.location.isRemote()) {
            return openEditor(at.location.local(), pw, opts);
        }
        return RemoteTreeEdit.open(S3Connection.open(at.s3.settings(env())), at.location.remote(),
                copy -> openEditor(copy, pw, opts));
    }

    /** Opens {@code vault}, of either lineage, for tree edits (taking its lock). */
    TreeEdit openEditor(Path vault, PasswordOptions pw, EditOptions opts) {
        return unlockForEdit(vault, pw, password -> Vault.edit(vault, password, opts.withKdf(env().kdf())));
    }

    /** Opens the AEROVAULT3 {@code vault} for every change that lineage has (password, parity). */
    VaultEditor openAerovault3Editor(Path vault, PasswordOptions pw, EditOptions opts) {
        return unlockForEdit(vault, pw, password -> Vault.editAerovault3(vault, password, opts.withKdf(env().kdf())));
    }

    private <T extends TreeEdit> T unlockForEdit(Path vault, PasswordOptions pw, java.util.function.Function<byte[], T> open) {
        Vault.probe(vault);
        byte[] password = Passwords.current(env(), pw);
        try {
            T ed = open.apply(password);
            reportLeftovers(ed);
            for (String w : ed.warnings()) {
                env().err().println("vault: warning: " + w);
            }
            return ed;
        } finally {
            Wipe.zero(password);
        }
    }

    /** A killed writer's temp files are removed by the next one, and the user hears of it. */
    void reportLeftovers(TreeEdit ed) {
        for (String name : ed.removedLeftovers()) {
            env().err().println("vault: removed " + Human.path(name) + ", left by an interrupted write");
        }
    }

    void summary(String line) {
        summary(() -> line);
    }

    /**
     * As {@link #summary(String)}, the line built only when it is printed: under {@code -q} a
     * line of sizes and rates would still cost a formatter, locale data and, on first use, a
     * dozen method-handle classes for its concatenation (10-30 ms of a command's end).
     */
    void summary(Supplier<String> line) {
        if (env().quiet()) {
            return;
        }
        env().err().println(line.get());
    }
}
