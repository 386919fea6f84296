package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.vaultfs.ecc.StandaloneCorrector;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Detached Reed-Solomon protection for any file, as FILE.aerocorrect (the AeroFTP format).
 * verify exits 0 intact, 12 damaged but repairable, 13 beyond repair; repair exits 13 when
 * the damage is beyond the parity (the file is then left unchanged).
 */
@Command(name = "correct", description = "Protect any file with a detached FILE.aerocorrect sidecar.",
        subcommands = {CorrectCommand.Gen.class, CorrectCommand.Verify.class, CorrectCommand.Repair.class})
final class CorrectCommand extends VaultCommand {
    @Override
    public Integer call() {
        throw new VaultException(Failure.INVALID_ARGUMENT, "correct needs a subcommand: gen, verify or repair");
    }

    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        CorrectCommand correct;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--parity", paramLabel = "SIDECAR", description = "Sidecar path (default FILE.aerocorrect).")
        Path parity;

        @Option(names = "--json", description = "Print one JSON object (README: JSON output) instead of the summary line.")
        boolean json;

        /** One object: {@code file}, {@code sidecar}, {@code state} and the shard counts of {@code r}. */
        void writeJson(String state, org.vaultfs.ecc.AvecReport r, long sidecarBytes) {
            Json.write(env().out(), g -> {
                g.writeStartObject();
                g.writeStringField("file", file.toString());
                g.writeStringField("sidecar", sidecar().toString());
                g.writeStringField("state", state);
                if (sidecarBytes >= 0) {
                    g.writeNumberField("sidecar_bytes", sidecarBytes);
                }
                g.writeNumberField("damaged_data_shards", r.damagedData());
                g.writeNumberField("damaged_parity_shards", r.damagedParity());
                g.writeNumberField("repaired_shards", r.repairedShards());
                g.writeNumberField("unrecoverable_groups", r.unrecoverableGroups());
                g.writeEndObject();
            });
        }

        CliEnv env() {
            return correct.env();
        }

        void summary(Supplier<String> line) {
            correct.summary(line);
        }

        void summary(String line) {
            correct.summary(line);
        }

        Path sidecar() {
            return parity != null ? parity : StandaloneCorrector.sidecarFor(file);
        }

        StandaloneCorrector corrector() {
            return Vault.corrector(Runtime.getRuntime().availableProcessors());
        }
    }

    @Command(name = "gen", description = "Write FILE.aerocorrect at an overhead level: low (7%%), medium (15%%), quartile (25%%), high (30%%) or 5-50.")
    static final class Gen extends Sub {
        @Option(names = "--ec", paramLabel = "LEVEL", defaultValue = "medium", description = "Overhead level: low (7%%), medium (15%%, default), quartile (25%%), high (30%%) or 5-50.")
        String level;

        @Option(names = "--force", description = "Replace an existing sidecar.")
        boolean force;

        @Override
        public Integer call() {
            int pct = StandaloneCorrector.parseLevel(level);
            if (pct == 0) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "--ec none writes no parity; nothing to generate");
            }
            SidecarGuard.requireAbsent(sidecar(), force);
            StandaloneCorrector.Generated g = corrector().generate(file, pct, sidecar());
            if (json) {
                writeJson("written", org.vaultfs.ecc.AvecReport.EMPTY, g.sidecarSize());
                return 0;
            }
            summary(() -> "wrote " + g.sidecar() + ": " + Human.bytes(g.sidecarSize()) + " for " + Human.bytes(g.fileSize())
                    + " (K=" + g.grid().k() + " P=" + g.grid().p() + ", " + g.pct() + "%, "
                    + Human.plural(g.segments(), "window", "windows") + ")");
            return 0;
        }
    }

    @Command(name = "verify", description = "Check FILE against its sidecar (read-only). Exit 0 intact, 12 repairable, 13 beyond repair.")
    static final class Verify extends Sub {
        @Override
        public Integer call() {
            StandaloneCorrector.Checked c = corrector().verify(file, sidecar());
            if (json) {
                writeJson(c.status().name().toLowerCase(java.util.Locale.ROOT), c.report(), -1);
                return c.status() == StandaloneCorrector.Status.CLEAN ? 0
                        : c.status() == StandaloneCorrector.Status.REPAIRABLE ? ScrubCommand.REPAIRABLE : ScrubCommand.UNREPAIRABLE;
            }
            switch (c.status()) {
                case CLEAN:
                    summary("verified: " + file + " is intact");
                    return 0;
                case REPAIRABLE:
                    summary("damaged: " + c.report().damagedData() + " shard(s); repairable (run: vault correct repair)");
                    return ScrubCommand.REPAIRABLE;
                default:
                    summary("damaged beyond the parity: " + c.report().unrecoverableGroups() + " group(s) unrecoverable");
                    return ScrubCommand.UNREPAIRABLE;
            }
        }
    }

    @Command(name = "repair", description = "Repair FILE from its sidecar, all or nothing. Exit 0 repaired or intact, 13 beyond repair.")
    static final class Repair extends Sub {
        @Override
        public Integer call() {
            StandaloneCorrector.Repaired r;
            try {
                r = corrector().repair(file, sidecar());
            } catch (VaultException e) {
                if (e.failure() != Failure.BLOCK_AUTH) {
                    throw e;
                }
                env().err().println("vault: " + e.getMessage());
                if (json) {
                    writeJson("unrepairable", org.vaultfs.ecc.AvecReport.EMPTY, -1);
                }
                return ScrubCommand.UNREPAIRABLE;
            }
            if (json) {
                writeJson(r.changed() ? "repaired" : "clean", r.report(), -1);
                return 0;
            }
            summary(r.changed() ? "repaired " + file + " (" + r.report().repairedShards() + " shard(s) rebuilt)"
                    : "verified: " + file + " is intact, nothing to repair");
            return 0;
        }
    }
}
