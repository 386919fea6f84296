package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class VaultPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b/c", "a b/c d", "ünï/cödé/😀", "a.b/..c/c..", ".hidden", "ab:c"})
    void canonicalPathsAreAccepted(String p) {
        assertNull(VaultPaths.problem(p));
        VaultPaths.requireCanonical(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "\\a", "a/", "a//b", "a/./b", "./a", "a/..", "../a", "a/../b", "a\\b", "a\0b",
        "C:x", "a:b", "a:", " a", "a ", "a\u00a0", "\u3000a", "a\n"})
    void nonCanonicalPathsAreRefusedAsPathEscape(String p) {
        VaultException e = assertThrows(VaultException.class, () -> VaultPaths.requireCanonical(p));
        assertEquals(Failure.PATH_ESCAPE, e.failure());
        assertEquals(-1, e.getMessage().indexOf('\n'), "message stays on one line");
    }

    @Test
    void userInputLosesSurroundingSlashesOnly() {
        assertEquals("docs/x", VaultPaths.normalize("/docs/x/"));
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> VaultPaths.normalize(" docs")).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> VaultPaths.normalize("/")).failure());
    }

    @Test
    void utf8OrderDiffersFromUtf16Order() {
        String astral = "\uD83D\uDE00"; // U+1F600, 4 UTF-8 bytes starting 0xF0
        String highBmp = "\uFF21";       // U+FF21, 3 UTF-8 bytes starting 0xEF
        assertEquals(-1, Integer.signum(astral.compareTo(highBmp)), "UTF-16 puts the surrogate first");
        assertEquals(1, Integer.signum(PathOrder.compare(astral, highBmp)), "UTF-8 bytes put it last");
        assertEquals(-1, Integer.signum(PathOrder.compare("a", "a/b")));
        assertEquals(-1, Integer.signum(PathOrder.compare("a/b", "a0")), "'/' (0x2f) sorts before '0' (0x30)");
    }
}
