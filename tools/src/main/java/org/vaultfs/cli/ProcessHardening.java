package org.vaultfs.cli;

import jnr.ffi.Pointer;

/**
 * What a process holding vault keys and plaintext does to itself before it reads a password:
 * no core dump (a dump of a mount held the master key eight times over), not dumpable (which
 * also closes {@code /proc/PID/mem} and {@code environ} to other processes of the same user),
 * and no password left in the environment block that {@code /proc/PID/environ} shows for the
 * whole life of the process. Java's own copy of the environment is taken before the block is
 * wiped, so the command still finds the password it was given.
 */
final class ProcessHardening {
    private ProcessHardening() {
    }

    /**
     * Applies all three; returns false (and changes nothing further) when libc cannot be
     * reached, which the caller reports once rather than failing a read-only command.
     */
    static boolean apply() {
        // The C library does the same without jnr-ffi's start-up cost (~0.1 s of every command).
        if (org.vaultfs.Vault.hardenProcess(Passwords.ENV, Passwords.NEW_ENV)) {
            return true;
        }
        LibC c;
        try {
            c = LibC.load();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
        boolean ok = c.setrlimit(LibC.RLIMIT_CORE, new long[] {0, 0}) == 0;
        ok &= c.prctl(LibC.PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
        wipeEnvironmentValue(c, Passwords.ENV);
        wipeEnvironmentValue(c, Passwords.NEW_ENV);
        return ok;
    }

    /** Overwrites the value in place: unsetenv would only unlink it, leaving the bytes in /proc/PID/environ. */
    private static void wipeEnvironmentValue(LibC c, String name) {
        Pointer value = c.getenv(name);
        if (value == null) {
            return;
        }
        long len = value.indexOf(0, (byte) 0);
        if (len > 0) {
            value.setMemory(0, len, (byte) 0);
        }
    }
}
