package org.vaultfs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * How the background mount child receives the password: on stdin from its parent, never as
 * an argument (visible in ps). The parent resolves it like every command ({@link Passwords}).
 */
final class MountPassword {
    private MountPassword() {
    }

    /** The first line, without its line terminator, as UTF-8 bytes. */
    static byte[] firstLine(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = r.readLine();
        return (line == null ? "" : line).getBytes(StandardCharsets.UTF_8);
    }
}
