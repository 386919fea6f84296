package org.vaultfs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The password source option shared by every command that unlocks a vault. */
public final class PasswordOptions {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE ('-': standard input).")
    Path passwordFile;

    @Option(names = "--password-command", paramLabel = "CMD",
            description = "Run CMD (with sh) and use the first line it prints. Without either option: $VAULT_PASSWORD_FILE,"
                    + " $VAULT_PASSWORD_COMMAND, $VAULT_PASSWORD, else a prompt.")
    String passwordCommand;
}
