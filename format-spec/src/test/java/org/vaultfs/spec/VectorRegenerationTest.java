package org.vaultfs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed vectors are exactly what the generator produces: regenerates every file into a
 * temp directory and compares byte for byte, and checks that no stray file sits beside them.
 * With -Dvectors.write=true it rewrites testdata/vectors first (the documented way to update
 * them after an intended change).
 */
class VectorRegenerationTest {

    @Test
    void committedVectorsAreReproducedByteForByte(@TempDir Path tmp) throws Exception {
        Path dir = VectorGenerator.vectorDir();
        if (Boolean.getBoolean("vectors.write")) {
            VectorGenerator.writeAll(dir);
        }
        Map<String, byte[]> fresh = VectorGenerator.generate(tmp);
        TreeSet<String> committed = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).forEach(committed::add);
        }
        assertEquals(new TreeSet<>(fresh.keySet()), committed, "vector file set differs from the generator's");
        for (Map.Entry<String, byte[]> e : fresh.entrySet()) {
            byte[] onDisk = Files.readAllBytes(dir.resolve(e.getKey()));
            if (!Arrays.equals(e.getValue(), onDisk)) {
                fail(e.getKey() + " differs from the generator's output (" + onDisk.length + " bytes committed, "
                        + e.getValue().length + " generated); rerun with -Dvectors.write=true if the change is intended");
            }
        }
    }

    @Test
    void everyVectorParsesAndRoundTrips() throws Exception {
        Path dir = VectorGenerator.vectorDir();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".txt")).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                VectorFile f = VectorFile.parse(p.getFileName().toString(), bytes);
                assertTrue(f.header.containsKey("description") && f.header.containsKey("section")
                        && f.header.containsKey("expected"), p + ": missing header key");
                // Re-rendering the parsed file must give the same bytes: the format is canonical.
                assertTrue(Arrays.equals(bytes, f.render()), p + ": does not round-trip through the vector file parser");
            }
        }
    }
}
