package org.vaultfs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaultfs.error.Failure;

/**
 * The exit-code table for `vault --help`, generated from {@link Failure} (plus the two
 * damage-check outcomes of scrub and correct) so the help can never disagree with what the
 * tool actually returns.
 */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int USAGE = 2;
    /** scrub, correct verify: damage found that the parity can repair. Not a {@link Failure}: the check itself succeeded. */
    static final int REPAIRABLE = 12;
    /** scrub, correct verify, repair, correct repair: damage beyond what the parity can repair. */
    static final int UNREPAIRABLE = 13;
    /** seal, add: done, but some entries were left out or changed while read (each named on stderr). */
    static final int SKIPPED = 14;
    /** cat: the reader of standard output went away; the status of a process killed by SIGPIPE. */
    static final int BROKEN_PIPE = 141;
    /** The JVM's status after SIGINT (Ctrl-C) and SIGTERM; the shutdown hook has removed temp and lock files. */
    static final int INTERRUPTED = 130;
    static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /** What each exit code means; every {@link Failure#exitCode()} must have a line (a test checks it). */
    static Map<Integer, String> table() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(OK, "success");
        m.put(INTERNAL, "internal error (a bug: please report it)");
        m.put(USAGE, "usage error or invalid argument");
        m.put(Failure.WRONG_PASSWORD.exitCode(), "wrong password (or a damaged key area)");
        m.put(Failure.NOT_A_VAULT.exitCode(), "not a vault, truncated or malformed; or a tree too large for one vault (seal, add)");
        m.put(Failure.BLOCK_AUTH.exitCode(), "damaged data: authentication failed (header, manifest or blocks)");
        m.put(Failure.UNSUPPORTED_VERSION.exitCode(), "unsupported version, algorithm or critical extension");
        m.put(Failure.PATH_ESCAPE.exitCode(), "unsafe path: would write outside the target");
        m.put(Failure.LOCKED.exitCode(), "vault is locked by another writer");
        m.put(Failure.IO.exitCode(), "I/O error");
        m.put(Failure.NOT_FOUND.exitCode(), "not found (vault, file or vault entry)");
        m.put(Failure.CONFLICT.exitCode(), "conflict (already exists, not empty, changed meanwhile)");
        m.put(REPAIRABLE, "damaged, repairable from parity (scrub, correct verify)");
        m.put(UNREPAIRABLE, "damaged beyond the parity, left unchanged (scrub, repair, correct verify/repair)");
        m.put(SKIPPED, "done, but some entries were left out or changed while read, each named (seal, add)");
        m.put(Failure.REMOTE.exitCode(), "the object store refused or failed a request (access denied, server errors, checksum)");
        m.put(INTERRUPTED, "interrupted (Ctrl-C): temporary and lock files removed, target unchanged");
        m.put(BROKEN_PIPE, "cat's reader went away (closed pipe): stopped quietly, as SIGPIPE would");
        m.put(TERMINATED, "terminated (SIGTERM): temporary and lock files removed, target unchanged");
        return m;
    }

    static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Password: --password-file FILE (first line; - for stdin), --password-command CMD,");
        lines.add("else $VAULT_PASSWORD_FILE, $VAULT_PASSWORD_COMMAND, $VAULT_PASSWORD, else a prompt");
        lines.add("on the terminal. Never on the command line.");
        lines.add("");
        lines.add("Exit codes:");
        // Built on every run (picocli wants it up front): String.format here cost 10-16 ms of
        // each cold start and string concatenation (bootstrapped per shape) still 7-14 ms.
        for (Map.Entry<Integer, String> e : table().entrySet()) {
            int code = e.getKey();
            lines.add(new StringBuilder(64).append(code < 10 ? "   " : code < 100 ? "  " : " ").append(code).append("  ").append(e.getValue()).toString());
        }
        return lines.toArray(new String[0]);
    }
}
