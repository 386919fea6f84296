package org.vaultfs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The password source option shared by every command that unlocks a vault. */
public final class PasswordOptions {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE (else $VAULT_PASSWORD, else a prompt).")
    Path passwordFile;
}
