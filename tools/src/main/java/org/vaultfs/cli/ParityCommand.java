package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parity export} writes VAULT.aerocorrect; {@code parity strip} drops the embedded parity. */
@Command(name = "parity", description = "Manage a vault's Reed-Solomon parity.",
        subcommands = {ParityCommand.Export.class, ParityCommand.Strip.class})
final class ParityCommand extends VaultCommand {
    @Override
    public Integer call() {
        throw new VaultException(Failure.INVALID_ARGUMENT, "parity needs a subcommand: export or strip");
    }

    /** Subcommands reach `vault`'s plumbing through this command, their picocli parent. */
    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ParityCommand parity;

        Vault openVault(Path vault, PasswordOptions pw) {
            return parity.openVault(vault, pw);
        }

        VaultEditor openEditor(Path vault, PasswordOptions pw, EditOptions opts) {
            return parity.openAerovault3Editor(vault, pw, opts);
        }

        void summary(String line) {
            parity.summary(line);
        }
    }

    @Command(name = "export", description = "Write a detached VAULT.aerocorrect sidecar (header, manifest and data parity).")
    static final class Export extends Sub {
        @Parameters(index = "0", paramLabel = "VAULT")
        Path vault;

        @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Sidecar path (default VAULT.aerocorrect).")
        Path output;

        @Option(names = "--force", description = "Replace an existing sidecar.")
        boolean force;

        @Mixin
        PasswordOptions password;

        @Override
        public Integer call() {
            Path out = output != null ? output : Vault.sidecarOf(vault);
            // Before the password prompt: parity is never replaced without being asked to.
            SidecarGuard.requireAbsent(out, force);
            long len;
            try (Vault v = openVault(vault, password)) {
                len = v.exportSidecar(out, Runtime.getRuntime().availableProcessors());
            }
            summary("wrote " + out + " (" + Human.bytes(len) + ")");
            return 0;
        }
    }

    @Command(name = "strip", description = "Remove the embedded parity (refused unless a sidecar exists or --force).")
    static final class Strip extends Sub {
        @Parameters(index = "0", paramLabel = "VAULT")
        Path vault;

        @Option(names = "--force", description = "Strip even when no VAULT.aerocorrect sidecar exists.")
        boolean force;

        @Mixin
        PasswordOptions password;

        @Override
        public Integer call() {
            boolean sidecar = Files.exists(Vault.sidecarOf(vault));
            try (VaultEditor ed = openEditor(vault, password, EditOptions.defaults())) {
                if (!ed.embedsParity()) {
                    throw new VaultException(Failure.NOT_FOUND, vault + " has no embedded parity; nothing to strip");
                }
                if (!sidecar && !force) {
                    throw new VaultException(Failure.CONFLICT, "refusing to strip the only parity: run 'vault parity export' first, or pass --force");
                }
                ed.stripEmbeddedParity();
                ed.commit();
            }
            summary("stripped embedded parity" + (sidecar ? "; " + Vault.sidecarOf(vault).getFileName() + " kept fresh" : ""));
            return 0;
        }
    }
}
