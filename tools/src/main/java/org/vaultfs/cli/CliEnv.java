package org.vaultfs.cli;

import org.vaultfs.OpenOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.vaultfs.container.PasswordKdf;

/**
 * Everything the CLI takes from its process: streams, environment, terminal, and the KDF.
 * Commands never touch System.* directly, so tests run them in-process with captured output,
 * a fake environment and a memoised KDF.
 *
 * @param prompt null when there is no terminal to ask for a password on
 * @param terminal true when stderr is a terminal, i.e. a progress bar can be redrawn
 */
public record CliEnv(PrintStream out, PrintStream err, Map<String, String> env, PasswordPrompt prompt,
                     boolean terminal, PasswordKdf kdf, boolean quiet) {

    public CliEnv(PrintStream out, PrintStream err, Map<String, String> env, PasswordPrompt prompt, boolean terminal,
                  PasswordKdf kdf) {
        this(out, err, env, prompt, terminal, kdf, false);
    }

    /** -q: no progress and no summary line; errors and warnings about entries still print. */
    public CliEnv quietly() {
        return new CliEnv(out, err, env, prompt, terminal, kdf, true);
    }

    public static CliEnv system() {
        Console console = System.console();
        PasswordPrompt prompt = console == null ? null : p -> console.readPassword("%s", p);
        // Raw descriptors, UTF-8 and buffered: `cat` writes bytes, listings write any file name.
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new CliEnv(out, err, System.getenv(), prompt, console != null, PasswordKdf.ARGON2ID);
    }

    /**
     * How commands open vaults: this environment's KDF, events from the library (repairs,
     * damage) printed on stderr as "{@code prefix}: message".
     */
    public OpenOptions openOptions(String prefix) {
        return OpenOptions.DEFAULT.withKdf(kdf).withListener(e -> err.println(prefix + ": " + e.message()));
    }

    public String getenv(String name) {
        return env.get(name);
    }
}
