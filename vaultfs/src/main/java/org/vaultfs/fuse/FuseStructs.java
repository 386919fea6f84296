package org.vaultfs.fuse;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The two structs every request touches, without a jnr-fuse view built per call: jnr-fuse
 * wraps each callback's {@code fuse_file_info} and {@code stat} pointer in a fresh struct
 * object of a dozen or more field objects, about a kilobyte of garbage per request, run
 * interpreted on a fresh mount. Here the file handle and the open flags are read and written
 * at their offsets (found once by writing a marker through jnr-fuse's own struct), and a stat
 * is filled into per-thread native scratch through one reused view, then copied out whole.
 */
final class FuseStructs {
    private static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getSystemRuntime();
    static final int FH_OFFSET;
    static final int FLAGS_OFFSET;
    private static final ThreadLocal<StatScratch> STAT = ThreadLocal.withInitial(StatScratch::new);

    static {
        Pointer probe = Memory.allocateDirect(RUNTIME, 512, true);
        FuseFileInfo view = FuseFileInfo.of(probe);
        int size = Struct.size(view);
        view.fh.set(0x0123456789ABCDEFL);
        view.flags.set(0x5A6B7C8D);
        FH_OFFSET = find(probe, size, 0x0123456789ABCDEFL, 8);
        FLAGS_OFFSET = find(probe, size, 0x5A6B7C8DL, 4);
    }

    private FuseStructs() {
    }

    private static int find(Pointer p, int size, long marker, int width) {
        for (int off = 0; off + width <= size; off += width) {
            long v = width == 8 ? p.getLong(off) : p.getInt(off) & 0xFFFFFFFFL;
            if (v == marker) {
                return off;
            }
        }
        throw new IllegalStateException("fuse_file_info has no field at a " + width + "-byte boundary holding the marker");
    }

    static long fh(Pointer fi) {
        return fi.getLong(FH_OFFSET);
    }

    static void setFh(Pointer fi, long fh) {
        fi.putLong(FH_OFFSET, fh);
    }

    static int flags(Pointer fi) {
        return fi.getInt(FLAGS_OFFSET);
    }

    /** The calling thread's stat scratch, zeroed, as libfuse hands a stat to getattr. */
    static StatScratch stat() {
        StatScratch s = STAT.get();
        s.memory.setMemory(0, s.size, (byte) 0);
        return s;
    }

    static final class StatScratch {
        final int size;
        final Pointer memory;
        final FileStat view;

        private StatScratch() {
            size = Struct.size(new FileStat(RUNTIME));
            memory = Memory.allocateDirect(RUNTIME, size, true);
            view = FileStat.of(memory);
        }

        /** Copies the filled struct into libfuse's. */
        void copyTo(Pointer stbuf) {
            memory.transferTo(0, stbuf, 0, size);
        }
    }
}
