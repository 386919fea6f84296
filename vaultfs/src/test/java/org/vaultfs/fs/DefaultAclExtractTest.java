package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.Vault;
import org.vaultfs.OpenOptions;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.SealedTrees;

/**
 * A directory with a default ACL gives new files their mode from the ACL, not from the umask:
 * extraction must then set every mode itself rather than trust the one it asked for at creation.
 */
class DefaultAclExtractTest {
    static final byte[] PW = "default acl password".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Public because jnr-ffi implements it from its own class loader. */
    public interface Xattrs {
        int setxattr(String path, String name, byte[] value, long size, int flags);
    }

    @TempDir
    Path tmp;

    @Test
    void modesAreSetUnderADefaultAclThatNarrowsThem() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path file = Files.writeString(src.resolve("readable.txt"), "everyone may read this\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path v = SealedTrees.seal(src, tmp.resolve("v.av3"), PW);

        Path target = Files.createDirectories(tmp.resolve("target"));
        Assumptions.assumeTrue(setDefaultAclOwnerOnly(target), "no POSIX ACLs on this filesystem");
        try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            vault.extract(target.resolve("out"), List.of(), ExtractOptions.defaults().withPreservePermissions(true));
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("out/readable.txt"))));
        int fd = fdOf(target);
        try {
            assertTrue(DirectoryFds.hasDefaultAcl(fd));
        } finally {
            DirectoryFds.close(fd);
        }
    }

    @Test
    void aPlainDirectoryHasNoDefaultAcl() throws Exception {
        int fd = fdOf(tmp);
        try {
            assertFalse(DirectoryFds.hasDefaultAcl(fd));
        } finally {
            DirectoryFds.close(fd);
        }
    }

    private static int fdOf(Path dir) {
        return DirectoryFds.openDirectory(DirectoryFds.AT_FDCWD, dir.toString());
    }

    /** system.posix_acl_default, version 2: user rwx, group none, other none (new files: owner bits only). */
    private static boolean setDefaultAclOwnerOnly(Path dir) {
        ByteBuffer b = ByteBuffer.allocate(4 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        b.putShort((short) 0x01).putShort((short) 7).putInt(-1); // ACL_USER_OBJ
        b.putShort((short) 0x04).putShort((short) 0).putInt(-1); // ACL_GROUP_OBJ
        b.putShort((short) 0x20).putShort((short) 0).putInt(-1); // ACL_OTHER
        Xattrs x = LibraryLoader.create(Xattrs.class).load("c");
        return x.setxattr(dir.toString(), "system.posix_acl_default", b.array(), b.capacity(), 0) == 0;
    }
}
