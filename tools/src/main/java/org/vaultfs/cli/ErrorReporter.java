package org.vaultfs.cli;

import java.io.PrintWriter;
import org.vaultfs.error.VaultException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one stderr line and an exit code. Library failures carry their
 * code; usage mistakes exit 2; anything else is a bug, reported as such (stack trace only
 * with --debug: a trace is noise to users and may leak paths into bug reports).
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final CliEnv env;

    ErrorReporter(CliEnv env) {
        this.env = env;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        if (ex instanceof VaultException ve) {
            line(ve.getMessage());
            debugTrace(ex, parsed);
            return ve.failure().exitCode();
        }
        String detail = ex.getMessage() == null ? ex.getClass().getName() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        line("internal error: " + oneLine(detail) + (debug(parsed) ? "" : " (run with --debug for details)"));
        debugTrace(ex, parsed);
        return ExitCodes.INTERNAL;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            hint = Suggestions.hint(u.getUnmatched().get(0), cmd.getSubcommands().keySet());
        }
        line(oneLine(ex.getMessage()) + hint + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }

    private void line(String message) {
        env.out().flush();
        env.err().println("vault: " + oneLine(message));
        env.err().flush();
    }

    private static String oneLine(String s) {
        return s == null ? "" : Human.path(s.strip().replace('\n', ' ').replace("\r", ""));
    }

    private void debugTrace(Exception ex, ParseResult parsed) {
        if (debug(parsed)) {
            PrintWriter w = new PrintWriter(env.err(), true);
            ex.printStackTrace(w);
        }
    }

    private static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
