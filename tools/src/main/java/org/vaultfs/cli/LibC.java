package org.vaultfs.cli;

import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls a JVM needs to become a daemon and Java does not offer. Public because
 * jnr-ffi implements it from its own class loader.
 */
public interface LibC {
    int O_RDWR = 2;
    int PR_SET_DUMPABLE = 4;
    int RLIMIT_CORE = 4;

    int setsid();

    int open(String path, int flags);

    int dup2(int oldFd, int newFd);

    int close(int fd);

    @ssize_t
    long write(int fd, @In byte[] buf, @size_t long count);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    /** {@code rlim} is {@code struct rlimit}: soft then hard limit. */
    int setrlimit(int resource, @In long[] rlim);

    jnr.ffi.Pointer getenv(String name);

    /** Bound once per process: each binding is a generated class (~10 ms of a cold start). */
    static LibC load() {
        return Bound.INSTANCE;
    }

    /** The class-holder idiom: thread-safe, and a failure is thrown again to every caller. */
    final class Bound {
        static final LibC INSTANCE = org.vaultfs.fs.SystemLibraries.libc(LibC.class);

        private Bound() {
        }
    }
}
