package org.vaultfs.container;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.crypt.NativeLibrary;
import org.vaultfs.metadata.NodeStat;

/**
 * A directory's entries with each one's {@code lstat} and extended-attribute listing size, read
 * in C ({@code dirscan_native.c}): one readdir, fstatat and llistxattr per entry, where the
 * JDK's walk stats every entry, the metadata stats it again and lists its attributes through an
 * open and a close. Names are decoded as UTF-8, so it is offered only where the JDK maps paths
 * to bytes the same way; anything it cannot read is for the caller to read the JDK's way.
 */
final class NativeDirectoryScan {
    /** Must hold the largest record (78 bytes and a 255-byte name); more means fewer calls. */
    private static final int BUFFER = 64 << 10;
    private static final int HEADER = 78;
    private static final boolean AVAILABLE = NativeLibrary.loaded() && NativeLibrary.pathsAreUtf8() && linked();

    /** An entry: its name, and its stat or the errno that failed it (then {@code stat} is null). */
    record Entry(String name, int errno, NodeStat stat) {
    }

    private final byte[] buffer = new byte[BUFFER];
    private final boolean xattrs;

    /** {@code xattrs}: whether to ask each file's and directory's extended-attribute listing size. */
    NativeDirectoryScan(boolean xattrs) {
        this.xattrs = xattrs;
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** The entries of {@code dir} (not "." or ".."), in the directory's order; null when it cannot be listed here. */
    List<Entry> list(String dir) {
        long handle = open0(dir.getBytes(StandardCharsets.UTF_8));
        if (handle < 0) {
            return null;
        }
        List<Entry> out = new ArrayList<>();
        try {
            int n;
            while ((n = next0(handle, buffer, xattrs)) > 0) {
                decode(buffer, n, out);
            }
            return n == 0 ? out : null;
        } finally {
            close0(handle);
        }
    }

    static void decode(byte[] b, int length, List<Entry> out) {
        int p = 0;
        while (p + HEADER <= length) {
            int nameLength = LittleEndian.getUnsignedShort(b, p);
            int errno = LittleEndian.getInt(b, p + 2);
            String name = new String(b, p + HEADER, nameLength, StandardCharsets.UTF_8);
            NodeStat stat = errno != 0 ? null : new NodeStat(LittleEndian.getInt(b, p + 6), LittleEndian.getUnsignedInt(b, p + 10),
                    LittleEndian.getUnsignedInt(b, p + 14), LittleEndian.getLong(b, p + 46), LittleEndian.getLong(b, p + 54),
                    LittleEndian.getLong(b, p + 62), LittleEndian.getLong(b, p + 18), LittleEndian.getLong(b, p + 26),
                    LittleEndian.getLong(b, p + 34), LittleEndian.getInt(b, p + 42), LittleEndian.getLong(b, p + 70));
            out.add(new Entry(name, errno, stat));
            p += HEADER + nameLength;
        }
    }

    private static boolean linked() {
        try {
            close0(0);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native long open0(byte[] path);

    private static native int next0(long handle, byte[] out, boolean xattrs);

    private static native void close0(long handle);
}
