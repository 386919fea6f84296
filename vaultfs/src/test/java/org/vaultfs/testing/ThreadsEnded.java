package org.vaultfs.testing;

/** Waits for a component's threads to end, for tests that check nothing is left running. */
public final class ThreadsEnded {
    private ThreadsEnded() {
    }

    /** Returns once no live thread's name starts with {@code prefix}; fails after 10 s. */
    public static void await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads named " + prefix + "... still running after 10 s");
            }
            Thread.sleep(5);
        }
    }
}
