package org.vaultfs.cli;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls a JVM needs to become a daemon and Java does not offer. Public because
 * jnr-ffi implements it from its own class loader.
 */
public interface LibC {
    int O_RDWR = 2;

    int setsid();

    int open(String path, int flags);

    int dup2(int oldFd, int newFd);

    int close(int fd);

    @ssize_t
    long write(int fd, @In byte[] buf, @size_t long count);

    static LibC load() {
        return LibraryLoader.create(LibC.class).failImmediately().load("c");
    }
}
