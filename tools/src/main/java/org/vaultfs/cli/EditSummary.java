package org.vaultfs.cli;

import org.vaultfs.container.EditStats;

/** The one-line result of seal and add, in the shape users know from restic and borg. */
final class EditSummary {
    private EditSummary() {
    }

    static String line(String verb, EditStats s, EntryReport report) {
        String l = line(verb, s, report.special());
        long p = report.problems();
        return p == 0 ? l : l + "; " + Human.plural(p, "entry", "entries") + " unreadable, unstorable or changed (named above)";
    }

    static String line(String verb, EditStats s, long skipped) {
        StringBuilder sb = new StringBuilder(verb).append(' ')
                .append(Human.plural(s.filesAdded(), "file", "files")).append(", ")
                .append(Human.bytes(s.bytesIn())).append(" in, ")
                .append(Human.bytes(s.bytesStored())).append(" stored, dedup saved ")
                .append(Human.bytes(s.dedupSavedBytes())).append(", ")
                .append(Human.rate(s.bytesIn(), s.nanos()));
        if (s.specialsRecorded() > 0) {
            sb.append("; recorded ").append(Human.plural(s.specialsRecorded(), "symlink or special file", "symlinks and special files"));
        }
        if (skipped > 0) {
            sb.append("; skipped ").append(Human.plural(skipped, "symlink or special file", "symlinks or special files"))
                    .append(" (not storable)");
        }
        return sb.toString();
    }

    /** seal/add --json: one object on stdout. */
    static void json(CliEnv env, String command, java.nio.file.Path vault, EditStats s, EntryReport report) {
        json(env, command, vault.toString(), s, report);
    }

    /** {@code vault}: a path or an {@code s3://} location, as given. */
    static void json(CliEnv env, String command, String vault, EditStats s, EntryReport report) {
        Json.write(env.out(), g -> {
            g.writeStartObject();
            g.writeStringField("command", command);
            g.writeStringField("vault", vault);
            g.writeNumberField("files_added", s.filesAdded());
            g.writeNumberField("bytes_in", s.bytesIn());
            g.writeNumberField("bytes_stored", s.bytesStored());
            g.writeNumberField("dedup_saved_bytes", s.dedupSavedBytes());
            g.writeNumberField("seconds", s.nanos() / 1e9);
            g.writeNumberField("special_files_skipped", report.special());
            g.writeNumberField("special_files_recorded", s.specialsRecorded());
            g.writeArrayFieldStart("problems");
            for (String[] p : report.listed()) {
                g.writeStartObject();
                g.writeStringField("path", p[0]);
                g.writeStringField("kind", p[1]);
                g.writeStringField("reason", p[2]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
