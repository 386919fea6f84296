package org.vaultfs.fs;

import jnr.ffi.LibraryLoader;

/**
 * Binds a system library through jnr-ffi by its file name first. Given a bare name ("c",
 * "fuse"), jnr-ffi lists every library directory and matches each entry against a regular
 * expression before it opens anything: 5-10 ms per binding on a Debian system (over a thousand
 * files in /usr/lib/x86_64-linux-gnu), and the compilations of that matching, at every start.
 * The file name ("libc.so.6") is opened by the dynamic loader at once; the bare name remains
 * the fallback for systems where the file is named otherwise (musl's libc, say).
 */
public final class SystemLibraries {
    private SystemLibraries() {
    }

    /** {@code api} bound to the library file {@code soname}, else to what jnr-ffi finds for {@code name}; throws like jnr-ffi. */
    public static <T> T load(Class<T> api, String soname, String name) {
        try {
            return LibraryLoader.create(api).failImmediately().load(soname);
        } catch (LinkageError | RuntimeException e) { // jnr-ffi's UnsatisfiedLinkError, or a symbol it cannot find
            return LibraryLoader.create(api).failImmediately().load(name);
        }
    }

    /** {@code api} bound to the C library. */
    public static <T> T libc(Class<T> api) {
        return load(api, "libc.so.6", "c");
    }
}
