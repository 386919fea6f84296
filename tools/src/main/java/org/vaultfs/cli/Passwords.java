package org.vaultfs.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Finds a password, never on the command line (it would show in ps and shell history):
 * a password file, then an environment variable, then a no-echo prompt on the terminal.
 * Passwords are returned as UTF-8 bytes the caller must zero; intermediate copies are zeroed
 * here (a String from the environment cannot be, which is why the file comes first).
 */
final class Passwords {
    static final String ENV = "VAULT_PASSWORD";
    static final String NEW_ENV = "VAULT_NEW_PASSWORD";

    private Passwords() {
    }

    /** The password of an existing vault. */
    static byte[] current(CliEnv env, Path file) {
        return resolve(env, file, ENV, "Password: ", false);
    }

    /** A password being set (seal): typed twice when interactive, since a typo would lock the data away. */
    static byte[] fresh(CliEnv env, Path file) {
        return resolve(env, file, ENV, "New vault password: ", true);
    }

    /** The new password for passwd, from its own file/variable so it cannot be confused with the old one. */
    static byte[] replacement(CliEnv env, Path file) {
        return resolve(env, file, NEW_ENV, "New password: ", true);
    }

    /** True when a password is available without asking (used by info to decide whether to unlock). */
    static boolean available(CliEnv env, Path file) {
        return file != null || env.getenv(ENV) != null;
    }

    private static byte[] resolve(CliEnv env, Path file, String var, String prompt, boolean confirm) {
        if (file != null) {
            return fromFile(file);
        }
        String fromEnv = env.getenv(var);
        if (fromEnv != null) {
            if (fromEnv.isEmpty()) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "$" + var + " is set but empty");
            }
            return fromEnv.getBytes(StandardCharsets.UTF_8);
        }
        if (env.prompt() == null) {
            String flag = var.equals(NEW_ENV) ? "--new-password-file" : "--password-file";
            throw new VaultException(Failure.INVALID_ARGUMENT, "no password: use " + flag + " FILE or set $" + var
                    + " (no terminal to prompt on)");
        }
        char[] first = ask(env, prompt);
        if (!confirm) {
            return toBytes(first);
        }
        char[] second = ask(env, "Repeat " + Character.toLowerCase(prompt.charAt(0)) + prompt.substring(1));
        try {
            if (!Arrays.equals(first, second)) {
                Wipe.zero(first);
                throw new VaultException(Failure.INVALID_ARGUMENT, "the passwords do not match");
            }
        } finally {
            Wipe.zero(second);
        }
        return toBytes(first);
    }

    private static char[] ask(CliEnv env, String prompt) {
        char[] c = env.prompt().read(prompt);
        if (c == null) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "no password entered");
        }
        if (c.length == 0) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "empty password");
        }
        return c;
    }

    /** Longer first lines are refused: a password is typed or pasted, never megabytes (or /dev/zero). */
    static final int MAX_PASSWORD_BYTES = 4096;

    /** The first line of {@code file}, without its line ending; reads at most one byte past the limit. */
    static byte[] fromFile(Path file) {
        byte[] buf = new byte[MAX_PASSWORD_BYTES + 2];
        int n = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int end = -1;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                for (int i = n; i < n + r; i++) {
                    if (buf[i] == '\n') {
                        end = i;
                        break;
                    }
                }
                n += r;
                if (end >= 0) {
                    break;
                }
            }
            if (end < 0) {
                end = n;
            }
            // A file written on Windows ends its line in CRLF; the CR is not part of the password.
            if (end > 0 && buf[end - 1] == '\r') {
                end--;
            }
            if (end > MAX_PASSWORD_BYTES) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "password file " + file + ": first line is longer than "
                        + MAX_PASSWORD_BYTES + " bytes (is it the right file?)");
            }
            if (end == 0) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "password file " + file + " has an empty first line");
            }
            return Arrays.copyOf(buf, end);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "password file not found: " + file);
        } catch (IOException e) {
            throw VaultException.io("cannot read password file " + file, e);
        } finally {
            Wipe.zero(buf);
        }
    }

    /** UTF-8 encodes and zeroes {@code chars} and every intermediate buffer. */
    static byte[] toBytes(char[] chars) {
        ByteBuffer bb = null;
        try {
            bb = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(chars));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "the password is not valid Unicode");
        } finally {
            Wipe.zero(chars);
            if (bb != null && bb.hasArray()) {
                Wipe.zero(bb.array());
            }
        }
    }
}
