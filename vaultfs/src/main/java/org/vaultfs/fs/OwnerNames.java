package org.vaultfs.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the owner and group names a vault stores to this machine's ids, as tar does when run
 * as root without --numeric-owner: a name known here wins over the stored number, an unknown
 * one falls back to the number. Reads the local passwd and group files (names served only by
 * NSS modules such as LDAP fall back to their numbers).
 */
final class OwnerNames {
    private final Map<String, Long> users;
    private final Map<String, Long> groups;

    private OwnerNames(Map<String, Long> users, Map<String, Long> groups) {
        this.users = users;
        this.groups = groups;
    }

    static OwnerNames local() {
        return new OwnerNames(read(Path.of("/etc/passwd")), read(Path.of("/etc/group")));
    }

    static OwnerNames none() {
        return new OwnerNames(Map.of(), Map.of());
    }

    long uid(String name, long stored) {
        return name == null ? stored : users.getOrDefault(name, stored);
    }

    long gid(String name, long stored) {
        return name == null ? stored : groups.getOrDefault(name, stored);
    }

    /** {@code name:x:id:...} lines; anything unparsable is skipped. */
    private static Map<String, Long> read(Path file) {
        Map<String, Long> out = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return out;
        }
        for (String l : lines) {
            String[] f = l.split(":", -1);
            if (f.length >= 3) {
                try {
                    out.putIfAbsent(f[0], Long.parseLong(f[2]));
                } catch (NumberFormatException e) {
                    // not an id line
                }
            }
        }
        return out;
    }
}
