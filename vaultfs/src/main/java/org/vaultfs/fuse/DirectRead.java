package org.vaultfs.fuse;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.ErrorCodes;

/**
 * Answers the kernel's READ requests on the worker thread that received them, straight from the
 * request buffer to one {@code write} of the reply, without libfuse's high-level layer. That
 * layer cost each 4 KiB read a path built under its tree lock and freed after, a heap buffer,
 * an upcall into the JVM with the path decoded into a Java string, and its own reply: about 2 us
 * of a 29-31 us round trip (perf of fio's one reader, issue 16). Every other request, and a READ
 * this class cannot take as it is, goes to libfuse as before.
 *
 * <p>The file handle in a READ is the one the open callback set: libfuse 2 passes it to the
 * kernel and back unchanged. Offsets are those of the FUSE protocol (fuse_kernel.h), version
 * 7.9 and later, which every libfuse 2.9 negotiates.
 */
final class DirectRead {
    static final int FUSE_READ = 15;
    /** struct fuse_in_header: len, opcode, unique, nodeid, uid, gid, pid, padding. */
    private static final int IN_HEADER = 40;
    /** struct fuse_read_in as far as needed: fh, offset, size. */
    private static final int READ_IN = 20;
    /** struct fuse_out_header: len, error, unique. */
    static final int OUT_HEADER = 16;

    /** Reads up to {@code size} bytes of open file {@code fh} at {@code offset} into {@code dest}: the count, or -errno. */
    interface Reader {
        int read(long fh, long offset, Pointer dest, int size);
    }

    /** Hands one whole reply ({@code length} bytes at {@code reply}) to the kernel. */
    interface ReplyWriter {
        void write(Pointer reply, int length);
    }

    private final Reader reader;
    private final java.util.concurrent.atomic.LongAdder answered = new java.util.concurrent.atomic.LongAdder();

    DirectRead(Reader reader) {
        this.reader = reader;
    }

    /** How many READ requests were answered here. */
    long answered() {
        return answered.sum();
    }

    /** The device's writer: a failed write is dropped, as libfuse drops it (the kernel gave up on that request, or the device is gone). */
    static ReplyWriter toDevice(LibFuseSession l, int fd) {
        return (reply, length) -> l.write(fd, reply, length);
    }

    /** One worker's reply buffer, for answers of up to {@code maxData} bytes. */
    Replies replies(jnr.ffi.Runtime runtime, int maxData) {
        return new Replies(Memory.allocateDirect(runtime, OUT_HEADER + maxData), maxData);
    }

    final class Replies {
        private final Pointer reply;
        private final Pointer data;
        private final int maxData;

        private Replies(Pointer reply, int maxData) {
            this.reply = reply;
            this.data = reply.slice(OUT_HEADER);
            this.maxData = maxData;
        }

        /**
         * Answers {@code request} ({@code length} bytes as received) through {@code out} when
         * it is a READ this class can take; false leaves it to libfuse.
         */
        boolean answer(Pointer request, int length, ReplyWriter out) {
            if (length < IN_HEADER + READ_IN || request.getInt(4) != FUSE_READ || request.getInt(0) != length) {
                return false;
            }
            long unique = request.getLong(8);
            long fh = request.getLong(IN_HEADER);
            long offset = request.getLong(IN_HEADER + 8);
            int size = request.getInt(IN_HEADER + 16);
            if (size < 0 || size > maxData || offset < 0) {
                return false;
            }
            int n = size == 0 ? 0 : reader.read(fh, offset, data, size);
            int error = 0;
            if (n < 0) {
                error = n;
                n = 0;
            } else if (n > size) {
                error = -ErrorCodes.EIO(); // never hand the kernel more than it asked for
                n = 0;
            }
            reply.putInt(0, OUT_HEADER + n);
            reply.putInt(4, error);
            reply.putLong(8, unique);
            out.write(reply, OUT_HEADER + n);
            answered.increment();
            return true;
        }
    }
}
