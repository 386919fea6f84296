package org.vaultfs.cli;

import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vaultfs.fuse.FuseSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The `vault` command: parses arguments, runs one subcommand, maps its outcome to an exit code. */
@Command(name = "vault", mixinStandardHelpOptions = true, version = "vault 0.1.0 (AEROVAULT3)",
        description = "Create, read and edit AeroVault v3 (AEROVAULT3) encrypted archives.",
        footerHeading = "", footer = {})
public final class VaultMain implements Runnable {
    /** In the order `vault --help` lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(SealCommand.class, AddCommand.class, LsCommand.class, CatCommand.class,
            ExtractCommand.class, InfoCommand.class, VerifyCommand.class, MkdirCommand.class, RmCommand.class, MvCommand.class, CpCommand.class,
            PasswdCommand.class, MountCommand.class, UmountCommand.class, ScrubCommand.class, RepairCommand.class,
            ParityCommand.class, CorrectCommand.class, ConvertCommand.class, PushCommand.class, PullCommand.class,
            CompletionCommand.class);

    private final CliEnv env;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print a stack trace on errors.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress and no summary line (errors, warnings and the command's output still print).")
    boolean quiet;

    public VaultMain(CliEnv env) {
        this.env = env;
    }

    CliEnv env() {
        return env;
    }

    @Override
    public void run() {
        // `vault` alone: show what it can do rather than failing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";
    static final String EXCLUDED_CONVERTERS = "java\\.(time|sql)\\..*";

    public static void main(String[] args) {
        // The AWS SDK logs through SLF4J, which has no provider here and would say so in three
        // lines on stderr at the first S3 command; the CLI reports what matters itself.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        org.vaultfs.Vault.useLibraryCopies(); // before zstd-jni or jnr-ffi first loads its library
        if ("mount".equals(subcommandName(args))) {
            // The FUSE probe, ~0.1 s of a cold start, then runs beside picocli's set-up
            // instead of after it; the mount command waits for its answer.
            FuseSupport.probeInBackground();
        }
        CliEnv env = CliEnv.system();
        // Ctrl-C and SIGTERM run shutdown hooks and exit 130 and 143: temp and lock files go first.
        Runtime.getRuntime().addShutdownHook(new Thread(org.vaultfs.error.InterruptCleanup::removeAll, "vault-interrupt-cleanup"));
        if (!ProcessHardening.apply()) {
            env.err().println("vault: warning: cannot disable core dumps or clear the password from the environment (libc unreachable)");
        }
        int code = run(args, env);
        env.out().flush();
        env.err().flush();
        System.exit(code);
    }

    /** Runs one command line against {@code env}; returns the exit code. */
    public static int run(String[] rawArgs, CliEnv env) {
        String[] args = GlobalOptions.moveAfterCommand(rawArgs);
        // picocli registers converters for the java.time and java.sql types by reflection when a
        // command line is built, loading and initialising about 80 JDK classes (DateTimeFormatter
        // and its locale data among them) at every start; no vault option has such a type
        // (HelpTest.noOptionHasATypeWhoseConverterIsLeftOut).
        if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTER_EXCLUDES, EXCLUDED_CONVERTERS);
        }
        CommandLine cl = new CommandLine(new VaultMain(GlobalOptions.quiet(args) ? env.quietly() : env));
        addSubcommands(cl, args);
        CommandTree.decorate(cl);
        ErrorReporter reporter = new ErrorReporter(env);
        cl.setOut(new PrintWriter(new OutputStreamWriter(env.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(env.err(), StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        cl.getCommandSpec().usageMessage().footer(ExitCodes.footer());
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // Errors bypass picocli's handlers; they still get one line, never a stack trace.
            env.err().println(outOfMemoryLine(e));
            return 1;
        } catch (Error e) {
            env.err().println("vault: internal error: " + e);
            return 1;
        } finally {
            env.out().flush();
        }
    }

    /**
     * One line for an out-of-memory error, with the remedy for what ran out: the JVM's heap, its
     * cap on native buffers, or memory the system refused (Argon2id's 128 MiB under an
     * address-space limit, for one), where a bigger heap would only make things worse.
     */
    static String outOfMemoryLine(OutOfMemoryError e) {
        String what = String.valueOf(e.getMessage());
        String remedy;
        if (what.contains("Java heap space") || what.contains("GC overhead limit")) {
            remedy = "give the JVM more heap, e.g. VAULT_JAVA_OPTS=-Xmx1g";
        } else if (what.contains("direct buffer memory")) {
            remedy = "give the JVM more native buffers, e.g. VAULT_JAVA_OPTS=-XX:MaxDirectMemorySize=1g";
        } else {
            remedy = "the system refused memory: check this process's limits (ulimit -v, the cgroup's memory.max)";
        }
        return "vault: out of memory (" + what + "); " + remedy;
    }

    /**
     * Registers only the subcommand being run: picocli introspects every registered command
     * up front, which for all of them costs about 0.1 s of a cold start. Help, version and
     * anything unrecognised get the full set, so listings and "did you mean" stay complete.
     */
    static void addSubcommands(CommandLine cl, String[] args) {
        String name = subcommandName(args);
        for (Class<?> c : SUBCOMMANDS) {
            if (c.getAnnotation(Command.class).name().equals(name)) {
                cl.addSubcommand(c);
                return;
            }
        }
        for (Class<?> c : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
    }

    /** The first argument that is not an option: vault's own options take no values. */
    private static String subcommandName(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }
}
