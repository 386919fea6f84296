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
    static final String FILE_ENV = "VAULT_PASSWORD_FILE";
    static final String COMMAND_ENV = "VAULT_PASSWORD_COMMAND";
    /** Longer first lines are refused: a password is typed or pasted, never megabytes (or /dev/zero). */
    static final int MAX_PASSWORD_BYTES = 4096;
    /** Tries at a mistyped confirmation or a too-short password before giving up. */
    static final int PROMPT_TRIES = 3;

    private Passwords() {
    }

    /** The password of an existing vault. */
    static byte[] current(CliEnv env, Path file) {
        return resolve(env, file, null, ENV, "Password: ", false);
    }

    /** The password of an existing vault, from any source {@code o} or the environment names. */
    static byte[] current(CliEnv env, PasswordOptions o) {
        return resolve(env, o.passwordFile, o.passwordCommand, ENV, "Password: ", false);
    }

    /** A password being set (seal): typed twice when interactive, since a typo would lock the data away. */
    static byte[] fresh(CliEnv env, PasswordOptions o) {
        return resolve(env, o.passwordFile, o.passwordCommand, ENV, "New vault password: ", true);
    }

    /** The new password for passwd, from its own file/variable so it cannot be confused with the old one. */
    static byte[] replacement(CliEnv env, Path file) {
        return resolve(env, file, null, NEW_ENV, "New password: ", true);
    }

    /** True when a password is available without asking (used by info to decide whether to unlock). */
    static boolean available(CliEnv env, PasswordOptions o) {
        return o.passwordFile != null || o.passwordCommand != null || env.getenv(ENV) != null
                || env.getenv(FILE_ENV) != null || env.getenv(COMMAND_ENV) != null;
    }

    /**
     * In restic's order: the option's file (or stdin for "-"), the option's command, then
     * $VAULT_PASSWORD_FILE, $VAULT_PASSWORD_COMMAND and $VAULT_PASSWORD, then a prompt.
     */
    private static byte[] resolve(CliEnv env, Path file, String command, String var, String prompt, boolean confirm) {
        if (file != null) {
            return file.toString().equals("-") ? firstLine(System.in, "standard input") : fromFile(file);
        }
        if (command != null) {
            return fromCommand(command);
        }
        if (var.equals(ENV)) {
            String envFile = env.getenv(FILE_ENV);
            if (envFile != null && !envFile.isEmpty()) {
                return fromFile(Path.of(envFile));
            }
            String envCommand = env.getenv(COMMAND_ENV);
            if (envCommand != null && !envCommand.isEmpty()) {
                return fromCommand(envCommand);
            }
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
        if (!confirm) {
            return toBytes(ask(env, prompt));
        }
        for (int attempt = 1; ; attempt++) {
            String problem;
            char[] first = ask(env, prompt);
            byte[] encoded = toBytes(first.clone());
            int length = encoded.length;
            Wipe.zero(encoded);
            if (length < org.vaultfs.Vault.MIN_PASSWORD_BYTES) {
                // Said at once, not after typing it twice.
                problem = "password must be at least " + org.vaultfs.Vault.MIN_PASSWORD_BYTES + " bytes";
            } else {
                char[] second = ask(env, "Repeat " + Character.toLowerCase(prompt.charAt(0)) + prompt.substring(1));
                boolean same = Arrays.equals(first, second);
                Wipe.zero(second);
                if (same) {
                    return toBytes(first);
                }
                problem = "the passwords do not match";
            }
            Wipe.zero(first);
            if (attempt == PROMPT_TRIES) {
                throw new VaultException(Failure.INVALID_ARGUMENT, problem);
            }
            env.err().println("vault: " + problem + "; try again");
        }
    }

    /** The first line a password command prints (run by sh, its stdin and stderr the user's, e.g. for a pinentry). */
    static byte[] fromCommand(String command) {
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw VaultException.io("cannot run the password command", e);
        }
        byte[] line = null;
        VaultException unreadable = null;
        try (java.io.InputStream out = p.getInputStream()) {
            try {
                line = firstLine(out, "the password command's output");
            } catch (VaultException e) {
                unreadable = e; // reported unless the exit status says more
            }
            out.transferTo(java.io.OutputStream.nullOutputStream()); // let it finish writing
        } catch (IOException e) {
            p.destroy();
            throw VaultException.io("cannot read the password command's output", e);
        }
        try {
            int status = p.waitFor();
            if (status != 0) {
                Wipe.zero(line);
                throw new VaultException(Failure.INVALID_ARGUMENT, "the password command failed (exit status " + status + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            Wipe.zero(line);
            throw new VaultException(Failure.INVALID_ARGUMENT, "interrupted while waiting for the password command");
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return line;
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

    /** The first line of {@code file}, without its line ending. */
    static byte[] fromFile(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return firstLine(in, "password file " + file);
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "password file not found: " + file);
        } catch (IOException e) {
            throw VaultException.io("cannot read password file " + file, e);
        }
    }

    /** The first line of {@code in} without its line ending, reading at most one byte past the limit. */
    static byte[] firstLine(java.io.InputStream in, String what) {
        byte[] buf = new byte[MAX_PASSWORD_BYTES + 2];
        int n = 0;
        try {
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
                throw new VaultException(Failure.INVALID_ARGUMENT, what + ": first line is longer than "
                        + MAX_PASSWORD_BYTES + " bytes (is it the right file?)");
            }
            if (end == 0) {
                throw new VaultException(Failure.INVALID_ARGUMENT, what + " has an empty first line");
            }
            return Arrays.copyOf(buf, end);
        } catch (IOException e) {
            throw VaultException.io("cannot read " + what, e);
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
