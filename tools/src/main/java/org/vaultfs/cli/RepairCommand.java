package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.container.ScrubReport;
import org.vaultfs.Vault;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Rebuilds damage from the embedded parity or the VAULT.aerocorrect sidecar, all or nothing.
 * Exit 0 when the vault is clean or was repaired, 13 when the damage is beyond the parity
 * (the vault is then left exactly as it was).
 */
@Command(name = "repair", description = {"Repair damage from the vault's parity (embedded or VAULT.aerocorrect), all or nothing.",
    "Exit 0 repaired or already clean, 13 damaged beyond the parity (vault left unchanged)."})
final class RepairCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Option(names = "--dry-run", description = "Build and verify the repaired copy, then discard it.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        byte[] pw = Passwords.current(env(), password);
        ScrubReport r;
        try {
            r = Vault.repair(vault, pw, env().kdf(), Runtime.getRuntime().availableProcessors(), dryRun);
        } catch (VaultException e) {
            if (e.failure() != Failure.BLOCK_AUTH) {
                throw e;
            }
            env().err().println("vault: " + e.getMessage());
            return ScrubCommand.UNREPAIRABLE;
        } finally {
            Wipe.zero(pw);
        }
        if (json) {
            Json.write(env().out(), g -> ScrubCommand.writeJson(g, r));
        } else if (r.state() == ScrubReport.State.CLEAN) {
            summary("repair: nothing to do, the vault is clean");
        } else {
            ScrubCommand.print(this, r, dryRun ? "repair (dry run, nothing written)" : "repaired");
        }
        return 0;
    }
}
