package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.fs.ExtractResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Extracts everything, or the named files and subtrees, keeping their vault paths under DIR. */
@Command(name = "extract", description = "Extract the vault (or the given paths) into a directory.")
final class ExtractCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (read in place with ranged requests).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH", description = "Files or directories to extract (default: all).")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Target directory (created if missing; default: the current directory).")
    Path output;

    @Option(names = "--overwrite", description = "Replace existing local files that differ from the vault's copy"
            + " (by default they are left alone and the extraction stops with exit 11).")
    boolean overwrite;

    @Option(names = "--salvage", description = {"Skip files with damaged blocks instead of stopping; list them and exit 5.",
        "Blocks the vault's parity (embedded or VAULT.aerocorrect) can rebuild are repaired in memory, not skipped."})
    boolean salvage;

    @Option(names = "--no-fsync", description = {"Do not fsync each file (faster; a crash during extraction may lose",
            "recently written contents, but never leaves a partial file under a final name)."})
    boolean noFsync;

    @Option(names = {"-p", "--preserve-permissions"}, description = {"Restore stored modes exactly, setuid/setgid included,"
            + " even when not root (as root they always are; otherwise the umask applies, as with tar)."})
    boolean preservePermissions;

    @Option(names = "--numeric-owner", description = "As root, restore the stored uid and gid numbers rather than mapping the stored names.")
    boolean numericOwner;

    @Option(names = "--json", description = "Print one JSON object (README: JSON output) instead of the summary line.")
    boolean json;

    @Option(names = {"-n", "--dry-run"}, description = "Say what would be extracted; nothing is written.")
    boolean dryRun;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        if (dryRun) {
            try (Vault v = openVault(vault, password, s3)) {
                long files = 0;
                long dirs = 0;
                long bytes = 0;
                for (org.vaultfs.container.Entry e : v.select(paths)) {
                    if (e.isDir()) {
                        dirs++;
                    } else {
                        files++;
                        bytes += e.size();
                    }
                }
                summary("dry run: would extract " + Human.plural(files, "file", "files") + ", "
                        + Human.plural(dirs, "directory", "directories") + ", " + Human.bytes(bytes) + " into "
                        + Human.path(output.toString()) + "; nothing written");
            }
            return 0;
        }
        ExtractResult result;
        try (Vault v = openVault(vault, password, s3);
             ProgressBar bar = new ProgressBar(env(), "extracting", 0)) {
            ExtractOptions opts = ExtractOptions.defaults().withSalvage(salvage).withDurable(!noFsync).withOverwrite(overwrite)
                    .withPreservePermissions(preservePermissions).withNumericOwner(numericOwner).withProgress(bar::set);
            result = v.extract(output, paths, opts);
        } catch (VaultException e) {
            if (e.failure().exitCode() == Failure.BLOCK_AUTH.exitCode() && !salvage) {
                throw new VaultException(e.failure(), e.getMessage() + "; damaged beyond the parity ('vault extract --salvage'"
                        + " extracts every intact file)", e);
            }
            throw e;
        }
        for (String name : result.removedLeftovers()) {
            env().err().println("vault: removed " + Human.path(name) + ", left by an interrupted extraction");
        }
        for (String w : result.warnings()) {
            env().err().println("vault: warning: " + w);
        }
        if (json) {
            ExtractResult res = result;
            Json.write(env().out(), g -> {
                g.writeStartObject();
                g.writeBooleanField("complete", res.complete());
                g.writeNumberField("files", res.files());
                g.writeNumberField("directories", res.directories());
                g.writeNumberField("bytes", res.bytes());
                g.writeNumberField("links_and_special_files", res.specials());
                g.writeArrayFieldStart("warnings");
                for (String w : res.warnings()) {
                    g.writeString(w);
                }
                g.writeEndArray();
                g.writeNumberField("seconds", res.nanos() / 1e9);
                g.writeArrayFieldStart("damaged");
                for (ExtractResult.Damaged d : res.damaged()) {
                    g.writeStartObject();
                    g.writeStringField("path", d.path());
                    g.writeStringField("reason", d.reason());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
            return res.complete() ? 0 : Failure.BLOCK_AUTH.exitCode();
        }
        for (ExtractResult.Damaged d : result.damaged()) {
            env().err().println("vault: damaged, not extracted: " + Human.path(d.path()) + ": " + Human.path(d.reason()));
        }
        ExtractResult done = result;
        summary(() -> summaryLine(done));
        return result.complete() ? 0 : Failure.BLOCK_AUTH.exitCode();
    }

    private static String summaryLine(ExtractResult result) {
        StringBuilder sb = new StringBuilder("extracted ")
                .append(Human.plural(result.files(), "file", "files")).append(", ")
                .append(Human.plural(result.directories(), "directory", "directories")).append(", ")
                .append(result.specials() == 0 ? "" : Human.plural(result.specials(), "symlink or special file",
                        "symlinks and special files") + ", ")
                .append(Human.bytes(result.bytes())).append(", ")
                .append(Human.rate(result.bytes(), result.nanos()));
        if (!result.complete()) {
            sb.append("; ").append(Human.plural(result.damaged().size(), "damaged file", "damaged files")).append(" skipped");
        }
        return sb.toString();
    }
}
