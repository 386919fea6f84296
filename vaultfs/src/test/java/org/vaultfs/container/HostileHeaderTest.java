package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.vaultfs.container.HostileSupport.PW;
import static org.vaultfs.container.HostileSupport.assertSameListing;
import static org.vaultfs.container.HostileSupport.bytes;
import static org.vaultfs.container.HostileSupport.expectFailure;
import static org.vaultfs.container.HostileSupport.expectFailureWithin;
import static org.vaultfs.container.HostileSupport.listing;
import static org.vaultfs.container.HostileSupport.openAndReadAll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Corrupt;

/**
 * Hostile headers and whole-file damage: not-a-vault inputs, truncation at every region,
 * one flipped bit in every header field, forged header fields with a valid MAC, and lengths
 * sized to exhaust memory (refused before any allocation). Expected failures follow
 * SPEC.md §3.4 and §15.
 */
class HostileHeaderTest {
    /** Refusing a hostile length must not cost more than this (the header alone is 1 KiB). */
    static final long SMALL_ALLOCATION = 8L << 20;

    @TempDir
    static Path dir;
    static Path vault;
    static byte[] original;

    @BeforeAll
    static void buildVictim() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("readme.txt", "a small hostile-test vault\n".getBytes(StandardCharsets.UTF_8));
        byte[] mid = new byte[300_000];
        new Random(7).nextBytes(mid);
        files.put("data/mid.bin", mid);
        vault = HostileSupport.buildVault(dir.resolve("victim.av3"), files, List.of("emptydir"));
        original = bytes(vault);
        openAndReadAll(vault); // the victim itself must be sound, or every refusal below proves nothing
    }

    private Path copy(String name) {
        return Corrupt.copy(vault, dir.resolve(name));
    }

    private static VaultHeader header() {
        return VaultHeader.parse(java.util.Arrays.copyOf(original, VaultHeader.SIZE));
    }

    @Test
    void wrongPasswordIsRefusedAndNothingIsWritten() {
        Set<String> before = listing(dir);
        expectFailure(Failure.WRONG_PASSWORD, "wrong password",
                () -> VaultReader.open(vault, "not-the-password".getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE));
        expectFailure(Failure.WRONG_PASSWORD, "wrong password",
                () -> VaultEditor.open(vault, "not-the-password".getBytes(StandardCharsets.UTF_8), HostileSupport.opts()));
        assertArrayEquals(original, bytes(vault));
        assertSameListing(before, dir);
    }

    @Test
    void filesThatAreNotVaults() throws Exception {
        byte[] random = new byte[8192];
        new Random(1).nextBytes(random);
        Path r = Files.write(dir.resolve("random.bin"), random);
        expectFailure(Failure.NOT_A_VAULT, "not an AeroVault", () -> HostileSupport.open(r));

        StringBuilder text = new StringBuilder();
        while (text.length() < 3000) {
            text.append("This is a plain text file, not a vault.\n");
        }
        Path t = Files.writeString(dir.resolve("notes.txt"), text);
        expectFailure(Failure.NOT_A_VAULT, "not an AeroVault", () -> HostileSupport.open(t));

        // SPEC §3.4 step 1 comes before the magic check: anything shorter than the header is truncated.
        Path shortText = Files.writeString(dir.resolve("short.txt"), "hello\n");
        expectFailure(Failure.TRUNCATED, "1024", () -> HostileSupport.open(shortText));
        Path empty = Files.write(dir.resolve("empty.av3"), new byte[0]);
        expectFailure(Failure.TRUNCATED, "1024", () -> HostileSupport.open(empty));

        expectFailure(Failure.NOT_FOUND, "no such file", () -> HostileSupport.open(dir.resolve("absent.av3")));
        // A directory is not a vault either; any clean VaultException will do, never a raw IOException.
        Path d = Files.createDirectories(dir.resolve("a-directory.av3"));
        org.junit.jupiter.api.Assertions.assertThrows(org.vaultfs.error.VaultException.class, () -> HostileSupport.open(d));
    }

    @Test
    void truncatedAtManyOffsetsFailsCleanly() {
        VaultHeader h = header();
        TreeSet<Long> cuts = new TreeSet<>();
        for (long n = 0; n < VaultHeader.SIZE; n += 37) {
            cuts.add(n);
        }
        cuts.addAll(List.of(1L, 9L, 10L, 11L, 12L, 1023L));
        long len = original.length;
        for (long n = VaultHeader.SIZE; n < len; n += Math.max(1, len / 50)) {
            cuts.add(n);
        }
        // Both sides of every region boundary, and the very last byte.
        for (long b : new long[] {h.dataOffset(), h.manifestOffset(), h.extensionDirOffset(), h.extensionPayloadOffset()}) {
            cuts.add(b - 1);
            cuts.add(b);
            cuts.add(b + 1);
        }
        cuts.add(len - 1);
        cuts.removeIf(n -> n >= len);
        Path victim = dir.resolve("truncated.av3");
        for (long n : cuts) {
            Corrupt.copy(vault, victim);
            Corrupt.truncate(victim, n);
            expectFailure(Failure.TRUNCATED, "truncated", () -> openAndReadAll(victim));
        }
    }

    /** The failure one flipped bit at header offset {@code i} must produce (SPEC §3.4). */
    static Failure expectedForHeaderFlip(int i) {
        if (i < 10) {
            return Failure.NOT_A_VAULT;
        } else if (i == 10) {
            return Failure.UNSUPPORTED_VERSION;
        } else if (i == 11) {
            return Failure.HEADER_MAC; // flags, including the plaintext-lane bit: MAC-covered
        } else if (i < 44) {
            return Failure.WRONG_PASSWORD; // salt: different KEKs
        } else if (i < 84) {
            return Failure.HEADER_MAC; // wrapped master key: unwrapped only after the MAC
        } else if (i < 124) {
            return Failure.WRONG_PASSWORD; // wrapped MAC key does not unwrap
        } else if (i < 128) {
            return Failure.MALFORMED; // header_len
        } else if (i < 194) {
            return Failure.HEADER_MAC; // offsets, lengths, wrapper_header_version
        } else if (i < 960) {
            return Failure.RESERVED_BYTES;
        }
        return Failure.HEADER_MAC;
    }

    @Test
    void oneFlippedBitInEveryHeaderByte() {
        Path victim = dir.resolve("flipped.av3");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < VaultHeader.SIZE; i++) {
            // Each salt byte costs a real 2 s Argon2id (new salt, nothing memoised): two of them suffice.
            if (i >= 12 && i < 44 && i != 12 && i != 43) {
                continue;
            }
            offsets.add(i);
        }
        Map<Failure, String> fragment = Map.of(
                Failure.NOT_A_VAULT, "not an AeroVault",
                Failure.UNSUPPORTED_VERSION, "version",
                Failure.HEADER_MAC, "header",
                Failure.WRONG_PASSWORD, "wrong password",
                Failure.MALFORMED, "header length",
                Failure.RESERVED_BYTES, "reserved");
        for (int i : offsets) {
            Corrupt.copy(vault, victim);
            Corrupt.flipBit(victim, i, i % 8);
            Failure f = expectedForHeaderFlip(i);
            int at = i;
            try {
                expectFailure(f, fragment.get(f), () -> HostileSupport.open(victim));
            } catch (AssertionError e) {
                throw new AssertionError("header byte " + at + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void reservedBytesWithAndWithoutAValidMac() {
        for (int off : new int[] {194, 195, 500, 959}) {
            Path withMac = VaultForge.load(vault, PW).editHeaderBytes(b -> b[off] = 1).writeTo(dir.resolve("reserved-mac.av3"));
            expectFailure(Failure.RESERVED_BYTES, "offset " + off, () -> HostileSupport.open(withMac));
            Path noMac = VaultForge.load(vault, PW).editHeaderBytes(b -> b[off] = (byte) 0x80).skipMac()
                    .writeTo(dir.resolve("reserved-nomac.av3"));
            expectFailure(Failure.RESERVED_BYTES, "offset " + off, () -> HostileSupport.open(noMac));
        }
    }

    @Test
    void versionFieldsWithAValidMac() {
        Path v4 = VaultForge.load(vault, PW).editHeaderBytes(b -> b[10] = 4).writeTo(dir.resolve("v4.av3"));
        expectFailure(Failure.UNSUPPORTED_VERSION, "version 4", () -> HostileSupport.open(v4));
        Path whv = VaultForge.load(vault, PW).editHeader(h -> h.wrapperHeaderVersion = 2).writeTo(dir.resolve("whv.av3"));
        expectFailure(Failure.UNSUPPORTED_VERSION, "wrapper-header version 2", () -> HostileSupport.open(whv));
        Path hl = VaultForge.load(vault, PW).editHeaderBytes(b -> LittleEndian.putInt(b, 124, 2048)).writeTo(dir.resolve("hl.av3"));
        expectFailure(Failure.MALFORMED, "header length", () -> HostileSupport.open(hl));
        // A stale MAC over an otherwise plausible header: the classic tamper case.
        Path stale = VaultForge.load(vault, PW).editHeader(h -> h.dataLen += 1).skipMac().writeTo(dir.resolve("stale.av3"));
        expectFailure(Failure.HEADER_MAC, "header MAC", () -> HostileSupport.open(stale));
    }

    @Test
    void lengthsSizedToExhaustMemoryAreRefusedBeforeAllocating() {
        HostileSupport.open(vault).close(); // warm the KDF memo so its 128 MiB is not counted below
        record Case(String name, java.util.function.Consumer<VaultHeader.Builder> edit, Failure failure, String fragment) {
        }
        List<Case> cases = List.of(
                new Case("manifest_len 2^62", h -> h.manifestLen = 1L << 62, Failure.BOUNDS, "128 MiB"),
                new Case("manifest_len 2^64-1", h -> h.manifestLen = -1L, Failure.BOUNDS, "out of range"),
                new Case("manifest_len cap+1", h -> h.manifestLen = ReaderLimits.MAX_MANIFEST + 1, Failure.BOUNDS, "128 MiB"),
                // Exactly at the cap is allowed (SPEC §15.1), so it fails only for running off the file.
                new Case("manifest_len at cap", h -> h.manifestLen = ReaderLimits.MAX_MANIFEST, Failure.TRUNCATED, "truncated"),
                new Case("extension_dir_len cap+1", h -> h.extensionDirLen = ReaderLimits.MAX_EXTENSION_DIR + 1, Failure.BOUNDS, "16 MiB"),
                new Case("extension_dir_len 2^62", h -> h.extensionDirLen = 1L << 62, Failure.BOUNDS, "16 MiB"),
                new Case("data_len 2^40", h -> h.dataLen = 1L << 40, Failure.TRUNCATED, "truncated"),
                new Case("data_offset 0", h -> h.dataOffset = 0, Failure.BOUNDS, "1024"),
                new Case("data_offset 512 (chunk into header)", h -> h.dataOffset = 512, Failure.BOUNDS, "1024"),
                new Case("data_offset past the end", h -> h.dataOffset = 1L << 50, Failure.BOUNDS, "1024"),
                new Case("payload end overflows u64", h -> {
                    h.extensionPayloadOffset = Long.MAX_VALUE - 4;
                    h.extensionPayloadLen = 10;
                }, Failure.BOUNDS, "out of range"),
                new Case("manifest offset past the end", h -> h.manifestOffset = 1L << 40, Failure.TRUNCATED, "truncated"),
                new Case("payload past the end", h -> h.extensionPayloadLen = 1L << 30, Failure.TRUNCATED, "truncated"));
        Path victim = dir.resolve("lengths.av3");
        for (Case c : cases) {
            VaultForge.load(vault, PW).editHeader(c.edit()).writeTo(victim);
            try {
                expectFailureWithin(SMALL_ALLOCATION, c.failure(), c.fragment(), () -> HostileSupport.open(victim));
            } catch (AssertionError e) {
                throw new AssertionError(c.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void forgedVaultRoundTripsWhenUnchanged() {
        // Guards the forge itself: with no mutation its output must open and read like the original.
        Path same = VaultForge.load(vault, PW).writeTo(dir.resolve("reforged.av3"));
        openAndReadAll(same);
        try (VaultReader a = HostileSupport.open(vault); VaultReader b = HostileSupport.open(same)) {
            assertArrayEquals(HostileSupport.read(a, "data/mid.bin"), HostileSupport.read(b, "data/mid.bin"));
        }
    }
}
