package org.vaultfs.cli;

import java.util.ArrayList;
import java.util.List;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Creates directories with their parents (mkdir -p: an existing directory is not an error). */
@Command(name = "mkdir", description = "Create directories in a vault (parents too; existing ones are fine).")
final class MkdirCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (pulled into a private temporary directory, edited, pushed back"
                    + " incrementally).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
    List<String> dirs = new ArrayList<>();

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        List<String> created = new ArrayList<>();
        try (TreeEdit ed = openEditor(vault, password, EditOptions.defaults(), s3)) {
            for (String d : dirs) {
                if (ed.mkdir(d)) {
                    created.add(Human.path(d));
                }
            }
            // Nothing new: leave the vault file untouched (close() discards the session).
            if (!created.isEmpty()) {
                ed.commit();
            }
        }
        summary(created.isEmpty() ? "nothing to do: already present" : "created " + String.join(", ", created));
        return 0;
    }
}
