package org.vaultfs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vaultfs.testing.CachingKdf;

/**
 * Runs `vault` in-process the way the shell would, with captured streams, a private
 * environment (never the real one) and, optionally, scripted answers to password prompts.
 */
final class Cli {
    final Map<String, String> env = new HashMap<>();
    final Deque<String> answers = new ArrayDeque<>();
    boolean terminal;

    record Result(int exit, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        List<String> errLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + stdout() + "\nstderr: " + stderr;
        }
    }

    Cli password(String pw) {
        env.put("VAULT_PASSWORD", pw);
        return this;
    }

    /** Makes a prompt available that answers with {@code typed}, in order. */
    Cli typing(String... typed) {
        terminal = true;
        answers.addAll(List.of(typed));
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PasswordPrompt prompt = terminal ? p -> answers.isEmpty() ? null : answers.poll().toCharArray() : null;
        CliEnv cliEnv = new CliEnv(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.copyOf(env), prompt, terminal, CachingKdf.INSTANCE);
        int code = VaultMain.run(args, cliEnv);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
