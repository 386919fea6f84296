package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (docs/DESIGN.md "Modules and packages"): every library package
 * has a layer, and a class may name only classes of lower layers (its own package aside).
 * Comments do not count, so a Javadoc link upward is fine; code is not.
 */
class PackageLayersTest {
    /** Higher numbers sit above lower ones; packages of one number may not use each other. */
    static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("", 8),
            Map.entry("fuse", 7), Map.entry("legacy", 7),
            Map.entry("fs", 6),
            Map.entry("container", 5),
            Map.entry("ecc", 4), Map.entry("compression", 4), Map.entry("packing", 4), Map.entry("metadata", 4),
            Map.entry("chunking", 3),
            Map.entry("crypt", 2), Map.entry("remote", 2),
            Map.entry("bytes", 1), Map.entry("source", 1), Map.entry("event", 1), Map.entry("json", 1),
            Map.entry("error", 0));

    private static final Pattern REF = Pattern.compile("\\borg\\.vaultfs\\.(?:([a-z]+)\\.)?[A-Z]\\w*");

    @Test
    void everyDependencyPointsDown() throws IOException {
        Set<String> bad = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/vaultfs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher pm = Pattern.compile("^package org\\.vaultfs\\.?([a-z]*);", Pattern.MULTILINE).matcher(code);
                pm.find();
                String mine = pm.group(1);
                Integer myLayer = LAYER.get(mine);
                if (myLayer == null) {
                    bad.add("package org.vaultfs." + mine + " has no layer in PackageLayersTest and DESIGN.md");
                    continue;
                }
                Matcher m = REF.matcher(code);
                while (m.find()) {
                    String other = m.group(1) == null ? "" : m.group(1);
                    if (!other.equals(mine) && (!LAYER.containsKey(other) || LAYER.get(other) >= myLayer)) {
                        bad.add(f.getFileName() + " (" + name(mine) + ") uses " + m.group() + " (" + name(other) + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), List.copyOf(bad));
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "org.vaultfs" : pkg;
    }
}
