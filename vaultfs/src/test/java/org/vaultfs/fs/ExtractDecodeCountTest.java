package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultReader;
import org.vaultfs.testing.CachingKdf;

/** Packed small files share chunks: extraction must decode each shared chunk once, not per file. */
class ExtractDecodeCountTest {
    static final byte[] PW = "decode-count-password".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachPackChunkIsDecodedOnceWhateverTheNumberOfMembers(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(src.resolve(String.format("f%03d.txt", i)), ("small file " + i + "\n").repeat(40));
        }
        Path vault = dir.resolve("v.aerovault");
        EditOptions opts = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);
        try (VaultEditor ed = VaultEditor.create(vault, PW, opts)) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            AtomicInteger decodes = new AtomicInteger();
            ChunkSource counting = c -> {
                decodes.incrementAndGet();
                return r.readChunk(c);
            };
            for (boolean durable : new boolean[] {true, false}) {
                decodes.set(0);
                Path out = dir.resolve("out-" + durable);
                new Extractor(r, counting, ExtractOptions.defaults().withDurable(durable)).extract(out, List.of());
                assertEquals(r.manifest().chunks().size(), decodes.get(), "one decode per stored chunk");
                for (int i = 0; i < 300; i++) {
                    String name = String.format("f%03d.txt", i);
                    assertArrayEquals(Files.readAllBytes(src.resolve(name)), Files.readAllBytes(out.resolve(name)), name);
                }
            }
        }
    }
}
