package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/** The raw accessors agree with jnr-fuse's own struct views, field by field. */
class FuseStructsTest {
    private static final jnr.ffi.Runtime RT = jnr.ffi.Runtime.getSystemRuntime();

    @Test
    void handleAndFlagsAreWhereJnrFuseKeepsThem() {
        // libfuse 2's struct fuse_file_info on x86-64: flags first, fh after fh_old, writepage and the bit fields.
        assertEquals(0, FuseStructs.FLAGS_OFFSET);
        assertEquals(24, FuseStructs.FH_OFFSET);
        Pointer fi = Memory.allocateDirect(RT, 64, true);
        FuseFileInfo view = FuseFileInfo.of(fi);
        view.flags.set(0x8000 | 01000);
        assertEquals(0x8000 | 01000, FuseStructs.flags(fi));
        FuseStructs.setFh(fi, 0x7FFF_0000_1234L);
        assertEquals(0x7FFF_0000_1234L, view.fh.get());
        assertEquals(0x8000 | 01000, view.flags.get(), "writing the handle left the flags alone");
    }

    @Test
    void aStatFilledInScratchArrivesWholeAndScratchStartsZeroed() {
        FuseStructs.StatScratch s = FuseStructs.stat();
        s.view.st_ino.set(42);
        s.view.st_mode.set(FileStat.S_IFREG | 0444);
        s.view.st_size.set(1L << 40);
        s.view.st_mtim.tv_sec.set(1_700_000_000L);
        s.view.st_mtim.tv_nsec.set(123_456_789L);
        Pointer target = Memory.allocateDirect(RT, s.size, true);
        s.copyTo(target);
        FileStat out = FileStat.of(target);
        assertEquals(42, out.st_ino.longValue());
        assertEquals(FileStat.S_IFREG | 0444, out.st_mode.intValue());
        assertEquals(1L << 40, out.st_size.longValue());
        assertEquals(1_700_000_000L, out.st_mtim.tv_sec.get());
        assertEquals(123_456_789L, out.st_mtim.tv_nsec.longValue());
        FuseStructs.StatScratch again = FuseStructs.stat();
        for (int i = 0; i < again.size; i++) {
            assertEquals(0, again.memory.getByte(i), "byte " + i + " of the next stat");
        }
    }
}
