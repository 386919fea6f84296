package org.vaultfs.remote;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A transfer's worker threads: a fixed number, named, never keeping the JVM alive after Ctrl-C. */
final class DaemonPool {
    private DaemonPool() {
    }

    static ExecutorService of(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
