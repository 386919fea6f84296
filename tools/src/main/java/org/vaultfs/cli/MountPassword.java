package org.vaultfs.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.CharBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The password for mount: never a command-line argument (visible in ps). Sources in order:
 * --password-file, $VAULT_PASSWORD, a no-echo prompt. The background child gets it on stdin.
 */
final class MountPassword {
    static final String ENV = "VAULT_PASSWORD";

    private MountPassword() {
    }

    static byte[] obtain(Path passwordFile, Path vault) {
        if (passwordFile != null) {
            try (InputStream in = Files.newInputStream(passwordFile)) {
                return firstLine(in);
            } catch (IOException e) {
                throw VaultException.io("cannot read password file " + passwordFile, e);
            }
        }
        String env = System.getenv(ENV);
        if (env != null) {
            return env.getBytes(StandardCharsets.UTF_8);
        }
        Console console = System.console();
        if (console == null) {
            throw new VaultException(Failure.INVALID_ARGUMENT,
                    "no password: set " + ENV + ", use --password-file FILE, or run in a terminal to be prompted");
        }
        char[] pw = console.readPassword("Password for %s: ", vault.getFileName());
        if (pw == null) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "no password entered");
        }
        try {
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pw));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            Arrays.fill(b.array(), (byte) 0);
            return out;
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** The first line, without its line terminator, as UTF-8 bytes. */
    static byte[] firstLine(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = r.readLine();
        return (line == null ? "" : line).getBytes(StandardCharsets.UTF_8);
    }
}
