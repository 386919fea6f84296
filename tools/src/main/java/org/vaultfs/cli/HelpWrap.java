package org.vaultfs.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help text wrapped at the terminal's width, at spaces only. picocli wraps with the JDK's line
 * break rules, which also break after '.', '-' and '/', splitting "VAULT.aerocorrect" or
 * "--ec-placement" across lines; so every section is rendered unwrapped and wrapped here, with
 * continuation lines indented under the text they continue.
 */
final class HelpWrap {
    private static final int UNWRAPPED = 10_000;
    /** A two-column row: a name column, two or more spaces, then the text column. */
    private static final Pattern ROW = Pattern.compile("^(\\s*\\S.*?\\S)( {2,})(\\S.*)$");

    private HelpWrap() {
    }

    /**
     * Sets the command up for wrapped help. The sections themselves are wrapped only when help
     * is rendered (by the help factory): most runs print none, and wrapping them at every start
     * spun two lambda classes and kept picocli's section renderers out of the class-data archive.
     */
    static void apply(CommandLine cl) {
        cl.setUsageHelpWidth(UNWRAPPED);
        cl.setUsageHelpLongOptionsMaxWidth(30);
        cl.setHelpFactory(WRAPPING);
    }

    private static final CommandLine.IHelpFactory WRAPPING = new WrappingHelpFactory();

    private static final class WrappingHelpFactory implements CommandLine.IHelpFactory {
        @Override
        public CommandLine.Help create(CommandLine.Model.CommandSpec spec, CommandLine.Help.ColorScheme scheme) {
            wrapSections(spec.usageMessage());
            return new CommandLine.Help(spec, scheme);
        }
    }

    private static void wrapSections(UsageMessageSpec usage) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = usage.sectionMap();
        for (Map.Entry<String, CommandLine.IHelpSectionRenderer> e : sections.entrySet()) {
            if (!(e.getValue() instanceof WrappedSection)) {
                e.setValue(new WrappedSection(e.getValue(), e.getKey().equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)));
            }
        }
        usage.sectionMap(sections);
    }

    /** One help section rendered unwrapped by picocli, then wrapped at the terminal's width. */
    private static final class WrappedSection implements CommandLine.IHelpSectionRenderer {
        private final CommandLine.IHelpSectionRenderer inner;
        private final boolean synopsis;

        WrappedSection(CommandLine.IHelpSectionRenderer inner, boolean synopsis) {
            this.inner = inner;
            this.synopsis = synopsis;
        }

        @Override
        public String render(CommandLine.Help help) {
            if (!synopsis) {
                return wrap(inner.render(help), terminalWidth(), false);
            }
            // Printed after its heading ("Usage: "), which counts towards the first line.
            String heading = help.synopsisHeading();
            return wrap(heading + inner.render(help), terminalWidth(), true).substring(heading.length());
        }
    }

    static String wrap(String text, int width, boolean synopsis) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            wrapLine(out, lines[i], width, synopsis ? synopsisIndent(lines[i]) : indentOf(lines[i]));
        }
        return out.toString();
    }

    private static int synopsisIndent(String line) {
        // "Usage: vault parity export [-h] ...": continuations line up under the first option.
        int bracket = line.indexOf(" [");
        int indent = bracket > 0 ? bracket + 1 : line.indexOf(' ') + 1;
        return Math.min(indent, 40);
    }

    private static int indentOf(String line) {
        Matcher m = ROW.matcher(line);
        if (m.matches() && m.start(3) < 40) {
            return m.start(3);
        }
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        return lead;
    }

    private static void wrapLine(StringBuilder out, String line, int width, int indent) {
        String rest = line;
        boolean first = true;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            int floor = first ? indent : indent + 1;
            if (cut <= floor) {
                cut = rest.indexOf(' ', width); // a word longer than the line: it stays whole
                if (cut < 0) {
                    break;
                }
            }
            out.append(rest, 0, cut).append('\n');
            rest = " ".repeat(indent) + rest.substring(cut).stripLeading();
            first = false;
        }
        out.append(rest);
    }

    /** $COLUMNS, else the terminal's own width, else 80; asked only when help is printed. */
    static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{2,4}")) {
            return Math.max(40, Integer.parseInt(columns) - 1);
        }
        if (System.console() != null && new File("/dev/tty").canRead()) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor() == 0 && size.matches("\\d+ \\d+")) {
                    return Math.max(40, Integer.parseInt(size.split(" ")[1]) - 1);
                }
            } catch (java.io.IOException e) {
                // no stty: the default below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 79;
    }
}
