package org.vaultfs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Password options may come before the command, as restic and borg users type them
 * ({@code vault --password-file pw ls v}): they are moved behind the command line's
 * subcommands, where the commands that take them declare them.
 */
final class GlobalOptions {
    private static final Set<String> WITH_VALUE = Set.of("--password-file", "--password-command");

    private GlobalOptions() {
    }

    /** Whether -q/--quiet is among the options (picocli parses it too; the environment needs it before). */
    static boolean quiet(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-q") || a.equals("--quiet")) {
                return true;
            }
        }
        return false;
    }

    static String[] moveAfterCommand(String[] args) {
        List<String> moved = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("--")) {
                break; // the command (or the end of options): leave the rest as typed
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (WITH_VALUE.contains(name)) {
                moved.add(a);
                if (!a.contains("=") && i + 1 < args.length) {
                    moved.add(args[++i]);
                }
            } else {
                rest.add(a);
            }
        }
        if (moved.isEmpty() || i == args.length) {
            return args;
        }
        List<String> tail = new ArrayList<>(List.of(args).subList(i, args.length));
        int end = tail.indexOf("--");
        tail.addAll(end < 0 ? tail.size() : end, moved);
        rest.addAll(tail);
        return rest.toArray(new String[0]);
    }
}
