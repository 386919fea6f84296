package org.vaultfs.fuse;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.util.Objects;
import jnr.ffi.Pointer;
import org.vaultfs.fs.ByteSink;

/**
 * The buffer libfuse hands a read callback, as a {@link ByteSink}. Cached plaintext lives in
 * native pages, so it goes to the kernel's buffer by one native copy with no heap array in
 * between. Bounds are checked here, not left to the copy: a wrong length would write past
 * libfuse's buffer.
 */
final class KernelBufferSink implements ByteSink {
    private static final MemoryIO NATIVE = MemoryIO.getInstance();

    private final Pointer buf;
    private final int size;

    KernelBufferSink(Pointer buf, int size) {
        this.buf = buf;
        this.size = size;
    }

    @Override
    public void put(int destOffset, byte[] src, int srcOffset, int length) {
        Objects.checkFromIndexSize(destOffset, length, size);
        buf.put(destOffset, src, srcOffset, length);
    }

    @Override
    public void put(int destOffset, ByteBuffer src, int srcOffset, int length) {
        Objects.checkFromIndexSize(destOffset, length, size);
        Objects.checkFromIndexSize(srcOffset, length, src.capacity());
        if (!src.isDirect()) {
            throw new IllegalArgumentException("cache pages are native memory");
        }
        NATIVE.copyMemory(NATIVE.getDirectBufferAddress(src) + srcOffset, buf.address() + destOffset, length);
    }
}
