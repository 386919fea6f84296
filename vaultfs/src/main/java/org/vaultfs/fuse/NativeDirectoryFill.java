package org.vaultfs.fuse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A directory listing handed to libfuse's filler from C, a batch of entries per call
 * ({@code dirfill_native.c}): through jnr each entry was a downcall with its own argument
 * marshalling, run interpreted on a fresh mount until the JIT got to it. Each FUSE thread
 * packs records (inode, mode, NUL-terminated name) into its own 64 KiB native buffer.
 */
final class NativeDirectoryFill implements VaultFuse.EntrySink {
    private static final int BATCH = 64 << 10;
    private static final ThreadLocal<NativeDirectoryFill> PER_THREAD = ThreadLocal.withInitial(NativeDirectoryFill::new);
    private static final boolean AVAILABLE = probe();

    private ByteBuffer records = ByteBuffer.allocateDirect(BATCH).order(ByteOrder.nativeOrder());
    private int count;
    private long filler;
    private long buf;

    private NativeDirectoryFill() {
    }

    /** Whether the C filler can be called (else the readdir callback keeps to jnr-fuse's). */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Whether the C code can be called: the library is loaded by the vault's key derivation and
     * cipher (or not at all, off x86-64 Linux or with {@code -Dvaultfs.native=false}), so this is
     * asked once a vault is open.
     */
    private static boolean probe() {
        try {
            return fill0(0, 0, ByteBuffer.allocateDirect(1), 0, 0) == 1; // a null filler is refused
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** The calling thread's batch, emptied, for the filler at {@code fillerAddress} and its buffer. */
    static NativeDirectoryFill start(long fillerAddress, long bufAddress) {
        NativeDirectoryFill f = PER_THREAD.get();
        f.filler = fillerAddress;
        f.buf = bufAddress;
        f.records.clear();
        f.count = 0;
        return f;
    }

    @Override
    public boolean add(byte[] utf8Name, long inode, int typeBits) {
        int need = 8 + 4 + utf8Name.length + 1;
        if (records.remaining() < need) {
            if (!flush()) {
                return false;
            }
            if (records.capacity() < need) {
                records = ByteBuffer.allocateDirect(need).order(ByteOrder.nativeOrder());
            }
        }
        records.putLong(inode).putInt(typeBits).put(utf8Name).put((byte) 0);
        count++;
        return true;
    }

    /** Hands the rest to the filler; false when libfuse's buffer refused an entry. */
    boolean finish() {
        return flush();
    }

    private boolean flush() {
        if (count == 0) {
            return true;
        }
        int refused = fill0(filler, buf, records, records.position(), count);
        records.clear();
        count = 0;
        return refused == 0;
    }

    private static native int fill0(long filler, long buf, ByteBuffer records, int length, int count);
}
