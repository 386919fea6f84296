package org.vaultfs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md and testdata/vectors prove each other: every vector file is named on the
 * "Vectors:" line of each section its own {@code section:} line lists and nowhere else, and
 * in the index of testdata/vectors/README.md with that same {@code section:} and
 * {@code expected:}; every name on either exists. Checked against the files, so a vector
 * added without its paragraph, or a paragraph naming a file that was renamed, fails here.
 */
class SpecVectorsTest {
    private static final Pattern NAME = Pattern.compile("`((?:prim|vault)-[a-z0-9-]+\\.txt)`");
    private static final Pattern SECTION = Pattern.compile("^## (\\d+)\\. ");

    private final Path root = VectorGenerator.repoRoot();
    private final Path vectors = root.resolve("testdata/vectors");

    @Test
    void everyVectorIsNamedByExactlyTheSectionsItExercises() throws IOException {
        Map<String, Set<String>> named = namesBySection(Files.readString(root.resolve("format-spec/SPEC.md")));
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String file : vectorFiles()) {
            for (String s : header(file).get("section").split(",")) {
                expected.computeIfAbsent(s.trim().split("\\.")[0], k -> new TreeSet<>()).add(file);
            }
        }
        for (String sec : union(expected.keySet(), named.keySet())) {
            Set<String> want = expected.getOrDefault(sec, Set.of());
            Set<String> have = named.getOrDefault(sec, Set.of());
            for (String f : want) {
                if (!have.contains(f)) {
                    problems.add("section " + sec + " does not name " + f + ", whose section line lists it");
                }
            }
            for (String f : have) {
                if (!want.contains(f)) {
                    problems.add("section " + sec + " names " + f + (Files.exists(vectors.resolve(f))
                            ? ", whose section line does not list it" : ", which does not exist"));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theIndexListsEveryFileWithItsOwnSectionAndExpectedLines() throws IOException {
        Map<String, String[]> rows = new TreeMap<>();
        for (String line : Files.readAllLines(vectors.resolve("README.md"))) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| `") && cells.length >= 4) {
                Matcher m = NAME.matcher(cells[1]);
                assertTrue(m.find(), line);
                assertTrue(rows.put(m.group(1), cells) == null, "indexed twice: " + m.group(1));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String file : vectorFiles()) {
            String[] row = rows.remove(file);
            if (row == null) {
                problems.add(file + " is not in the index");
                continue;
            }
            Map<String, String> h = header(file);
            if (!row[2].trim().equals(h.get("section"))) {
                problems.add(file + ": index section '" + row[2].trim() + "', file '" + h.get("section") + "'");
            }
            if (!row[3].trim().startsWith("`" + h.get("expected") + "`")) {
                problems.add(file + ": index expected '" + row[3].trim() + "', file '" + h.get("expected") + "'");
            }
        }
        rows.keySet().forEach(f -> problems.add("the index names " + f + ", which does not exist"));
        assertEquals(List.of(), problems);
    }

    @Test
    void specHasNoOpenQuestions() throws IOException {
        assertTrue(!Files.readString(root.resolve("format-spec/SPEC.md")).contains("TODO"), "SPEC.md still has a TODO");
    }

    /** The vector names on each top-level section's "Vectors:" paragraph. */
    static Map<String, Set<String>> namesBySection(String spec) {
        Map<String, Set<String>> out = new TreeMap<>();
        String section = null;
        boolean inVectors = false;
        for (String line : spec.split("\n", -1)) {
            Matcher s = SECTION.matcher(line);
            if (s.find()) {
                section = s.group(1);
            }
            if (line.startsWith("Vectors:")) {
                inVectors = true;
            } else if (line.isBlank()) {
                inVectors = false;
            }
            if (inVectors && section != null) {
                Matcher m = NAME.matcher(line);
                while (m.find()) {
                    out.computeIfAbsent(section, k -> new TreeSet<>()).add(m.group(1));
                }
            }
        }
        return out;
    }

    private List<String> vectorFiles() throws IOException {
        try (Stream<Path> s = Files.list(vectors)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> NAME.matcher("`" + n + "`").matches()).sorted().toList();
            assertTrue(names.size() > 60, "vectors missing: " + names.size());
            return names;
        }
    }

    private Map<String, String> header(String file) throws IOException {
        Map<String, String> h = new TreeMap<>();
        for (String line : Files.readAllLines(vectors.resolve(file), StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(": ");
            h.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return h;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
