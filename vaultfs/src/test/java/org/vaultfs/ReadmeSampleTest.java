package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;

/**
 * The Java sample in README.md ("Using the library") is the body of {@link #sample}, character
 * for character: the test fails when either changes without the other, and runs the sample
 * on a vault of the bundled example.
 */
class ReadmeSampleTest {
    @TempDir
    Path tmp;

    // README:begin
    static String sample(Path vaultFile, byte[] password, Path restoreTo) throws IOException {
        try (Vault vault = Vault.open(vaultFile, password)) {
            for (Entry e : vault.entries()) {
                System.out.println((e.isDir() ? "d " : "- ") + e.path() + "  " + e.size());
            }
            ByteBuffer head = ByteBuffer.allocate(13);
            try (SeekableByteChannel ch = vault.newByteChannel("notes/ideas.md")) {
                ch.position(2).read(head); // random access: decodes only the chunk under it
            }
            if (!vault.verify(bytes -> { }).clean()) {
                throw new IOException("damaged: " + vault.verify(bytes -> { }).damagedFiles());
            }
            vault.extract(restoreTo, List.of("notes"), ExtractOptions.defaults());
            return new String(head.array(), 0, head.position(), StandardCharsets.UTF_8);
        }
    }
    // README:end

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("```java\n", readme.indexOf("## Using the library"));
        String block = readme.substring(start + "```java\n".length(), readme.indexOf("```\n", start + 8));
        String source = Files.readString(root.resolve("vaultfs/src/test/java/org/vaultfs/ReadmeSampleTest.java"));
        String body = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("    // README:end"));
        assertEquals(dedent(body), block, "README.md's sample and ReadmeSampleTest.sample differ");
    }

    @Test
    void theSampleRunsOnTheBundledExample() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path vault = tmp.resolve("example.aerovault");
        byte[] password = Files.readAllLines(root.resolve("docs/example.password")).get(0).getBytes(StandardCharsets.UTF_8);
        try (VaultEditor ed = Vault.create(vault, password, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(root.resolve("docs/example"), "");
            ed.commit();
        }
        PrintStream old = System.out;
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        String head;
        System.setOut(new PrintStream(listing, true, StandardCharsets.UTF_8));
        try {
            head = sample(vault, password, tmp.resolve("restored"));
        } finally {
            System.setOut(old);
        }
        byte[] ideas = Files.readAllBytes(root.resolve("docs/example/notes/ideas.md"));
        assertEquals(new String(ideas, 2, Math.min(13, ideas.length - 2), StandardCharsets.UTF_8), head);
        assertTrue(listing.toString(StandardCharsets.UTF_8).contains("- notes/ideas.md  " + ideas.length), listing.toString());
        assertArrayEquals(ideas, Files.readAllBytes(tmp.resolve("restored/notes/ideas.md")));
        assertTrue(Files.notExists(tmp.resolve("restored/shopping-list.txt")), "only the selected subtree");
    }

    private static String dedent(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            out.append(line.startsWith("    ") ? line.substring(4) : line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
