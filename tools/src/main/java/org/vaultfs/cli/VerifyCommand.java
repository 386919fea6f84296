package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultParity;
import org.vaultfs.container.VaultReader;
import org.vaultfs.container.VaultVerifier;
import org.vaultfs.container.VerifyReport;
import org.vaultfs.error.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Authenticates every block (opening the vault already checked the header MAC and the
 * manifest); exits 5 naming each damaged file.
 */
@Command(name = "verify", description = "Decrypt and authenticate every block; name each damaged file.")
final class VerifyCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        VerifyReport report;
        long files;
        boolean parity;
        try (VaultReader r = openReader(vault, password);
             ProgressBar bar = new ProgressBar(env(), "verifying", plaintextBytes(r))) {
            report = VaultVerifier.verify(r, bar::advance);
            files = r.entries().stream().filter(e -> !e.isDir()).count();
            VaultParity.staleSidecar(r).ifPresent(why -> env().err().println("vault: warning: " + Human.path(why)));
            parity = org.vaultfs.container.BlockRepair.available(r);
        }
        for (VerifyReport.Damage d : report.damaged()) {
            env().err().println("vault: damaged block " + d.blockIndex() + ": " + Human.path(d.reason()));
        }
        for (String f : report.damagedFiles()) {
            env().err().println("vault: damaged file: " + Human.path(f));
        }
        if (report.clean()) {
            summary("verified " + Human.plural(report.blocksChecked(), "block", "blocks") + ", "
                    + Human.plural(files, "file", "files") + ", " + Human.bytes(report.bytesChecked()) + ": all intact ("
                    + Human.rate(report.bytesChecked(), System.nanoTime() - start) + ")");
            return 0;
        }
        summary("verify FAILED: " + report.damaged().size() + " of " + Human.plural(report.blocksChecked(), "block", "blocks")
                + " damaged, " + Human.plural(report.damagedFiles().size(), "file", "files") + " affected"
                + (parity ? "; the vault has parity: 'vault scrub' says what it can rebuild, 'vault repair' rebuilds it"
                        : "; no parity to repair from: 'vault extract --salvage' extracts every intact file"));
        return Failure.BLOCK_AUTH.exitCode();
    }

    private static long plaintextBytes(VaultReader r) {
        long n = 0;
        for (ChunkRecord c : r.manifest().chunks.values()) {
            n += c.plaintextLen();
        }
        return n;
    }
}
