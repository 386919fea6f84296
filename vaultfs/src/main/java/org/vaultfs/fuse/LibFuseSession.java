package org.vaultfs.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * The part of libfuse 2's API that {@code fuse_main} is built from: set-up, the session's
 * receive/process steps and tear-down (fuse.h and fuse_lowlevel.h, FUSE_USE_VERSION 26).
 * {@link SessionLoop} drives them from Java threads instead of libfuse's own worker threads.
 */
public interface LibFuseSession {
    /** Parses the arguments, mounts, and returns the filesystem handle (null on failure). */
    Pointer fuse_setup(int argc, String[] argv, Pointer operations, long operationsSize,
            PointerByReference mountpoint, IntByReference multithreaded, Pointer userData);

    Pointer fuse_get_session(Pointer fuse);

    Pointer fuse_session_next_chan(Pointer session, Pointer previous);

    long fuse_chan_bufsize(Pointer channel);

    /**
     * Reads one request into {@code buffer}: its length, 0 once the filesystem is unmounted, or
     * -errno. {@code channel} points to the channel pointer, which libfuse may replace.
     */
    int fuse_chan_recv(Pointer channel, Pointer buffer, long size);

    void fuse_session_process(Pointer session, Pointer buffer, long length, Pointer channel);

    int fuse_session_exited(Pointer session);

    void fuse_session_exit(Pointer session);

    int fuse_chan_fd(Pointer channel);

    /** libc's, found through libfuse's own dependency on it: the device's file status flags. */
    int fcntl(int fd, int cmd, int arg);

    /** libc's: waits for {@code fds} ({@code struct pollfd[nfds]}) to be ready. */
    int poll(Pointer fds, long nfds, int timeoutMillis);

    /** libc's: writes one whole reply to the device ({@code count} bytes from {@code buf}). */
    long write(int fd, Pointer buf, long count);

    /** Unmounts (if still mounted), closes the device and frees the handle and mount point string. */
    void fuse_teardown(Pointer fuse, Pointer mountpoint);
}
