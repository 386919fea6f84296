package org.vaultfs.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn in place with '\r' at most ten times a second.
 * Disabled (every call a no-op) when stderr is not a terminal, so logs and pipes stay clean.
 * Thread-safe: the writer reports progress from its worker threads.
 */
final class ProgressBar implements AutoCloseable {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private static final int WIDTH = 20;

    private final PrintStream err;
    private final boolean enabled;
    private final String verb;
    private long total;
    private long done;
    private String label = "";
    private long files;
    private long lastDraw;
    private int drawnWidth;
    private final long started = System.nanoTime();
    /** The terminal's width, asked once (only when there is a terminal to draw on). */
    private final int line;

    ProgressBar(CliEnv env, String verb, long total) {
        this.err = env.err();
        this.enabled = env.terminal() && !env.quiet();
        this.verb = verb;
        this.total = total;
        this.lastDraw = System.nanoTime() - INTERVAL_NANOS;
        this.line = enabled ? HelpWrap.terminalWidth() : 0;
    }

    synchronized void advance(long bytes) {
        done += bytes;
        maybeDraw();
    }

    synchronized void set(long bytesDone, long bytesTotal, String current) {
        done = bytesDone;
        total = bytesTotal;
        String next = current == null ? "" : current;
        if (!next.isEmpty() && !next.equals(label)) {
            files++; // extract reports progress per block, naming the file it is in
        }
        label = next;
        maybeDraw();
    }

    /** A writer finished reading {@code path}: counted, and shown as the current file. */
    synchronized void fileDone(String path) {
        files++;
        label = path;
        maybeDraw();
    }

    private void maybeDraw() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        StringBuilder sb = new StringBuilder(line + 2).append('\r').append(verb).append(' ');
        double f = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int width = line < 100 ? WIDTH / 2 : WIDTH; // a narrow terminal keeps room for the rate, ETA and count
        int filled = (int) Math.round(f * width);
        sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
        sb.append(String.format(java.util.Locale.ROOT, "%3d%% ", (int) (f * 100)));
        sb.append(Human.bytes(done)).append(" / ").append(Human.bytes(total));
        long elapsed = now - started;
        if (done > 0 && elapsed > 500_000_000L) {
            double perSecond = done / (elapsed / 1e9);
            sb.append("  ").append(Human.bytes((long) perSecond)).append("/s");
            if (total > done && perSecond > 0) {
                long eta = (long) Math.ceil((total - done) / perSecond);
                sb.append("  ETA ").append(eta / 3600 > 0 ? eta / 3600 + ":" : "")
                        .append(String.format(java.util.Locale.ROOT, eta / 3600 > 0 ? "%02d:%02d" : "%d:%02d", eta / 60 % 60, eta % 60));
            }
        }
        if (files > 0) {
            sb.append("  ").append(Human.plural(files, "file", "files"));
        }
        if (!label.isEmpty()) {
            // The end of a long path is what tells files apart: keep it, drop the start.
            String name = Human.path(label);
            int room = line - (sb.length() - 1) - 2;
            if (room >= 12) {
                sb.append("  ").append(name.length() <= room ? name : "..." + name.substring(name.length() - (room - 3)));
            }
        }
        // Fitted to the terminal: a wrapped progress line would scroll instead of redrawing.
        String text = sb.length() > line ? sb.substring(0, line) : sb.toString();
        int visible = text.length() - 1;
        err.print(text + " ".repeat(Math.max(0, drawnWidth - visible)));
        err.flush();
        drawnWidth = visible;
    }

    /** Prints {@code line} on stderr above the bar (erased first, redrawn by the next update). */
    synchronized void println(String line) {
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
            lastDraw = System.nanoTime() - INTERVAL_NANOS;
        }
        err.println(line);
        err.flush();
    }

    /** Erases the bar so the summary line that follows starts on a clean line. */
    @Override
    public synchronized void close() {
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }
}
