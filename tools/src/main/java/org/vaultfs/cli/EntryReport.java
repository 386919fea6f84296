package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.container.SkipKind;

/**
 * What seal and add tell the user while they run: progress on the bar, and one line per entry
 * left out ({@code vault: skipped PATH: permission denied}), symlinks and special files only
 * with {@code -v}. The counts make the summary and the exit code ({@link ExitCodes#SKIPPED}).
 */
final class EntryReport implements ProgressListener {
    private final ProgressBar bar;
    private final boolean verbose;
    private long special;
    private long problems;
    /** Entries with a problem, for --json; one small record each. */
    private final java.util.List<String[]> listed = new java.util.ArrayList<>();

    EntryReport(ProgressBar bar, boolean verbose) {
        this.bar = bar;
        this.verbose = verbose;
    }

    @Override
    public void advanced(long bytes) {
        bar.advance(bytes);
    }

    @Override
    public void fileDone(String vaultPath) {
        bar.fileDone(vaultPath);
    }

    @Override
    public synchronized void skipped(Path path, SkipKind kind, String reason) {
        if (kind.isProblem()) {
            problems++;
            listed.add(new String[] {path.toString(), kind.name().toLowerCase(java.util.Locale.ROOT), reason});
        } else {
            special++;
        }
        if (kind == SkipKind.CHANGED_WHILE_READ) {
            bar.println("vault: " + Human.path(path.toString()) + ": " + reason);
        } else if (kind.isProblem() || verbose) {
            bar.println("vault: skipped " + Human.path(path.toString()) + ": " + reason);
        }
    }

    synchronized java.util.List<String[]> listed() {
        return java.util.List.copyOf(listed);
    }

    synchronized long special() {
        return special;
    }

    synchronized long problems() {
        return problems;
    }

    /** 0, or {@link ExitCodes#SKIPPED} when some entry is not in the vault as it was on disk. */
    synchronized int exitCode() {
        return problems > 0 ? ExitCodes.SKIPPED : 0;
    }
}
