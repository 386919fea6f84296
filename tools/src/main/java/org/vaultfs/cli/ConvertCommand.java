package org.vaultfs.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.vaultfs.Vault;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EditStats;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Rewrites a vault of either lineage as a new AEROVAULT3 vault: an AEROVAULT2 vault moves to
 * the current container, an AEROVAULT3 one is re-packed into another profile or gains parity.
 * The input is never changed; the output appears only when complete.
 */
@Command(name = "convert", description = "Rewrite a vault (AEROVAULT2 or AEROVAULT3) as a new AEROVAULT3 vault.")
final class ConvertCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The vault to create (must not exist).")
    Path output;

    @Mixin
    OutputFormatOptions out;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        boolean v2 = out.aerovault2();
        // Everything that can fail without the password fails before the prompt.
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + output);
        }
        EditOptions.Builder settings = v2 ? EditOptions.builder().kdf(env().kdf()) : out.aerovault3(env().kdf());
        Vault.probe(input);
        byte[] pw = Passwords.current(env(), password);
        try (Vault source = Vault.open(input, pw, env().openOptions("vault"));
             ProgressBar bar = new ProgressBar(env(), "converting", totalBytes(source))) {
            EditOptions opts = settings.progress(bar::advance).build();
            if (v2) {
                EditStats s = source.convertToAerovault2(output, pw, out.cascade, out.chunkSize(), opts);
                summary(() -> "converted " + Human.plural(s.filesAdded(), "file", "files") + ", " + Human.bytes(s.bytesIn())
                        + " into the AEROVAULT2 vault " + Human.path(output.toString()));
            } else {
                EditStats stats = source.convertTo(output, pw, opts);
                summary(() -> EditSummary.line("converted", stats, 0) + " into " + Human.path(output.toString()));
            }
        } finally {
            Wipe.zero(pw);
        }
        return 0;
    }

    private static long totalBytes(Vault v) {
        long n = 0;
        for (org.vaultfs.container.Entry e : v.entries()) {
            n += e.isDir() ? 0 : e.size();
        }
        return n;
    }
}
