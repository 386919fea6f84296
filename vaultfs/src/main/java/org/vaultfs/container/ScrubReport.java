package org.vaultfs.container;

import java.util.List;
import org.vaultfs.ecc.AvecReport;

/**
 * What {@code vault scrub} found. {@code state} drives the CLI exit code: CLEAN 0,
 * REPAIRABLE 12, UNREPAIRABLE 13.
 */
public record ScrubReport(State state, long chunks, List<String> damagedChunks, boolean headerDamaged,
                          boolean manifestDamaged, boolean extensionDirectoryDamaged, boolean parityDamaged,
                          boolean sidecarStale,
                          String paritySource, AvecReport data, List<String> problems, boolean repaired) {

    public enum State { CLEAN, REPAIRABLE, UNREPAIRABLE }

    public ScrubReport {
        damagedChunks = List.copyOf(damagedChunks);
        problems = List.copyOf(problems);
    }

    public ScrubReport withRepaired() {
        return new ScrubReport(state, chunks, damagedChunks, headerDamaged, manifestDamaged, extensionDirectoryDamaged,
                parityDamaged, sidecarStale, paritySource, data, problems, true);
    }
}
