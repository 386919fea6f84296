package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The canonical fast path against the general reader: on every text it accepts it builds the
 * manifest Jackson's reader builds, and every text outside the canonical form (or refused)
 * falls back, so failures keep their names and messages.
 */
class CanonicalManifestReaderTest {
    private static final String[] NAMES = {"a", "read me.txt", "Ünïcödé", "日本語", "emoji\uD83D\uDE00", "Ω", "z-9",
        "\u007f del", "slash/inside"};

    /** A manifest shaped like real ones: packed runs sharing a chunk list and a timestamp, big files, directories. */
    static Manifest generate(long seed) {
        Random rnd = new Random(seed);
        Manifest.Builder b = new Manifest.Builder();
        b.created = "2026-06-17T00:00:00Z";
        b.modified = "2026-12-0" + (1 + rnd.nextInt(9)) + "T10:00:00Z";
        int level = rnd.nextInt(4) == 0 ? -(1 + rnd.nextInt(7)) : 1 + rnd.nextInt(19);
        b.wrappers = WrapperStack.standard(level, rnd.nextBoolean() ? null
                : new AlgorithmSpec.Bounds(1 + rnd.nextInt(1 << 20), 1L << 20, Long.MAX_VALUE - rnd.nextInt(3)));
        long offset = 0;
        List<String> ids = new ArrayList<>();
        int chunks = rnd.nextInt(12);
        for (int i = 0; i < chunks; i++) {
            String id = String.format("%032x", rnd.nextLong() & Long.MAX_VALUE).substring(0, 16)
                    + String.format("%016x", (long) i);
            long plain = 1 + rnd.nextInt(1 << 22);
            long compressed = rnd.nextBoolean() ? plain : 1 + rnd.nextInt((int) plain);
            ChunkRecord r = new ChunkRecord(id, i, offset, compressed + 28, plain, compressed,
                    String.format("%064x", rnd.nextLong() & Long.MAX_VALUE), compressed == plain && rnd.nextBoolean());
            b.chunks.put(id, r);
            ids.add(id);
            offset += r.recordLen();
        }
        int entries = rnd.nextInt(40);
        List<String> lastList = List.of();
        for (int i = 0; i < entries; i++) {
            String path = "d" + i + "/" + NAMES[rnd.nextInt(NAMES.length)] + i;
            String modified = rnd.nextInt(3) == 0 ? "2026-01-0" + (1 + rnd.nextInt(9)) + "T00:00:00Z" : b.modified;
            int kind = rnd.nextInt(4);
            if (kind == 0 || ids.isEmpty()) {
                b.entries.add(new Entry(path, 0, modified, true, List.of(), null));
            } else if (kind == 1 && !lastList.isEmpty()) {
                b.entries.add(new Entry(path, rnd.nextInt(100), modified, false, lastList, (long) rnd.nextInt(1000)));
            } else {
                List<String> list = new ArrayList<>();
                int n = 1 + rnd.nextInt(Math.min(ids.size(), 4));
                for (int k = 0; k < n; k++) {
                    list.add(ids.get(rnd.nextInt(ids.size())));
                }
                lastList = List.copyOf(list);
                Long pack = rnd.nextBoolean() ? null : (long) rnd.nextInt(5000);
                b.entries.add(new Entry(path, rnd.nextLong() & Long.MAX_VALUE, modified, false, lastList, pack));
            }
        }
        b.sortEntries();
        b.errorCorrectionPct = rnd.nextBoolean() ? null : rnd.nextInt(51);
        return b.build();
    }

    static void assertSameManifest(Manifest expected, Manifest actual) {
        assertEquals(expected.format(), actual.format());
        assertEquals(expected.created(), actual.created());
        assertEquals(expected.modified(), actual.modified());
        assertEquals(expected.wrappers(), actual.wrappers());
        assertEquals(expected.entries(), actual.entries());
        assertEquals(expected.chunks(), actual.chunks());
        assertEquals(expected.errorCorrectionPct(), actual.errorCorrectionPct());
    }

    @Test
    void everyCanonicalManifestTakesTheFastPathAndReadsAsTheGeneralReaderReadsIt() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            byte[] json = ManifestJson.write(generate(seed));
            Manifest fast = CanonicalManifestReader.read(json);
            assertNotNull(fast, () -> "not taken for " + new String(json, StandardCharsets.UTF_8));
            assertSameManifest(ManifestJsonReader.read(json), fast);
        });
    }

    @Test
    void repeatedTimestampsAndChunkListsAreSharedLikeTheGeneralReaderShares() {
        String id = "0123456789abcdef0123456789abcdef";
        String json = "{\"format\":3,\"created\":\"2026-06-17T00:00:00Z\",\"modified\":\"2026-06-17T00:00:00Z\","
                + wrappers() + ",\"entries\":["
                + "{\"path\":\"a\",\"size\":1,\"modified\":\"2026-06-17T00:00:00Z\",\"is_dir\":false,\"chunks\":[\"" + id + "\"],\"pack_offset\":0},"
                + "{\"path\":\"b\",\"size\":1,\"modified\":\"2026-06-17T00:00:00Z\",\"is_dir\":false,\"chunks\":[\"" + id + "\"],\"pack_offset\":1},"
                + "{\"path\":\"c\",\"size\":2,\"modified\":\"2026-06-18T00:00:00Z\",\"is_dir\":false,\"chunks\":[\"" + id + "\",\"" + id + "\"]}],"
                + "\"chunks\":{\"" + id + "\":{\"id\":\"" + id + "\",\"block_index\":0,\"data_offset\":0,\"block_len\":29,"
                + "\"plaintext_len\":1,\"compressed_len\":1,\"cipher_hash\":\"" + "ab".repeat(32) + "\",\"stored_raw\":true}}}";
        Manifest m = CanonicalManifestReader.read(json.getBytes(StandardCharsets.UTF_8));
        assertNotNull(m);
        List<Entry> e = m.entries();
        assertSame(e.get(0).modified(), e.get(1).modified());
        assertSame(e.get(0).chunks(), e.get(1).chunks());
        assertSame(e.get(0).chunks().get(0), e.get(2).chunks().get(1));
        assertEquals("2026-06-18T00:00:00Z", e.get(2).modified());
        assertSameManifest(ManifestJsonReader.read(json.getBytes(StandardCharsets.UTF_8)), m);
    }

    private static String wrappers() {
        return "\"wrappers\":{\"packing\":{\"algorithm_id\":\"small-file-batching\",\"algorithm_version\":1},"
                + "\"chunking\":{\"algorithm_id\":\"gear-cdc\",\"algorithm_version\":1,\"bounds\":{\"min\":1,\"avg\":2,\"max\":4194304}},"
                + "\"chunk_id\":{\"algorithm_id\":\"blake3-keyed-128\",\"algorithm_version\":1},"
                + "\"compression\":{\"algorithm_id\":\"zstd\",\"algorithm_version\":1,\"level\":9},"
                + "\"crypt\":{\"algorithm_id\":\"aes-256-gcm-siv\",\"algorithm_version\":1},"
                + "\"cipher_hash\":{\"algorithm_id\":\"blake3-256\",\"algorithm_version\":1}}";
    }

    /** One canonical manifest and one edit of it that the general reader decides on its own. */
    private static byte[] edited(String from, String to) {
        byte[] json = ManifestJson.write(generate(7));
        String s = new String(json, StandardCharsets.UTF_8);
        if (!s.contains(from)) {
            throw new AssertionError("the sample manifest lacks " + from + ": " + s);
        }
        return s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void textsOutsideTheCanonicalFormFallBackAndReadAlike() {
        List<byte[]> accepted = List.of(
                edited("{\"format\":3", "{ \"format\":3"),
                edited("\"format\":3,", "\"format\":3 ,"),
                (new String(ManifestJson.write(generate(7)), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8),
                edited("{\"format\":3,\"created\":\"2026-06-17T00:00:00Z\",", "{\"created\":\"2026-06-17T00:00:00Z\",\"format\":3,"),
                edited("\"created\":\"2026-06-17", "\"created\":\"\\u0032026-06-17"),
                edited("\"format\":3,", "\"format\":3,\"future\":[1,{\"x\":null}],"),
                edited("\"is_dir\":false", "\"is_dir\":false,\"stored_raw\":false"));
        for (byte[] json : accepted) {
            assertNull(CanonicalManifestReader.read(json), () -> new String(json, StandardCharsets.UTF_8));
            assertSameManifest(ManifestJsonReader.read(json), ManifestJson.read(json));
        }
    }

    @Test
    void refusalsKeepTheGeneralReadersFailureNames() {
        Object[][] cases = {
            {edited("\"format\":3", "\"format\":03"), Failure.MALFORMED},
            {edited("\"format\":3", "\"format\":256"), Failure.BOUNDS},
            {edited("\"format\":3", "\"format\":-3"), Failure.MALFORMED},
            {edited("\"format\":3", "\"format\":3.0"), Failure.MALFORMED},
            {edited("\"algorithm_version\":1", "\"algorithm_version\":4294967296"), Failure.BOUNDS},
            {edited("\"size\":", "\"size\":99999999999999999999"), Failure.BOUNDS},
            {edited("\"format\":3", "\"format\":3,\"format\":3"), Failure.MALFORMED},
            {edited("\"created\":\"", "\"created\":\"\u0001"), Failure.MALFORMED},
            {(new String(ManifestJson.write(generate(7)), StandardCharsets.UTF_8) + "x").getBytes(StandardCharsets.UTF_8), Failure.MALFORMED},
        };
        for (Object[] c : cases) {
            byte[] json = (byte[]) c[0];
            assertNull(CanonicalManifestReader.read(json), () -> new String(json, StandardCharsets.UTF_8));
            VaultException general = assertThrows(VaultException.class, () -> ManifestJsonReader.read(json));
            VaultException both = assertThrows(VaultException.class, () -> ManifestJson.read(json));
            assertEquals(c[1], both.failure(), () -> new String(json, StandardCharsets.UTF_8));
            assertEquals(general.getMessage(), both.getMessage());
        }
    }

    @Test
    void aRepeatedChunkIdOrAKeyThatIsNotItsIdFallsBack() {
        byte[] json = ManifestJson.write(generate(11));
        String s = new String(json, StandardCharsets.UTF_8);
        int at = s.indexOf("\"chunks\":{\"") + 11;
        String id = s.substring(at, at + 32);
        String other = id.substring(0, 31) + (id.charAt(31) == '0' ? '1' : '0');
        byte[] renamed = s.replace("\"" + id + "\":{", "\"" + other + "\":{").getBytes(StandardCharsets.UTF_8);
        assertNull(CanonicalManifestReader.read(renamed));
        assertEquals(Failure.MALFORMED, assertThrows(VaultException.class, () -> ManifestJson.read(renamed)).failure());
        int end = s.indexOf("}", s.indexOf("\"cipher_hash\":\"", at)) + 1;
        String record = s.substring(at - 1, end);
        byte[] twice = s.replace(record, record + "," + record).getBytes(StandardCharsets.UTF_8);
        assertNull(CanonicalManifestReader.read(twice));
        assertEquals(Failure.MALFORMED, assertThrows(VaultException.class, () -> ManifestJson.read(twice)).failure());
    }

    @Test
    void invalidOrOverlongUtf8IsNeverDecodedByTheFastPath() {
        for (byte[] bad : new byte[][] {{(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff},
            {(byte) 0xe6, (byte) 0x97}}) {
            String s = new String(ManifestJson.write(generate(7)), StandardCharsets.ISO_8859_1);
            int at = s.indexOf("\"created\":\"") + 11;
            byte[] json = (s.substring(0, at) + new String(bad, StandardCharsets.ISO_8859_1) + s.substring(at))
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertNull(CanonicalManifestReader.read(json), () -> Arrays.toString(bad));
        }
    }

    /** The property that matters: whatever the fast path accepts, the general reader reads the same. */
    @Test
    void everySingleByteEditTheFastPathAcceptsReadsTheSameThroughTheGeneralReader() {
        qt().withExamples(60).forAll(longs().all()).checkAssert(seed -> {
            byte[] json = ManifestJson.write(generate(seed));
            Random rnd = new Random(seed);
            byte[] alphabet = "0123456789\"{}[],:-.\\ abtruefals".getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < 200 && json.length > 0; k++) {
                byte[] m = json.clone();
                int i = rnd.nextInt(m.length);
                m[i] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
                Manifest fast = CanonicalManifestReader.read(m);
                if (fast != null) {
                    assertSameManifest(ManifestJsonReader.read(m), fast);
                }
            }
        });
    }
}
