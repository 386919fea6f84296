package org.vaultfs.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.chunking.GearChunker;
import org.vaultfs.chunking.GearTable;
import org.vaultfs.compression.ChunkCompressor;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.AesKeyWrap;
import org.vaultfs.crypt.Argon2id;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.crypt.Hkdf;
import org.vaultfs.crypt.SpecVectorAccess;
import org.vaultfs.ecc.ReedSolomon;

/**
 * The primitive vectors (prim-*.txt) of the index of testdata/vectors/README.md. Every input is written here or derived
 * from a documented label; every output is computed by the vaultfs primitive named in the
 * file's description (Bouncy Castle for the one Argon2id case vaultfs cannot express).
 * PrimitiveVectorsTest checks the outputs against published values and an independent
 * implementation wherever one exists.
 */
final class Primitives {
    static final String STREAM_LABEL = "AEROVAULT3 test-vectors v1";
    static final String GOLDEN_PASSWORD = "aerovault-fixture-pw";
    static final String LABEL_MASTER = "AeroVault v3 KEK for master key";
    static final String LABEL_MAC = "AeroVault v3 KEK for MAC key";
    static final String LABEL_CHUNK_ID = "AeroVault v3 keyed BLAKE3 chunk ids";
    static final String LANE_IKM = "AeroVault v3 aerozip public container";
    static final String LANE_INFO = "AeroVault v3 aerozip header integrity key";

    private Primitives() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] u64(long v) {
        return TreeDigest.le(v, 8);
    }

    /** block(c) of SPEC §16.1. */
    static byte[] streamBlock(long c) {
        return Blake3.hash(cat(ascii(STREAM_LABEL), u64(c)));
    }

    /**
     * Documented pseudo-random bytes: the first {@code n} bytes of BLAKE3(label || u64(0)) ||
     * BLAKE3(label || u64(1)) || ... (the SPEC §16.1 construction with another label).
     */
    static byte[] prng(String label, int n) {
        byte[] out = new byte[n];
        byte[] l = ascii(label);
        for (int c = 0, o = 0; o < n; c++, o += 32) {
            byte[] b = Blake3.hash(cat(l, u64(c)));
            System.arraycopy(b, 0, out, o, Math.min(32, n - o));
        }
        return out;
    }

    static String hex(byte[] b) {
        return Hex.of(b);
    }

    static VectorFile file(String name, String description, String section) {
        return new VectorFile(name).put("description", description).put("section", section).put("expected", "success");
    }

    static List<VectorFile> all() {
        List<VectorFile> out = new ArrayList<>();
        out.add(argon2id());
        out.add(hkdf());
        out.add(aesKw());
        out.add(gcmSiv());
        out.add(blake3());
        out.add(chunkIds());
        out.add(gearTable());
        out.add(cdc());
        out.add(zstd());
        out.add(rsParity());
        out.add(avec());
        out.add(aerocorrect());
        return out;
    }

    // ------------------------------------------------------------------ 4.1 Argon2id

    /** The golden fixture's base KEK: its salt is block(0) (SPEC §16.2). */
    static byte[] goldenBaseKek() {
        return Argon2id.derive(ascii(GOLDEN_PASSWORD), streamBlock(0));
    }

    static VectorFile argon2id() {
        VectorFile f = file("prim-argon2id.txt", "Argon2id v0x13 (RFC 9106), 32-byte output. Keys: name (ASCII), password, salt,"
                + " secret, ad (hex), memory-kib, iterations, lanes (decimal), output (hex). AeroVault uses 131072/4/4 with empty"
                + " secret and ad; salt of the aerovault records is block(0) of SPEC 16.1. The rfc9106 record is RFC 9106 section 5.3.",
                "4.1");
        // RFC 9106 §5.3: vaultfs's Argon2id takes no secret/ad, so Bouncy Castle computes this one record.
        byte[] pw = new byte[32];
        Arrays.fill(pw, (byte) 1);
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 2);
        byte[] secret = new byte[8];
        Arrays.fill(secret, (byte) 3);
        byte[] ad = new byte[12];
        Arrays.fill(ad, (byte) 4);
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32).withIterations(3).withParallelism(4).withSalt(salt).withSecret(secret)
                .withAdditional(ad).build());
        byte[] tag = new byte[32];
        g.generateBytes(pw, tag);
        argonRecord(f, "rfc9106-5.3", pw, salt, secret, ad, 32, 3, 4, tag);
        byte[] s0 = streamBlock(0);
        argonRecord(f, "aerovault-golden", ascii(GOLDEN_PASSWORD), s0, new byte[0], new byte[0], Argon2id.MEMORY_KIB,
                Argon2id.ITERATIONS, Argon2id.LANES, goldenBaseKek());
        byte[] vpw = VaultVectors.PASSWORD.getBytes(StandardCharsets.UTF_8);
        argonRecord(f, "aerovault-vectors", vpw, s0, new byte[0], new byte[0], Argon2id.MEMORY_KIB, Argon2id.ITERATIONS,
                Argon2id.LANES, Argon2id.derive(vpw, s0));
        byte[] upw = VaultVectors.UNICODE_PASSWORD.getBytes(StandardCharsets.UTF_8);
        argonRecord(f, "aerovault-utf8-password", upw, s0, new byte[0], new byte[0], Argon2id.MEMORY_KIB,
                Argon2id.ITERATIONS, Argon2id.LANES, Argon2id.derive(upw, s0));
        int[][] small = {{8, 1, 1}, {64, 2, 1}, {256, 3, 2}, {1024, 1, 4}};
        for (int[] p : small) {
            byte[] out = Argon2id.derive(ascii("password"), ascii("somesalt"), p[0], p[1], p[2]);
            argonRecord(f, "small-m" + p[0] + "-t" + p[1] + "-p" + p[2], ascii("password"), ascii("somesalt"),
                    new byte[0], new byte[0], p[0], p[1], p[2], out);
        }
        return f;
    }

    private static void argonRecord(VectorFile f, String name, byte[] pw, byte[] salt, byte[] secret, byte[] ad,
                                    int m, int t, int p, byte[] out) {
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("password", hex(pw));
        r.put("salt", hex(salt));
        r.put("secret", hex(secret));
        r.put("ad", hex(ad));
        r.put("memory-kib", Integer.toString(m));
        r.put("iterations", Integer.toString(t));
        r.put("lanes", Integer.toString(p));
        r.put("output", hex(out));
    }

    // ------------------------------------------------------------------ HKDF

    static VectorFile hkdf() {
        VectorFile f = file("prim-hkdf.txt", "HKDF-SHA256 (RFC 5869) with the salt absent. Keys: name (ASCII), ikm, info (hex),"
                + " length (decimal), okm (hex). rfc5869-a.3 is RFC 5869 test case 3; the other records are the AeroVault labels"
                + " applied to the golden fixture's keys (base KEK = prim-argon2id aerovault-golden, master key = block(1)).",
                "4.1, 4.2, 3.3");
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        hkdfRecord(f, "rfc5869-a.3", ikm, new byte[0], 42);
        byte[] base = goldenBaseKek();
        hkdfRecord(f, "kek-master-golden", base, ascii(LABEL_MASTER), 32);
        hkdfRecord(f, "kek-mac-golden", base, ascii(LABEL_MAC), 32);
        hkdfRecord(f, "chunk-id-key-golden", streamBlock(1), ascii(LABEL_CHUNK_ID), 32);
        byte[] elevens = new byte[32];
        Arrays.fill(elevens, (byte) 0x11);
        hkdfRecord(f, "chunk-id-key-check-value", elevens, ascii(LABEL_CHUNK_ID), 32);
        hkdfRecord(f, "plaintext-lane-mac-key", ascii(LANE_IKM), ascii(LANE_INFO), 32);
        hkdfRecord(f, "plaintext-lane-chunk-id-key", new byte[32], ascii(LABEL_CHUNK_ID), 32);
        return f;
    }

    private static void hkdfRecord(VectorFile f, String name, byte[] ikm, byte[] info, int len) {
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("ikm", hex(ikm));
        r.put("info", hex(info));
        r.put("length", Integer.toString(len));
        r.put("okm", hex(Hkdf.sha256(ikm, info, len)));
    }

    // ------------------------------------------------------------------ AES-KW

    static VectorFile aesKw() {
        VectorFile f = file("prim-aeskw.txt", "AES-256 Key Wrap (RFC 3394, default IV a6a6a6a6a6a6a6a6). Keys: name (ASCII), kek,"
                + " key, wrapped (hex). rfc3394-4.6 is RFC 3394 section 4.6; the golden records wrap block(1) (master key) and"
                + " block(2) (MAC key) under the KEKs of prim-hkdf and equal the golden header bytes 44..84 and 84..124.", "4.2");
        byte[] kek = new byte[32];
        for (int i = 0; i < 32; i++) {
            kek[i] = (byte) i;
        }
        kwRecord(f, "rfc3394-4.6", kek, Hex.parse("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f"));
        byte[] base = goldenBaseKek();
        kwRecord(f, "golden-master-key", Hkdf.sha256(base, ascii(LABEL_MASTER), 32), streamBlock(1));
        kwRecord(f, "golden-mac-key", Hkdf.sha256(base, ascii(LABEL_MAC), 32), streamBlock(2));
        return f;
    }

    private static void kwRecord(VectorFile f, String name, byte[] kek, byte[] key) {
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("kek", hex(kek));
        r.put("key", hex(key));
        r.put("wrapped", hex(AesKeyWrap.wrap(kek, key)));
    }

    // ------------------------------------------------------------------ 5 AEAD

    static VectorFile gcmSiv() {
        VectorFile f = file("prim-gcmsiv-rfc8452.txt", "AES-256-GCM-SIV (RFC 8452). Keys: name (ASCII), key, nonce, aad,"
                + " plaintext, ciphertext (hex; ciphertext includes the 16-byte tag). rfc8452-c.2-N are every AEAD_AES_256_GCM_SIV"
                + " case of RFC 8452 appendix C.2 in order, rfc8452-c.3-N the counter-wrap cases of C.3; the aerovault-* records"
                + " use the AAD shapes of SPEC 6.2 and 7.1 under master key block(1), nonce = first 12 bytes of the named block.",
                "5, 6.2, 7.1");
        String[][] cases = SpecVectorAccess.gcmSivRfc8452();
        int c2 = 0;
        int c3 = 0;
        for (String[] c : cases) {
            // The C.3 cases are the ones with the all-zero key (RFC 8452 appendix C.3).
            boolean wrap = c[0].equals("0".repeat(64));
            String name = wrap ? "rfc8452-c.3-" + (++c3) : "rfc8452-c.2-" + (++c2);
            sivRecord(f, name, Hex.parse(c[0]), Hex.parse(c[1]), Hex.parse(c[3]), Hex.parse(c[2]));
        }
        byte[] master = streamBlock(1);
        sivRecord(f, "aerovault-block-index-0", master, Arrays.copyOf(streamBlock(5), 12), ascii("block payload"),
                cat(ascii("AeroVault v3 block"), u64(0), ascii("fc0e0fa30a905d6bf398bf4b8dccbb41")));
        sivRecord(f, "aerovault-block-index-1", master, Arrays.copyOf(streamBlock(6), 12), new byte[0],
                cat(ascii("AeroVault v3 block"), u64(1), ascii("acd0eb8da53a2ca697fb3e5ee4d9a927")));
        // The empty manifest of SPEC 7.6 with the create-save nonce block(3): vault-empty's stored manifest.
        sivRecord(f, "aerovault-manifest-empty", master, Arrays.copyOf(streamBlock(3), 12),
                VaultVectors.EMPTY_MANIFEST.getBytes(StandardCharsets.UTF_8), ascii("AeroVault v3 manifest"));
        return f;
    }

    private static void sivRecord(VectorFile f, String name, byte[] key, byte[] nonce, byte[] pt, byte[] aad) {
        AesGcmSiv siv = new AesGcmSiv(key);
        byte[] ct;
        try {
            ct = siv.seal(nonce, pt, 0, pt.length, aad);
        } finally {
            siv.destroy();
        }
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("key", hex(key));
        r.put("nonce", hex(nonce));
        r.put("aad", hex(aad));
        r.put("plaintext", hex(pt));
        r.put("ciphertext", hex(ct));
    }

    // ------------------------------------------------------------------ BLAKE3

    static byte[] officialInput(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    static VectorFile blake3() {
        VectorFile f = file("prim-blake3.txt", "BLAKE3, 32-byte output. Keys: name (ASCII), key (hex, empty for the unkeyed hash),"
                + " input, output (hex). official-* are the BLAKE3 team's test_vectors.json inputs (byte i = i mod 251, key"
                + " 'whats the Elvish word for friend') up to 3073 bytes; stream-block-c is block(c) of SPEC 16.1; header-check"
                + " is the header check value of SPEC 3.4.", "1.2, 6.2, 16.1, 3.4");
        byte[] key = ascii(SpecVectorAccess.blake3OfficialKey());
        for (String[] c : SpecVectorAccess.blake3Official()) {
            int n = Integer.parseInt(c[0]);
            if (n > 3073) {
                continue;
            }
            b3Record(f, "official-hash-" + n, null, officialInput(n));
            b3Record(f, "official-keyed-" + n, key, officialInput(n));
        }
        for (int c = 0; c < 8; c++) {
            b3Record(f, "stream-block-" + c, null, cat(ascii(STREAM_LABEL), u64(c)));
        }
        b3Record(f, "header-check", null, checkHeader());
        return f;
    }

    /** SPEC §3.4 check-value header. */
    static byte[] checkHeader() {
        byte[] h = new byte[1024];
        System.arraycopy(ascii("AEROVAULT3"), 0, h, 0, 10);
        h[10] = 3;
        Arrays.fill(h, 12, 44, (byte) 1);
        Arrays.fill(h, 44, 84, (byte) 2);
        Arrays.fill(h, 84, 124, (byte) 3);
        System.arraycopy(TreeDigest.le(1024, 4), 0, h, 124, 4);
        long[] v = {1024, 4096, 5120, 256, 5376, 2, 5378, 0};
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(u64(v[i]), 0, h, 128 + 8 * i, 8);
        }
        h[192] = 1;
        return h;
    }

    private static void b3Record(VectorFile f, String name, byte[] key, byte[] input) {
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("key", key == null ? "" : hex(key));
        r.put("input", hex(input));
        r.put("output", hex(key == null ? Blake3.hash(input) : Blake3.keyedHash(key, input, 0, input.length)));
    }

    // ------------------------------------------------------------------ 10 chunk ids

    static byte[] goldenPackChunk() {
        byte[] a5 = new byte[1000];
        Arrays.fill(a5, (byte) 0xA5);
        return cat(a5, ascii("AeroVault v3 cross-impl fixture\n"));
    }

    static VectorFile chunkIds() {
        VectorFile f = file("prim-blake3-keyed-chunk-id.txt", "Chunk ids (blake3-keyed-128 v1). Keys: name (ASCII), master-key,"
                + " chunk-id-key, chunk (hex), id (32 hex characters) where chunk-id-key = HKDF(master-key, 'AeroVault v3 keyed"
                + " BLAKE3 chunk ids') and id = hex(BLAKE3-keyed(chunk-id-key, chunk)[0..16]). golden-pack is the golden fixture's"
                + " pack chunk (1000 bytes a5 then readme.txt) under master key block(1).", "10");
        idRecord(f, "golden-pack", streamBlock(1), goldenPackChunk());
        idRecord(f, "golden-empty-chunk", streamBlock(1), new byte[0]);
        idRecord(f, "plaintext-lane", new byte[32], ascii("hello\n"));
        byte[] elevens = new byte[32];
        Arrays.fill(elevens, (byte) 0x11);
        idRecord(f, "check-value-key", elevens, prng("AEROVAULT3 chunk-id vector", 1025));
        return f;
    }

    private static void idRecord(VectorFile f, String name, byte[] master, byte[] chunk) {
        byte[] k = Hkdf.sha256(master, ascii(LABEL_CHUNK_ID), 32);
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("master-key", hex(master));
        r.put("chunk-id-key", hex(k));
        r.put("chunk", hex(chunk));
        r.put("id", hex(Arrays.copyOf(Blake3.keyedHash(k, chunk, 0, chunk.length), 16)));
    }

    // ------------------------------------------------------------------ 9 gear-CDC

    static VectorFile gearTable() {
        VectorFile f = file("prim-gear-table.txt", "The gear table G[i] = first 8 bytes, as u64 LE, of BLAKE3('AeroVault v3"
                + " gear-cdc table' || byte(i)). Keys: index (decimal), value (decimal u64). All 256 entries.", "9.1");
        for (int i = 0; i < 256; i++) {
            LinkedHashMap<String, String> r = f.record();
            r.put("index", Integer.toString(i));
            r.put("value", Long.toUnsignedString(GearTable.entry(i)));
        }
        return f;
    }

    /** name, label, length, min, avg, max. */
    static final Object[][] CDC_CASES = {
        {"empty", "AEROVAULT3 cdc vector 1", 0, 4096, 8192, 65536},
        {"shorter-than-min", "AEROVAULT3 cdc vector 1", 100, 4096, 8192, 65536},
        {"exactly-min", "AEROVAULT3 cdc vector 1", 4096, 4096, 8192, 65536},
        {"min-plus-one", "AEROVAULT3 cdc vector 1", 4097, 4096, 8192, 65536},
        {"small-bounds", "AEROVAULT3 cdc vector 2", 300000, 4096, 8192, 65536},
        {"forced-max-cuts", "AEROVAULT3 cdc vector 3", 200000, 4096, 16384, 16384},
        {"min-equals-avg", "AEROVAULT3 cdc vector 4", 100000, 4096, 4096, 8192},
        {"default-bounds", "AEROVAULT3 cdc vector 5", 6000000, 262144, 1048576, 4194304},
    };

    static VectorFile cdc() {
        VectorFile f = file("prim-cdc-boundaries.txt", "Gear-CDC cut points (SPEC 9.2). Keys: name, input-label (hex of an"
                + " ASCII label), input-len, min, avg, max (decimal), cuts (comma-separated exclusive chunk ends, ascending; empty"
                + " when there are no chunks). The input is the first input-len bytes of BLAKE3(label || u64(0)) ||"
                + " BLAKE3(label || u64(1)) || ... (u64 little-endian).", "9.2, 9.4");
        for (Object[] c : CDC_CASES) {
            byte[] data = prng((String) c[1], (Integer) c[2]);
            int[] cuts = GearChunker.cutPoints(data, new CdcBounds((Integer) c[3], (Integer) c[4], (Integer) c[5]));
            LinkedHashMap<String, String> r = f.record();
            r.put("name", (String) c[0]);
            r.put("input-label", hex(ascii((String) c[1])));
            r.put("input-len", c[2].toString());
            r.put("min", c[3].toString());
            r.put("avg", c[4].toString());
            r.put("max", c[5].toString());
            StringBuilder sb = new StringBuilder();
            for (int cut : cuts) {
                sb.append(sb.length() == 0 ? "" : ",").append(cut);
            }
            r.put("cuts", sb.toString());
        }
        return f;
    }

    // ------------------------------------------------------------------ 11 zstd

    static VectorFile zstd() {
        VectorFile f = file("prim-zstd-frame.txt", "zstd frames as the reference writes them (SPEC 11.2: streaming encoder never"
                + " told the input size; libzstd via zstd-jni 1.5.7). Keys: name (ASCII), level (decimal), input, frame (hex)."
                + " golden-pack is the golden fixture's pack chunk; the level-9 frame is the fixture's stored payload of block"
                + " index 1.", "11.2, 11.3");
        byte[] pack = goldenPackChunk();
        for (int level : new int[] {1, 3, 9, 19}) {
            zRecord(f, "golden-pack-level-" + level, level, pack);
        }
        zRecord(f, "empty", 9, new byte[0]);
        zRecord(f, "hello", 9, ascii("hello\n"));
        zRecord(f, "incompressible-1000", 3, prng("AEROVAULT3 zstd vector", 1000));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        zRecord(f, "text-level-9", 9, ascii(text.toString()));
        zRecord(f, "text-level-19", 19, ascii(text.toString()));
        return f;
    }

    private static void zRecord(VectorFile f, String name, int level, byte[] input) {
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("level", Integer.toString(level));
        r.put("input", hex(input));
        r.put("frame", hex(ChunkCompressor.frame(input, 0, input.length, level)));
    }

    // ------------------------------------------------------------------ 13.4 Reed-Solomon

    static VectorFile rsParity() {
        VectorFile f = file("prim-rs-parity.txt", "Reed-Solomon parity over GF(2^8)/0x11d, coding matrix V * inverse(top K rows"
                + " of V), V[r][c] = r^c (SPEC 13.4). Keys: name, k, p, shard-len (decimal), data (hex: the K data shards"
                + " concatenated), parity (hex: the P parity shards concatenated). unit-* use data shard i = byte 1 at"
                + " position i, so parity shard p byte i is matrix entry E[K+p][i]; stream-* data is the first K*shard-len bytes of"
                + " the SPEC 16.1 construction with label 'AEROVAULT3 rs vector'.", "13.4");
        int[][] geometries = {{2, 1}, {4, 2}, {7, 2}, {8, 2}, {10, 2}, {13, 2}, {14, 1}, {20, 1}, {20, 2}};
        for (int[] g : geometries) {
            int k = g[0];
            byte[][] shards = new byte[k + g[1]][k];
            for (int i = 0; i < k; i++) {
                shards[i][i] = 1;
            }
            rsRecord(f, "unit-k" + k + "-p" + g[1], k, g[1], k, shards);
        }
        for (int[] g : new int[][] {{2, 1}, {10, 2}, {13, 2}, {14, 1}}) {
            int k = g[0];
            int len = 16;
            byte[] data = prng("AEROVAULT3 rs vector", k * len);
            byte[][] shards = new byte[k + g[1]][len];
            for (int i = 0; i < k; i++) {
                System.arraycopy(data, i * len, shards[i], 0, len);
            }
            rsRecord(f, "stream-k" + k + "-p" + g[1], k, g[1], len, shards);
        }
        return f;
    }

    // ------------------------------------------------------------------ 13.4 AVEC, 14 .aerocorrect

    /** name, pct, stream length; stream = prng("AEROVAULT3 avec vector", length). */
    static final Object[][] AVEC_CASES = {
        {"one-byte-default", 20, 1},
        {"cross-impl-size-medium", 15, 999},
        {"exact-shard-low", 7, 4096},
        {"ten-shards-default", 20, 40960},
        {"low-k14-p1", 7, 100000},
        {"high-k7-p2", 30, 200000},
        {"multi-group-k4-p2", 50, 11 * 1048576 + 12345},
    };

    static VectorFile avec() {
        VectorFile f = file("prim-avec-header.txt", "AVEC payloads, version 2 (SPEC 13.3, 13.4). Keys: name (ASCII), pct, k, p,"
                + " stream-len (decimal), stream-label (hex of an ASCII label; the stream is the first stream-len bytes of"
                + " BLAKE3(label || u64(0)) || BLAKE3(label || u64(1)) || ...), geometry (hex: the 32-byte geometry header),"
                + " payload-len (decimal), payload-blake3 (hex: BLAKE3 of the whole payload).", "13.3, 13.4");
        for (Object[] c : AVEC_CASES) {
            int pct = (Integer) c[1];
            org.vaultfs.ecc.EcGrid grid = org.vaultfs.ecc.EcGrid.forPct(pct);
            byte[] stream = prng("AEROVAULT3 avec vector", (Integer) c[2]);
            byte[] payload = org.vaultfs.ecc.AvecEncoder.encode(stream, grid);
            LinkedHashMap<String, String> r = f.record();
            r.put("name", (String) c[0]);
            r.put("pct", Integer.toString(pct));
            r.put("k", Integer.toString(grid.k()));
            r.put("p", Integer.toString(grid.p()));
            r.put("stream-len", c[2].toString());
            r.put("stream-label", hex(ascii("AEROVAULT3 avec vector")));
            r.put("geometry", hex(Arrays.copyOf(payload, 32)));
            r.put("payload-len", Integer.toString(payload.length));
            r.put("payload-blake3", hex(Blake3.hash(payload)));
        }
        return f;
    }

    static VectorFile aerocorrect() {
        VectorFile f = file("prim-aerocorrect-header.txt", "Standalone .aerocorrect sidecars, version 2 (SPEC 14.1, 14.3). Keys:"
                + " name (ASCII), pct, file-len (decimal), file-label (hex of an ASCII label; the protected file is the first"
                + " file-len bytes of the SPEC 16.1 construction with that label), head (hex: bytes 0 .. 21 + 3 * (DIR_LEN + 32),"
                + " i.e. magic, version, the three segment counts and the three directory copies with their checksums),"
                + " sidecar-len (decimal), sidecar-blake3 (hex: BLAKE3 of the whole sidecar).", "14.1, 14.3");
        Object[][] cases = {{"empty-file", 20, 0}, {"cross-impl-size-medium", 15, 999}, {"low", 7, 5000}};
        Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("aerocorrect-vector");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            for (Object[] c : cases) {
                int pct = (Integer) c[1];
                int n = (Integer) c[2];
                byte[] content = prng("AEROVAULT3 aerocorrect vector", n);
                Path file = dir.resolve((String) c[0]);
                Path side = dir.resolve(c[0] + ".aerocorrect");
                java.nio.file.Files.write(file, content);
                new org.vaultfs.ecc.StandaloneCorrector(1).generate(file, pct, side);
                byte[] sc = java.nio.file.Files.readAllBytes(side);
                int segments = (int) (n == 0 ? 1 : (n + (64L << 20) - 1) / (64L << 20));
                int headLen = 21 + 3 * (72 + 56 * segments + 32);
                LinkedHashMap<String, String> r = f.record();
                r.put("name", (String) c[0]);
                r.put("pct", Integer.toString(pct));
                r.put("file-len", Integer.toString(n));
                r.put("file-label", hex(ascii("AEROVAULT3 aerocorrect vector")));
                r.put("head", hex(Arrays.copyOf(sc, headLen)));
                r.put("sidecar-len", Integer.toString(sc.length));
                r.put("sidecar-blake3", hex(Blake3.hash(sc)));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            VectorGenerator.deleteTree(dir);
        }
        return f;
    }

    private static void rsRecord(VectorFile f, String name, int k, int p, int len, byte[][] shards) {
        new ReedSolomon(k, p).encodeParity(shards, 0, len);
        LinkedHashMap<String, String> r = f.record();
        r.put("name", name);
        r.put("k", Integer.toString(k));
        r.put("p", Integer.toString(p));
        r.put("shard-len", Integer.toString(len));
        r.put("data", hex(cat(Arrays.copyOf(shards, k))));
        r.put("parity", hex(cat(Arrays.copyOfRange(shards, k, k + p))));
    }
}
