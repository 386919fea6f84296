package org.vaultfs.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.Blake3Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.chunking.GearChunker;
import org.vaultfs.chunking.GearTable;
import org.vaultfs.compression.ChunkCompressor;
import org.vaultfs.compression.ChunkDecompressor;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.AesKeyWrap;
import org.vaultfs.crypt.Argon2id;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.crypt.Hkdf;
import org.vaultfs.crypt.SpecVectorAccess;
import org.vaultfs.ecc.ReedSolomon;
import org.vaultfs.testing.Fixtures;

/**
 * Record-by-record checks of the primitive vectors. Each record is checked twice: vaultfs must
 * reproduce it, and an implementation that shares no code with vaultfs must agree (Bouncy
 * Castle's BLAKE3, HKDF, AES-KW and AES-GCM-SIV; the naive gear-CDC, GF(2^8) and Reed-Solomon
 * code below, written from SPEC §9 and §13.4), plus the published values each file names (RFC
 * 9106, 5869, 3394, 8452, the BLAKE3 team's vectors, the check values printed in SPEC) and,
 * when ../shared/fixtures is present, the reference's golden fixture.
 */
final class PrimitiveChecks {
    private PrimitiveChecks() {
    }

    static void check(VectorFile f) throws Exception {
        assertTrue(f.records.size() > 0, f.name + ": no records");
        switch (f.name) {
            case "prim-argon2id.txt" -> argon2id(f);
            case "prim-hkdf.txt" -> hkdf(f);
            case "prim-aeskw.txt" -> aesKw(f);
            case "prim-gcmsiv-rfc8452.txt" -> gcmSiv(f);
            case "prim-blake3.txt" -> blake3(f);
            case "prim-blake3-keyed-chunk-id.txt" -> chunkIds(f);
            case "prim-gear-table.txt" -> gearTable(f);
            case "prim-cdc-boundaries.txt" -> cdc(f);
            case "prim-zstd-frame.txt" -> zstd(f);
            case "prim-rs-parity.txt" -> rs(f);
            case "prim-avec-header.txt" -> avec(f);
            case "prim-aerocorrect-header.txt" -> aerocorrect(f);
            default -> throw new AssertionError("no checker for " + f.name);
        }
    }

    static byte[] h(Map<String, String> r, String k) {
        String v = r.get(k);
        if (v == null) {
            throw new AssertionError("record lacks " + k + ": " + r);
        }
        return Hex.parse(v);
    }

    static int i(Map<String, String> r, String k) {
        return Integer.parseInt(r.get(k));
    }

    static Map<String, String> named(VectorFile f, String name) {
        return f.records.stream().filter(r -> name.equals(r.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(f.name + " lacks record " + name));
    }

    /** The golden fixture's bytes, or null (the golden cross-checks are then skipped, with a note). */
    static byte[] golden() throws Exception {
        Path d = Fixtures.dir();
        Path g = d == null ? null : d.resolve("aerovault3_golden.av3");
        if (g == null || !Files.isRegularFile(g)) {
            Fixtures.failOnCi("golden fixture aerovault3_golden.av3");
            System.err.println("NOTE: golden fixture absent; golden cross-checks of the primitive vectors skipped");
            return null;
        }
        return Files.readAllBytes(g);
    }

    // ---------------------------------------------------------------- Argon2id

    static void argon2id(VectorFile f) throws Exception {
        for (Map<String, String> r : f.records) {
            byte[] secret = h(r, "secret");
            byte[] ad = h(r, "ad");
            Argon2BytesGenerator g = new Argon2BytesGenerator();
            g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(i(r, "memory-kib")).withIterations(i(r, "iterations")).withParallelism(i(r, "lanes"))
                    .withSalt(h(r, "salt")).withSecret(secret).withAdditional(ad).build());
            byte[] out = new byte[32];
            g.generateBytes(h(r, "password"), out);
            assertArrayEquals(h(r, "output"), out, r.get("name"));
            if (secret.length == 0 && ad.length == 0) {
                assertArrayEquals(h(r, "output"), Argon2id.derive(h(r, "password"), h(r, "salt"), i(r, "memory-kib"),
                        i(r, "iterations"), i(r, "lanes")), "vaultfs " + r.get("name"));
            }
        }
        // RFC 9106 section 5.3, the published tag.
        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", named(f, "rfc9106-5.3").get("output"));
        // The AeroVault profile record is proven by the golden fixture in aesKw (its keys unwrap).
    }

    // ---------------------------------------------------------------- HKDF

    static byte[] bcHkdf(byte[] ikm, byte[] info, int len) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, null, info));
        byte[] out = new byte[len];
        g.generateBytes(out, 0, len);
        return out;
    }

    static void hkdf(VectorFile f) {
        for (Map<String, String> r : f.records) {
            byte[] okm = h(r, "okm");
            assertArrayEquals(okm, bcHkdf(h(r, "ikm"), h(r, "info"), i(r, "length")), "Bouncy Castle " + r.get("name"));
            assertArrayEquals(okm, Hkdf.sha256(h(r, "ikm"), h(r, "info"), i(r, "length")), "vaultfs " + r.get("name"));
        }
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                named(f, "rfc5869-a.3").get("okm"), "RFC 5869 A.3");
        assertEquals("7773bb7d76fa136062ea5d1a8c3747700298bb19a386edb12dd3db30520f4414",
                named(f, "chunk-id-key-check-value").get("okm"), "SPEC 4.2 check value");
        assertEquals("8c2c41506c522a3698ea4842959f8cb4b87a2fc87d911d07c77b920127c21119",
                named(f, "plaintext-lane-chunk-id-key").get("okm"), "SPEC 10 plaintext-lane chunk-id key");
    }

    // ---------------------------------------------------------------- AES-KW

    static void aesKw(VectorFile f) throws Exception {
        for (Map<String, String> r : f.records) {
            AESWrapEngine e = new AESWrapEngine();
            e.init(true, new KeyParameter(h(r, "kek")));
            byte[] key = h(r, "key");
            assertArrayEquals(h(r, "wrapped"), e.wrap(key, 0, key.length), "Bouncy Castle " + r.get("name"));
            assertArrayEquals(h(r, "wrapped"), AesKeyWrap.wrap(h(r, "kek"), key), "vaultfs " + r.get("name"));
            assertArrayEquals(key, AesKeyWrap.unwrap(h(r, "kek"), h(r, "wrapped")), "vaultfs unwrap " + r.get("name"));
        }
        assertEquals("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21",
                named(f, "rfc3394-4.6").get("wrapped"), "RFC 3394 4.6");
        byte[] g = golden();
        if (g != null) {
            // The reference wrote these header bytes: Argon2id profile, HKDF labels and KW all agree.
            assertEquals(named(f, "golden-master-key").get("wrapped"), Hex.of(Arrays.copyOfRange(g, 44, 84)));
            assertEquals(named(f, "golden-mac-key").get("wrapped"), Hex.of(Arrays.copyOfRange(g, 84, 124)));
            assertEquals(Hex.of(Primitives.streamBlock(0)), Hex.of(Arrays.copyOfRange(g, 12, 44)), "golden salt = block(0)");
        }
    }

    // ---------------------------------------------------------------- AES-GCM-SIV

    static byte[] bcSiv(boolean seal, byte[] key, byte[] nonce, byte[] aad, byte[] in) throws Exception {
        GCMSIVBlockCipher c = new GCMSIVBlockCipher();
        c.init(seal, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        return Arrays.copyOf(out, n);
    }

    static void gcmSiv(VectorFile f) throws Exception {
        String[][] rfc = SpecVectorAccess.gcmSivRfc8452();
        int rfcSeen = 0;
        for (Map<String, String> r : f.records) {
            byte[] key = h(r, "key");
            byte[] nonce = h(r, "nonce");
            byte[] aad = h(r, "aad");
            byte[] pt = h(r, "plaintext");
            byte[] ct = h(r, "ciphertext");
            assertArrayEquals(ct, bcSiv(true, key, nonce, aad, pt), "Bouncy Castle " + r.get("name"));
            assertArrayEquals(pt, bcSiv(false, key, nonce, aad, ct), "Bouncy Castle open " + r.get("name"));
            AesGcmSiv siv = new AesGcmSiv(key);
            assertArrayEquals(ct, siv.seal(nonce, pt, 0, pt.length, aad), "vaultfs " + r.get("name"));
            assertArrayEquals(pt, siv.open(nonce, ct, 0, ct.length, aad), "vaultfs open " + r.get("name"));
            siv.destroy();
            if (r.get("name").startsWith("rfc8452-")) {
                // Published ciphertexts, in RFC order.
                assertEquals(rfc[rfcSeen++][4], r.get("ciphertext"), r.get("name"));
            }
        }
        assertEquals(rfc.length, rfcSeen, "every RFC 8452 C.2/C.3 case is in the file");
        assertEquals(24, f.records.stream().filter(r -> r.get("name").startsWith("rfc8452-c.2-")).count(),
                "RFC 8452 appendix C.2 has 24 AEAD_AES_256_GCM_SIV cases");
        Map<String, String> em = named(f, "aerovault-manifest-empty");
        assertEquals(VaultVectors.EMPTY_MANIFEST, new String(h(em, "plaintext"), java.nio.charset.StandardCharsets.UTF_8));
        // SPEC 7.6 writer rule: vault-empty's stored manifest is exactly nonce || seal of the printed example.
        Path ve = VectorGenerator.vectorDir().resolve("vault-empty.txt");
        byte[] vault = VectorFile.parse("vault-empty.txt", Files.readAllBytes(ve)).payload;
        int mo = (int) VaultVectors.u64At(vault, 144);
        int ml = (int) VaultVectors.u64At(vault, 152);
        assertEquals(em.get("nonce") + em.get("ciphertext"), Hex.of(Arrays.copyOfRange(vault, mo, mo + ml)),
                "vault-empty's manifest is the SPEC 7.6 example");
    }

    // ---------------------------------------------------------------- BLAKE3

    static byte[] bcBlake3(byte[] key, byte[] in) {
        Blake3Digest d = new Blake3Digest(256);
        if (key != null) {
            d.init(Blake3Parameters.key(key));
        }
        d.update(in, 0, in.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    static void blake3(VectorFile f) {
        for (Map<String, String> r : f.records) {
            byte[] key = r.get("key").isEmpty() ? null : h(r, "key");
            byte[] in = h(r, "input");
            byte[] out = h(r, "output");
            assertArrayEquals(out, bcBlake3(key, in), "Bouncy Castle " + r.get("name"));
            assertArrayEquals(out, key == null ? Blake3.hash(in) : Blake3.keyedHash(key, in, 0, in.length), "vaultfs " + r.get("name"));
        }
        int official = 0;
        for (String[] c : SpecVectorAccess.blake3Official()) {
            if (Integer.parseInt(c[0]) <= 3073) {
                assertEquals(c[1].substring(0, 64), named(f, "official-hash-" + c[0]).get("output"));
                assertEquals(c[2].substring(0, 64), named(f, "official-keyed-" + c[0]).get("output"));
                official++;
            }
        }
        assertTrue(official >= 8, "official BLAKE3 cases present");
        assertEquals("10c901bf6a339b612489e66c7764483835063c3918e061158e1278cf5d3f50de", named(f, "stream-block-0").get("output"),
                "SPEC 16.1 check value");
        assertEquals("77cecd7ba9f74fe3683e99d2ff7774915d00914e55bdf059d63df0915d92e9d3", named(f, "header-check").get("output"),
                "SPEC 3.4 check value");
    }

    // ---------------------------------------------------------------- chunk ids

    static void chunkIds(VectorFile f) throws Exception {
        for (Map<String, String> r : f.records) {
            byte[] k = bcHkdf(h(r, "master-key"), Primitives.ascii(Primitives.LABEL_CHUNK_ID), 32);
            assertArrayEquals(h(r, "chunk-id-key"), k, r.get("name"));
            byte[] chunk = h(r, "chunk");
            assertEquals(r.get("id"), Hex.of(Arrays.copyOf(bcBlake3(k, chunk), 16)), "Bouncy Castle " + r.get("name"));
            assertEquals(r.get("id"), Hex.of(Arrays.copyOf(Blake3.keyedHash(k, chunk, 0, chunk.length), 16)), "vaultfs " + r.get("name"));
        }
        // SPEC 10 golden check values (read from the fixture by decryption when the spec was written).
        assertEquals("acd0eb8da53a2ca697fb3e5ee4d9a927", named(f, "golden-pack").get("id"));
        byte[] k = h(named(f, "golden-pack"), "chunk-id-key");
        byte[] big = Fixtures.goldenBig();
        assertEquals("fc0e0fa30a905d6bf398bf4b8dccbb41", Hex.of(Arrays.copyOf(bcBlake3(k, big), 16)), "golden big.bin id");
    }

    // ---------------------------------------------------------------- gear-CDC

    static long[] oracleTable() {
        long[] t = new long[256];
        for (int i = 0; i < 256; i++) {
            byte[] hsh = bcBlake3(null, Primitives.cat(Primitives.ascii("AeroVault v3 gear-cdc table"), new byte[] {(byte) i}));
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = v << 8 | (hsh[b] & 0xff);
            }
            t[i] = v;
        }
        return t;
    }

    static void gearTable(VectorFile f) throws Exception {
        assertEquals(256, f.records.size());
        long[] t = oracleTable();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map<String, String> r : f.records) {
            int idx = i(r, "index");
            long v = Long.parseUnsignedLong(r.get("value"));
            assertEquals(t[idx], v, "BLAKE3 derivation of G[" + idx + "]");
            assertEquals(GearTable.entry(idx), v, "vaultfs G[" + idx + "]");
            sha.update(TreeDigest.le(v, 8));
        }
        assertEquals("977e28421318c6f7853f3261f6e641a450082f3669a022313cb17990b86578e4", Hex.of(sha.digest()), "SPEC 9.1 table hash");
        assertEquals(0x53dbd917e3943916L, t[0]);
        assertEquals(0xdc92f57748648abbL, t[1]);
        assertEquals(0x8d24982cc383e438L, t[42]);
        assertEquals(0x977534ae5d747ddaL, t[255]);
    }

    /** SPEC 9.2, transcribed literally. */
    static List<Integer> oracleCuts(byte[] d, long min, long avg, long max, long[] g) {
        List<Integer> cuts = new ArrayList<>();
        int n = d.length;
        if (n == 0) {
            return cuts;
        }
        if (n <= min) {
            cuts.add(n);
            return cuts;
        }
        long hsh = 0;
        long mask = avg - 1;
        int start = 0;
        for (int i = 0; i < n; i++) {
            hsh = Long.rotateLeft(hsh, 1) + g[d[i] & 0xff];
            long len = i + 1 - start;
            if (len >= min && ((hsh & mask) == 0 || len >= max)) {
                cuts.add(i + 1);
                start = i + 1;
                hsh = 0;
            }
        }
        if (start < n) {
            cuts.add(n);
        }
        return cuts;
    }

    static byte[] prngIndependent(byte[] label, int n) {
        byte[] out = new byte[n];
        for (int c = 0, o = 0; o < n; c++, o += 32) {
            byte[] b = bcBlake3(null, Primitives.cat(label, TreeDigest.le(c, 8)));
            System.arraycopy(b, 0, out, o, Math.min(32, n - o));
        }
        return out;
    }

    static void cdc(VectorFile f) {
        long[] g = oracleTable();
        for (Map<String, String> r : f.records) {
            byte[] d = prngIndependent(h(r, "input-label"), i(r, "input-len"));
            List<Integer> expected = new ArrayList<>();
            for (String s : r.get("cuts").split(",")) {
                if (!s.isEmpty()) {
                    expected.add(Integer.parseInt(s));
                }
            }
            assertEquals(expected, oracleCuts(d, i(r, "min"), i(r, "avg"), i(r, "max"), g), "oracle " + r.get("name"));
            int[] lib = GearChunker.cutPoints(d, new CdcBounds(i(r, "min"), i(r, "avg"), i(r, "max")));
            assertEquals(expected, Arrays.stream(lib).boxed().toList(), "vaultfs " + r.get("name"));
        }
    }

    // ---------------------------------------------------------------- zstd

    static void zstd(VectorFile f) throws Exception {
        for (Map<String, String> r : f.records) {
            byte[] in = h(r, "input");
            byte[] frame = h(r, "frame");
            assertArrayEquals(frame, ChunkCompressor.frame(in, 0, in.length, i(r, "level")), "vaultfs " + r.get("name"));
            // SPEC 11.2: magic, then descriptor 0x00 (no content size, not single-segment, no checksum).
            // Empty input (never compressed in a vault: empty files have no chunks) is the exception:
            // libzstd then sees the end of input on its first call and writes a single-segment frame.
            assertEquals(in.length == 0 ? "28b52ffd20" : "28b52ffd00", Hex.of(Arrays.copyOf(frame, 5)), r.get("name") + " frame header");
            byte[] back = new byte[in.length + 1];
            int n = new ZstdDecompressCtx().decompressByteArray(back, 0, back.length, frame, 0, frame.length);
            assertArrayEquals(in, Arrays.copyOf(back, n), "libzstd decodes " + r.get("name"));
            assertArrayEquals(in, ChunkDecompressor.decode(frame, 0, frame.length, in.length, 1 << 20), "vaultfs decodes " + r.get("name"));
        }
        byte[] g = golden();
        if (g != null) {
            // Golden block index 1 (the pack chunk) is the second record (SPEC 16.2: blocks of 119 and 78 bytes).
            int at = 1024 + 8 + (int) VaultVectors.u64At(g, 1024);
            int len = (int) VaultVectors.u64At(g, at);
            assertEquals(78, len, "golden second block length");
            byte[] block = Arrays.copyOfRange(g, at + 8, at + 8 + len);
            byte[] aad = Primitives.cat(Primitives.ascii("AeroVault v3 block"), Primitives.u64(1),
                    Primitives.ascii("acd0eb8da53a2ca697fb3e5ee4d9a927"));
            byte[] payload = bcSiv(false, Primitives.streamBlock(1), Arrays.copyOf(block, 12), aad,
                    Arrays.copyOfRange(block, 12, block.length));
            assertEquals(named(f, "golden-pack-level-9").get("frame"), Hex.of(payload), "the reference's own frame");
        }
    }

    // ---------------------------------------------------------------- Reed-Solomon

    static final int[] EXP = new int[512];
    static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= 0x11d;
            }
        }
        for (int i = 255; i < 512; i++) {
            EXP[i] = EXP[i - 255];
        }
    }

    static int mul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    static int pow(int a, int n) {
        int r = 1;
        for (int i = 0; i < n; i++) {
            r = mul(r, a);
        }
        return r;
    }

    /** Gauss-Jordan inverse over GF(2^8). */
    static int[][] invert(int[][] m) {
        int n = m.length;
        int[][] a = new int[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            while (a[p][c] == 0) {
                p++;
            }
            int[] t = a[p];
            a[p] = a[c];
            a[c] = t;
            int inv = EXP[255 - LOG[a[c][c]]];
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] = mul(a[c][j], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    int k = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] ^= mul(k, a[c][j]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, out[i], 0, n);
        }
        return out;
    }

    /** Coding matrix row K+q of SPEC 13.4, computed independently. */
    static int[][] parityRows(int k, int p) {
        int[][] top = new int[k][k];
        for (int row = 0; row < k; row++) {
            for (int c = 0; c < k; c++) {
                top[row][c] = pow(row, c);
            }
        }
        int[][] inv = invert(top);
        int[][] e = new int[p][k];
        for (int q = 0; q < p; q++) {
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < k; j++) {
                    e[q][c] ^= mul(pow(k + q, j), inv[j][c]);
                }
            }
        }
        return e;
    }

    /** SPEC 13.4 transcribed: the AVEC payload of {@code d} for grid (k, p). */
    static byte[] avecIndependent(byte[] d, int k, int p) {
        long l = d.length;
        if (l == 0) {
            return new byte[0];
        }
        int s = (int) Math.min(Math.max((l + k - 1) / k, 4096), 1048576);
        int numData = (int) ((l + s - 1) / s);
        int groups = (numData + k - 1) / k;
        int[][] e = parityRows(k, p);
        java.io.ByteArrayOutputStream sums = new java.io.ByteArrayOutputStream();
        byte[][] shards = new byte[groups * k][];
        for (int i = 0; i < groups * k; i++) {
            shards[i] = new byte[s];
            if (i < numData) {
                System.arraycopy(d, i * s, shards[i], 0, (int) Math.min(s, l - (long) i * s));
                sums.writeBytes(Arrays.copyOf(bcBlake3(null, shards[i]), 16));
            }
        }
        byte[][] parity = new byte[groups * p][s];
        for (int g = 0; g < groups; g++) {
            for (int q = 0; q < p; q++) {
                byte[] out = parity[g * p + q];
                for (int c = 0; c < k; c++) {
                    int coef = e[q][c];
                    byte[] in = shards[g * k + c];
                    for (int b = 0; b < s; b++) {
                        out[b] ^= (byte) mul(coef, in[b] & 0xff);
                    }
                }
            }
        }
        for (byte[] par : parity) {
            sums.writeBytes(Arrays.copyOf(bcBlake3(null, par), 16));
        }
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.put(Primitives.ascii("AVEC")).putShort((short) 2).putShort((short) k).putShort((short) p).putInt(s).putLong(l);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(sums.toByteArray());
        for (byte[] par : parity) {
            out.writeBytes(par);
        }
        return out.toByteArray();
    }

    static int[] grid(int pct) {
        pct = Math.max(5, Math.min(50, pct));
        int p = pct < 10 ? 1 : 2;
        return new int[] {Math.max(2, (p * 100 + pct / 2) / pct), p};
    }

    static void avec(VectorFile f) {
        for (Map<String, String> r : f.records) {
            int[] kp = grid(i(r, "pct"));
            assertEquals(kp[0], i(r, "k"), "SPEC 13.3 K " + r.get("name"));
            assertEquals(kp[1], i(r, "p"), "SPEC 13.3 P " + r.get("name"));
            byte[] stream = prngIndependent(h(r, "stream-label"), i(r, "stream-len"));
            byte[] payload = avecIndependent(stream, kp[0], kp[1]);
            assertEquals(r.get("geometry"), Hex.of(Arrays.copyOf(payload, 32)), "geometry " + r.get("name"));
            assertEquals(i(r, "payload-len"), payload.length, "length " + r.get("name"));
            assertEquals(r.get("payload-blake3"), Hex.of(bcBlake3(null, payload)), "payload " + r.get("name"));
            byte[] lib = org.vaultfs.ecc.AvecEncoder.encode(stream, new org.vaultfs.ecc.EcGrid(kp[0], kp[1]));
            assertEquals(r.get("payload-blake3"), Hex.of(bcBlake3(null, lib)), "vaultfs " + r.get("name"));
        }
        // SPEC 13.3 table.
        int[][] table = {{7, 14, 1}, {15, 13, 2}, {20, 10, 2}, {25, 8, 2}, {30, 7, 2}, {5, 20, 1}, {10, 20, 2}, {50, 4, 2}};
        for (int[] t : table) {
            assertArrayEquals(new int[] {t[1], t[2]}, grid(t[0]), "pct " + t[0]);
        }
    }

    static void aerocorrect(VectorFile f) throws Exception {
        for (Map<String, String> r : f.records) {
            int n = i(r, "file-len");
            byte[] content = prngIndependent(h(r, "file-label"), n);
            int[] kp = grid(i(r, "pct"));
            // SPEC 14.1/14.3 transcribed for a single-window file.
            assertTrue(n <= 64 << 20, "vector files are one window");
            byte[] avec = avecIndependent(content, kp[0], kp[1]);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(content);
            java.nio.ByteBuffer dir = java.nio.ByteBuffer.allocate(72 + 56).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            dir.putLong(n).put(bcBlake3(null, Primitives.cat(Primitives.ascii("aerocorrect-binding-v1"), sha))).put(sha);
            dir.putLong(0).putLong(n).putLong(avec.length).put(Arrays.copyOf(avec, 32));
            byte[] d = dir.array();
            java.io.ByteArrayOutputStream sc = new java.io.ByteArrayOutputStream();
            sc.writeBytes(Primitives.ascii("AEROCORR"));
            sc.write(2);
            for (int c = 0; c < 3; c++) {
                sc.writeBytes(TreeDigest.le(1, 4));
            }
            for (int c = 0; c < 3; c++) {
                sc.writeBytes(d);
                sc.writeBytes(bcBlake3(null, d));
            }
            sc.writeBytes(avec);
            byte[] side = sc.toByteArray();
            assertEquals(r.get("head"), Hex.of(Arrays.copyOf(side, 21 + 3 * (d.length + 32))), "head " + r.get("name"));
            assertEquals(i(r, "sidecar-len"), side.length, "length " + r.get("name"));
            assertEquals(r.get("sidecar-blake3"), Hex.of(bcBlake3(null, side)), "sidecar " + r.get("name"));
        }
        Path d = Fixtures.dir();
        if (d == null || !Files.isRegularFile(d.resolve("cross_impl_payload.bin.aerocorrect"))) {
            Fixtures.failOnCi("fixture cross_impl_payload.bin.aerocorrect");
        } else {
            // The same transcription reproduces the reference's own sidecar (SPEC 14.3 fixture).
            byte[] content = Files.readAllBytes(d.resolve("cross_impl_payload.bin"));
            byte[] avec = avecIndependent(content, 13, 2);
            byte[] ref = Files.readAllBytes(d.resolve("cross_impl_payload.bin.aerocorrect"));
            assertArrayEquals(avec, Arrays.copyOfRange(ref, ref.length - avec.length, ref.length), "reference AVEC payload");
        }
    }

    static void rs(VectorFile f) {
        for (Map<String, String> r : f.records) {
            int k = i(r, "k");
            int p = i(r, "p");
            int len = i(r, "shard-len");
            byte[] data = h(r, "data");
            byte[] parity = h(r, "parity");
            assertEquals(k * len, data.length);
            assertEquals(p * len, parity.length);
            int[][] top = new int[k][k];
            for (int row = 0; row < k; row++) {
                for (int c = 0; c < k; c++) {
                    top[row][c] = pow(row, c);
                }
            }
            int[][] inv = invert(top);
            byte[] expect = new byte[p * len];
            for (int q = 0; q < p; q++) {
                int row = k + q;
                for (int c = 0; c < k; c++) {
                    int e = 0; // E[row][c] = sum_j V[row][j] * inv[j][c]
                    for (int j = 0; j < k; j++) {
                        e ^= mul(pow(row, j), inv[j][c]);
                    }
                    for (int b = 0; b < len; b++) {
                        expect[q * len + b] ^= (byte) mul(e, data[c * len + b] & 0xff);
                    }
                }
            }
            assertArrayEquals(parity, expect, "independent GF(2^8) code " + r.get("name"));
            byte[][] shards = new byte[k + p][len];
            for (int c = 0; c < k; c++) {
                System.arraycopy(data, c * len, shards[c], 0, len);
            }
            new ReedSolomon(k, p).encodeParity(shards, 0, len);
            for (int q = 0; q < p; q++) {
                assertArrayEquals(Arrays.copyOfRange(parity, q * len, (q + 1) * len), shards[k + q], "vaultfs " + r.get("name"));
            }
        }
    }

}
