package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --json on the commands a script drives, each one parseable object with documented fields; -q prints no summary. */
class JsonOutputTest {
    static final String PW = "json output password";

    @TempDir
    Path tmp;

    Cli.Result vault(String... args) {
        return new Cli().password(PW).run(args);
    }

    /** Top-level field names of the one JSON object (or array of objects) in {@code text}; fails unless it is exactly that. */
    static Set<String> fields(String text) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            assertEquals(JsonToken.START_OBJECT, t, text);
            int depth = 0;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 0) {
                    names.add(p.currentName());
                }
            }
            assertEquals(-1, depth, "one whole object: " + text);
        }
        return names;
    }

    @Test
    void everyScriptedCommandPrintsOneObject() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        Files.writeString(src.resolve("back\\slash"), "x\n");
        Path v = tmp.resolve("v.aerovault");
        Cli.Result seal = vault("seal", src.toString(), "-o", v.toString(), "--json", "--ec", "low");
        assertEquals(ExitCodes.SKIPPED, seal.exit(), seal::toString);
        assertTrue(fields(seal.stdout()).containsAll(List.of("command", "vault", "files_added", "bytes_in", "bytes_stored",
                "dedup_saved_bytes", "seconds", "special_files_skipped", "problems")), seal.stdout());
        assertTrue(seal.stdout().contains("\"kind\":\"unstorable_name\""), seal.stdout());
        assertTrue(seal.errLines().stream().noneMatch(l -> l.startsWith("sealed ")), "no summary line with --json");

        Path extra = Files.writeString(tmp.resolve("b.txt"), "b\n");
        Cli.Result add = vault("add", v.toString(), extra.toString(), "--json");
        assertEquals(0, add.exit(), add::toString);
        assertEquals("add", add.stdout().replaceAll("(?s).*\"command\":\"([a-z]+)\".*", "$1").strip());

        Cli.Result verify = vault("verify", v.toString(), "--json");
        assertEquals(0, verify.exit());
        assertTrue(fields(verify.stdout()).containsAll(List.of("clean", "blocks_checked", "bytes_checked", "files", "damaged_blocks",
                "damaged_files", "parity_available", "stale_sidecar")), verify.stdout());

        Cli.Result extract = vault("extract", v.toString(), "-o", tmp.resolve("out").toString(), "--json");
        assertEquals(0, extract.exit());
        assertTrue(fields(extract.stdout()).containsAll(List.of("complete", "files", "directories", "bytes", "seconds", "damaged")));
        for (String cmd : List.of("scrub", "repair")) {
            Cli.Result r = vault(cmd, v.toString(), "--json");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(fields(r.stdout()).contains("state"), r.stdout());
        }
        assertTrue(fields(vault("info", v.toString(), "--json").stdout()).contains("parity"));

        Path plain = Files.write(tmp.resolve("plain.bin"), new byte[50_000]);
        Cli.Result gen = vault("correct", "gen", plain.toString(), "--json");
        assertEquals(0, gen.exit(), gen::toString);
        assertTrue(fields(gen.stdout()).containsAll(List.of("file", "sidecar", "state", "sidecar_bytes")), gen.stdout());
        byte[] b = Files.readAllBytes(plain);
        b[100] ^= 1;
        Files.write(plain, b);
        Cli.Result check = vault("correct", "verify", plain.toString(), "--json");
        assertEquals(12, check.exit(), check::toString);
        assertTrue(check.stdout().contains("\"state\":\"repairable\"") && fields(check.stdout()).contains("damaged_data_shards"));
        Cli.Result fix = vault("correct", "repair", plain.toString(), "--json");
        assertEquals(0, fix.exit(), fix::toString);
        assertTrue(fix.stdout().contains("\"state\":\"repaired\""), fix.stdout());
    }

    @Test
    void quietPrintsNoSummaryButStillTheErrors() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("q"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        Path v = tmp.resolve("q.aerovault");
        Cli.Result seal = vault("-q", "seal", src.toString(), "-o", v.toString());
        assertEquals(0, seal.exit());
        assertEquals("", seal.stderr());
        Cli.Result ls = vault("ls", v.toString(), "--quiet");
        assertEquals("a.txt\n", ls.stdout());
        Cli.Result missing = vault("cat", v.toString(), "nope", "-q");
        assertEquals(10, missing.exit());
        assertTrue(missing.stderr().startsWith("vault: "), "errors still print");
        // Each summary line is built only when printed: quiet prints none, loud prints it whole.
        String[][] commands = {
            {"verify", v.toString()},
            {"extract", v.toString(), "-o", tmp.resolve("out-quiet").toString()},
            {"correct", "gen", src.resolve("a.txt").toString()},
        };
        for (String[] c : commands) {
            String[] quiet = java.util.Arrays.copyOf(c, c.length + 1);
            quiet[c.length] = "-q";
            Cli.Result r = vault(quiet);
            assertEquals(0, r.exit(), r::toString);
            assertEquals("", r.stderr(), String.join(" ", quiet));
        }
        Files.delete(src.resolve("a.txt.aerocorrect"));
        String verified = vault("verify", v.toString()).stderr();
        assertTrue(verified.startsWith("verified 1 block, 1 file, 2 B: all intact ("), verified);
        String extracted = vault("extract", v.toString(), "-o", tmp.resolve("out-loud").toString()).stderr();
        assertTrue(extracted.startsWith("extracted 1 file, 0 directories, 2 B, "), extracted);
        String wrote = vault("correct", "gen", src.resolve("a.txt").toString()).stderr();
        assertTrue(wrote.startsWith("wrote "), wrote);
    }
}
