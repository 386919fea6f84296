package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Authenticates every block; exits 5 naming each damaged file. */
@Command(name = "verify", description = "Decrypt and authenticate every block; name each damaged file.")
final class VerifyCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        BlockCheck.Report report;
        long files;
        try (VaultReader r = openReader(vault, password);
             ProgressBar bar = new ProgressBar(env(), "verifying", BlockCheck.storedBytes(r))) {
            report = BlockCheck.run(r, bar::advance);
            files = r.entries().stream().filter(e -> !e.isDir()).count();
        }
        for (BlockCheck.Damage d : report.damage()) {
            env().err().println("vault: damaged block " + d.chunk().blockIndex() + ": " + Human.path(d.reason()));
        }
        for (String f : report.damagedFiles()) {
            env().err().println("vault: damaged file: " + Human.path(f));
        }
        String what = Human.plural(report.blocks(), "block", "blocks") + ", "
                + Human.plural(files, "file", "files") + ", " + Human.bytes(report.storedBytes()) + " stored";
        if (report.intact()) {
            summary("verified " + what + ": all intact (" + Human.rate(report.storedBytes(), System.nanoTime() - start) + ")");
            return 0;
        }
        summary("verify FAILED: " + report.damage().size() + " of " + Human.plural(report.blocks(), "block", "blocks")
                + " damaged, " + Human.plural(report.damagedFiles().size(), "file", "files") + " affected");
        return Failure.BLOCK_AUTH.exitCode();
    }
}
