package org.vaultfs.cli;

/** Reads a password without echo. A seam so tests can play the interactive user. */
@FunctionalInterface
public interface PasswordPrompt {
    /** The typed password, or null at end of input. The caller zeroes the array. */
    char[] read(String prompt);
}
