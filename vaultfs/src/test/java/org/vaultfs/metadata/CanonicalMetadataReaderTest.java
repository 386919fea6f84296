package org.vaultfs.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.VaultException;

/**
 * The metadata payload's canonical fast path against the Jackson reader: what {@link MetadataJson#write}
 * produces (xattrs aside) takes the fast path and reads the same; anything else, and anything
 * the general reader refuses, falls back to it.
 */
class CanonicalMetadataReaderTest {
    private static final String[] NAMES = {"a", "read me", "Ünïcödé", "日本語", "emoji\uD83D\uDE00", "q\"uote", "back\\slash",
        "tab\tin"};

    static TreeMetadata generate(long seed, boolean withXattrs) {
        Random rnd = new Random(seed);
        TreeMetadata t = TreeMetadata.empty();
        int n = rnd.nextInt(30);
        for (int i = 0; i < n; i++) {
            String path = "d/" + NAMES[rnd.nextInt(NAMES.length)] + i;
            NodeKind kind = NodeKind.values()[rnd.nextInt(NodeKind.values().length)];
            String user = rnd.nextInt(4) == 0 ? null : rnd.nextBoolean() ? "root" : NAMES[rnd.nextInt(NAMES.length)];
            String group = rnd.nextInt(4) == 0 ? null : rnd.nextBoolean() ? "root" : "staff";
            long seconds = rnd.nextInt(5) == 0 ? -rnd.nextInt(1 << 30) : rnd.nextLong() >>> 1;
            String target = kind == NodeKind.SYMLINK ? "../" + NAMES[rnd.nextInt(NAMES.length)] : null;
            boolean device = kind == NodeKind.CHAR_DEVICE || kind == NodeKind.BLOCK_DEVICE;
            long link = kind == NodeKind.FILE && rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(5) : 0;
            List<Xattr> xattrs = withXattrs && rnd.nextInt(5) == 0 ? List.of(new Xattr("user.k", new byte[] {1, 2})) : List.of();
            t.put(path, new NodeMetadata(kind, rnd.nextInt(07777 + 1), rnd.nextLong() >>> 32, rnd.nextInt(3), user, group,
                    seconds, rnd.nextInt(1_000_000_000), target, device ? rnd.nextLong() >>> 32 : 0, device ? rnd.nextInt(70000) : 0,
                    link, xattrs));
        }
        return t;
    }

    static void assertSameTree(TreeMetadata expected, TreeMetadata actual) {
        assertEquals(expected.all(), actual.all());
    }

    private static boolean hasEscape(byte[] json) {
        for (byte b : json) {
            if (b == '\\') {
                return true;
            }
        }
        return false;
    }

    @Test
    void whatTheWriterProducesTakesTheFastPathAndReadsAsTheGeneralReaderReadsIt() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            byte[] json = MetadataJson.write(generate(seed, false));
            TreeMetadata fast = CanonicalMetadataReader.read(json);
            if (hasEscape(json)) {
                assertNull(fast, "an escaped name is the general reader's");
            } else {
                assertNotNull(fast, () -> new String(json, StandardCharsets.UTF_8));
                assertSameTree(MetadataJson.readGeneral(json), fast);
            }
            assertSameTree(MetadataJson.readGeneral(json), MetadataJson.read(json));
        });
    }

    @Test
    void extendedAttributesAreLeftToTheGeneralReader() {
        TreeMetadata t = TreeMetadata.empty();
        t.put("x", new NodeMetadata(NodeKind.FILE, 0644, 0, 0, null, null, 1, 2, null, 0, 0, 0,
                List.of(new Xattr("user.k", new byte[] {0, 1, 2}))));
        byte[] json = MetadataJson.write(t);
        assertNull(CanonicalMetadataReader.read(json));
        assertEquals(1, MetadataJson.read(json).get("x").xattrs().size());
    }

    @Test
    void repeatedOwnerNamesAreOneString() {
        String node = "{\"path\":\"%s\",\"type\":\"file\",\"mode\":420,\"uid\":0,\"gid\":0,\"user\":\"root\",\"group\":\"root\","
                + "\"mtime\":[1,2]}";
        byte[] json = ("{\"nodes\":[" + String.format(node, "a") + "," + String.format(node, "b") + "]}").getBytes(StandardCharsets.UTF_8);
        TreeMetadata t = CanonicalMetadataReader.read(json);
        assertNotNull(t);
        assertSame(t.get("a").user(), t.get("b").user());
        assertSame(t.get("a").group(), t.get("b").group());
        assertSameTree(MetadataJson.readGeneral(json), t);
    }

    @Test
    void whatTheGeneralReaderRefusesFallsBackAndIsRefusedAlike() {
        String ok = "{\"path\":\"a\",\"type\":\"%s\",\"mode\":%s,\"uid\":0,\"gid\":0,\"mtime\":[%s]%s}";
        String[] refused = {
            "{\"nodes\":[" + String.format(ok, "file", "4096", "0,0", "") + "]}",
            "{\"nodes\":[" + String.format(ok, "sock", "1", "0,0", "") + "]}",
            "{\"nodes\":[" + String.format(ok, "symlink", "1", "0,0", "") + "]}",
            "{\"nodes\":[" + String.format(ok, "file", "1", "0,0", ",\"target\":\"x\"") + "]}",
            "{\"nodes\":[" + String.format(ok, "dir", "1", "0,0", ",\"link\":2") + "]}",
            "{\"nodes\":[" + String.format(ok, "char", "1", "0,0", "") + "]}",
            "{\"nodes\":[" + String.format(ok, "file", "1", "0,0", ",\"rdev\":[1,2]") + "]}",
            "{\"nodes\":[" + String.format(ok, "file", "1", "0,1000000000", "") + "]}",
            "{\"nodes\":[" + String.format(ok, "symlink", "1", "0,0", ",\"target\":\"" + "t".repeat(4096) + "\"") + "]}",
            "{\"nodes\":[" + String.format(ok, "symlink", "1", "0,0", ",\"target\":\"\"") + "]}",
            "{\"nodes\":[" + String.format(ok, "file", "1", "0,0", "") + "," + String.format(ok, "file", "1", "0,0", "") + "]}",
            "{\"nodes\":[" + String.format(ok, "file", "1", "0,0", "") + "]}x",
        };
        for (String s : refused) {
            byte[] json = s.getBytes(StandardCharsets.UTF_8);
            assertNull(CanonicalMetadataReader.read(json), s);
            VaultException general = assertThrows(VaultException.class, () -> MetadataJson.readGeneral(json), s);
            VaultException both = assertThrows(VaultException.class, () -> MetadataJson.read(json), s);
            assertEquals(general.failure(), both.failure(), s);
            assertEquals(general.getMessage(), both.getMessage(), s);
        }
        String accepted = "{\"nodes\":[" + String.format(ok, "symlink", "1", "-9,0", ",\"target\":\"" + "t".repeat(4095) + "\"") + "]}";
        assertNotNull(CanonicalMetadataReader.read(accepted.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySingleByteEditTheFastPathAcceptsReadsTheSameThroughTheGeneralReader() {
        qt().withExamples(60).forAll(longs().all()).checkAssert(seed -> {
            byte[] json = MetadataJson.write(generate(seed, false));
            Random rnd = new Random(seed);
            byte[] alphabet = "0123456789\"{}[],:-.\\ abtruefalsmodeyp".getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < 200; k++) {
                byte[] m = json.clone();
                int i = rnd.nextInt(m.length);
                m[i] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
                TreeMetadata fast = CanonicalMetadataReader.read(m);
                if (fast != null) {
                    assertSameTree(MetadataJson.readGeneral(m), fast);
                }
            }
        });
    }
}
