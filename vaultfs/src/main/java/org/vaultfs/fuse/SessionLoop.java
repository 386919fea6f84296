package org.vaultfs.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * libfuse 2's multithreaded request loop, run on Java threads.
 *
 * <p>Why not {@code fuse_main}: its loop serves each request on a libfuse pthread, and jffi
 * attaches such a thread to the JVM for one callback and detaches it after, until the thread
 * has made 1000 callbacks. libfuse also ends and starts workers as load changes (it keeps at
 * most 10 idle), so in practice most requests paid an attach and a detach: a new
 * {@code java.lang.Thread} with a fresh TLAB, and every thread-local (cipher workspaces, NIO's
 * buffer cache) built anew. Measured on two 4 KiB random readers: 6,000 attaches a second and
 * a young collection every 8 ms. Threads the JVM started are attached for good, so on them a
 * callback is a plain upcall.
 *
 * <p>The pool is fixed, each thread costing one request buffer (~132 KiB of native memory). A
 * vault read from a local file gets one thread per core, at least two: a request waits at most
 * for a local decode of a few milliseconds, and the kernel hands each request to the thread
 * that has waited longest, so every extra thread only adds one more with cold caches to the
 * rotation (on 2 cores, cold `find` and `tar c` over 20,000 small files took 20 % longer with
 * eight threads than with two; reads measured the same). A vault read from object storage
 * keeps eight: there a request holds its thread for a network round trip.
 *
 * <p>The device is read non-blocking. A worker that has just answered a request, when no other
 * request came in meanwhile, keeps looking for the next one for {@link #SPIN_NANOS} (yielding
 * its core to any runnable thread) before it sleeps in poll: a program reading in small
 * pieces sends its next request a few microseconds after the answer, and finding a worker
 * awake saves the wake-up of a sleeping one, about a third of a 4 KiB read's round trip on
 * this kind of virtual machine. {@code -Dvaultfs.fuse.spinMicros=0} turns it off.
 */
final class SessionLoop {
    /** For a vault whose reads wait on the network. */
    static final int REMOTE_THREADS = 8;
    /** For a vault in a local file. */
    static final int LOCAL_THREADS = Math.min(REMOTE_THREADS, Math.max(2, java.lang.Runtime.getRuntime().availableProcessors()));

    /** How many threads serve a mount of a vault read from a local file or not. */
    static int threadsFor(boolean localVault) {
        return localVault ? LOCAL_THREADS : REMOTE_THREADS;
    }
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 04000;
    private static final short POLLIN = 1;
    /** Sleepers look at the session's exit flag at least this often. */
    private static final int POLL_MILLIS = 500;
    /** How long a worker keeps looking for the next request after answering one. */
    static final long SPIN_NANOS = Long.getLong("vaultfs.fuse.spinMicros", 50) * 1000;
    /** How long the remaining workers get to see the unmount after the first one stops. */
    private static final long DRAIN_MILLIS = 5_000;

    private SessionLoop() {
    }

    /** Loaded on first use (the class-holder idiom makes that thread-safe without locking). */
    private static final class Lib {
        static final LibFuseSession INSTANCE = org.vaultfs.fs.SystemLibraries.load(LibFuseSession.class, "libfuse.so.2", "fuse");
    }

    /** Binds libfuse's session functions now rather than at the first mount (the probe calls it). */
    static void bind() {
        Objects.requireNonNull(Lib.INSTANCE);
    }

    /**
     * Mounts with {@code argv} (as fuse_main would parse it; must include -f), serves requests
     * on {@code threads} Java threads until the filesystem is unmounted, then tears down.
     * {@code unmount} is run if the loop stops for another reason (a device error), since only
     * an unmount wakes workers blocked reading the device. {@code direct}, if not null, answers
     * READ requests itself.
     */
    static void run(String[] argv, Pointer operations, long operationsSize, int threads, Runnable unmount, DirectRead direct) {
        LibFuseSession l = Lib.INSTANCE;
        PointerByReference mountpoint = new PointerByReference();
        IntByReference multithreaded = new IntByReference();
        Pointer fuse = l.fuse_setup(argv.length, argv, operations, operationsSize, mountpoint, multithreaded, null);
        if (fuse == null) {
            throw new VaultException(Failure.IO, "libfuse could not mount (see its message above)");
        }
        Pointer session = l.fuse_get_session(fuse);
        Pointer channel = l.fuse_session_next_chan(session, null);
        long bufferSize = l.fuse_chan_bufsize(channel);
        Spin spin = null;
        int fd = l.fuse_chan_fd(channel);
        if (SPIN_NANOS > 0 && fd >= 0) {
            int flags = l.fcntl(fd, F_GETFL, 0);
            if (flags >= 0 && l.fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0) {
                spin = new Spin(fd);
            }
        }
        Spin spinning = spin;
        CountDownLatch firstStopped = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        String name = Thread.currentThread().getName();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    serve(l, session, channel, bufferSize, spinning, direct, fd);
                } finally {
                    firstStopped.countDown();
                }
            }, name + "-" + (i + 1));
            t.setDaemon(true); // never keeps the JVM alive; teardown waits for them below
            workers.add(t);
            t.start();
        }
        boolean drained = false;
        try {
            firstStopped.await();
            drained = joinAll(workers, DRAIN_MILLIS);
            if (!drained) {
                unmount.run();
                drained = joinAll(workers, DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            l.fuse_session_exit(session);
            unmount.run();
            drained = joinAllUninterruptibly(workers, DRAIN_MILLIS);
            Thread.currentThread().interrupt();
        } finally {
            // A worker still inside libfuse would use freed memory after teardown: leak instead.
            if (drained) {
                l.fuse_teardown(fuse, mountpoint.getValue());
            }
        }
    }

    private static void serve(LibFuseSession l, Pointer session, Pointer channel, long bufferSize, Spin spin, DirectRead direct, int fd) {
        Runtime runtime = Runtime.getRuntime(l);
        Pointer buffer = Memory.allocateDirect(runtime, Math.toIntExact(bufferSize));
        // No larger answer than libfuse's own buffer could carry: the kernel's max_read is below it.
        DirectRead.Replies replies = direct == null || fd < 0 ? null : direct.replies(runtime, Math.toIntExact(bufferSize));
        DirectRead.ReplyWriter device = DirectRead.toDevice(l, fd);
        Pointer from = Memory.allocateDirect(runtime, runtime.addressSize()); // struct fuse_chan **, reused
        Pointer pollFd = Memory.allocateDirect(runtime, 8); // struct pollfd { int fd; short events, revents; }
        if (spin != null) {
            pollFd.putInt(0, spin.fd);
            pollFd.putShort(4, POLLIN);
        }
        try {
            long spinUntil = 0;
            while (l.fuse_session_exited(session) == 0) {
                from.putPointer(0, channel);
                int n = l.fuse_chan_recv(from, buffer, bufferSize);
                if (n == -EAGAIN && spin != null) {
                    if (spin.keep(spinUntil)) {
                        Thread.yield(); // a runnable thread of the reader gets this core first
                    } else {
                        spinUntil = 0;
                        l.poll(pollFd, 1, POLL_MILLIS);
                    }
                    continue;
                }
                if (n == -EINTR || n == -EAGAIN) {
                    continue;
                }
                if (n <= 0) {
                    break; // 0: unmounted; negative: libfuse has printed the device error
                }
                long mine = spin == null ? 0 : spin.begin();
                try {
                    if (replies == null || !replies.answer(buffer, n, device)) {
                        l.fuse_session_process(session, buffer, n, from.getPointer(0));
                    }
                } finally {
                    if (spin != null) {
                        spinUntil = spin.end(mine);
                    }
                }
            }
        } finally {
            l.fuse_session_exit(session);
            if (spin != null) {
                spin.release();
            }
        }
    }

    /**
     * Lets one worker at a time keep reading a non-blocking device for a moment after it has
     * answered a request, so that a reader issuing its next request right away (a program
     * reading a file in small pieces) finds a worker awake instead of waking a sleeping one;
     * the others, and this one once its moment is over, sleep in poll.
     */
    static final class Spin {
        final int fd;
        private final AtomicReference<Thread> owner = new AtomicReference<>();
        private final AtomicInteger busy = new AtomicInteger();
        private final AtomicLong started = new AtomicLong();

        Spin(int fd) {
            this.fd = fd;
        }

        /** Marks a request as being served; the number to hand to {@link #end}. */
        long begin() {
            busy.incrementAndGet();
            return started.incrementAndGet();
        }

        /**
         * Marks request {@code mine} as answered; returns until when its worker may look for the
         * next one, or 0 when another request overlapped it: requests then come from more than
         * one reader, the cores have work, and a looking worker would only take time from them.
         */
        long end(long mine) {
            busy.decrementAndGet();
            boolean alone = busy.get() == 0 && started.get() == mine;
            return alone ? System.nanoTime() + SPIN_NANOS : 0;
        }

        boolean keep(long spinUntil) {
            Thread me = Thread.currentThread();
            if (spinUntil != 0 && System.nanoTime() < spinUntil
                    && (owner.get() == me || owner.compareAndSet(null, me))) {
                return true;
            }
            owner.compareAndSet(me, null);
            return false;
        }

        void release() {
            owner.compareAndSet(Thread.currentThread(), null);
        }
    }

    private static boolean joinAll(List<Thread> threads, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private static boolean joinAllUninterruptibly(List<Thread> threads, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            try {
                return joinAll(threads, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException again) {
                // keep waiting: tearing down under a live worker would crash the process
            }
        }
    }
}
