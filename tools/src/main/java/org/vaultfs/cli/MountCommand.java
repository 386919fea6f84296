package org.vaultfs.cli;

import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.remote.S3Source;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fuse.FuseMount;
import org.vaultfs.fuse.FuseSupport;
import org.vaultfs.fuse.MountConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vault mount VAULT MOUNTPOINT}: a read-only FUSE view; decrypted bytes stay in memory. */
@Command(name = "mount",
        description = {"Mount a vault read-only on an empty directory. Stays in the foreground until Ctrl-C or SIGTERM",
                "(or 'vault umount MOUNTPOINT'), then unmounts. Decrypted data is only ever held in memory.",
                "With only MOUNTPOINT, the vault is $VAULT_FILE (as restic mount takes $RESTIC_REPOSITORY)."})
public final class MountCommand implements Callable<Integer> {
    static final String VAULT_FILE_ENV = "VAULT_FILE";

    @Parameters(arity = "1..2", paramLabel = "[VAULT] MOUNTPOINT",
            description = "The vault file or s3://BUCKET/KEY (default $VAULT_FILE) and an existing, empty directory.")
    List<String> places = new ArrayList<>();

    @picocli.CommandLine.Mixin
    S3EndpointOptions s3 = new S3EndpointOptions();

    @Option(names = "-o", paramLabel = "OPTIONS", split = ",",
            description = "Mount options: uid=N and gid=N (the owner the files show), stored_owners (the owners the vault"
                    + " records instead), allow_other, ro (always).")
    List<String> mountOptions = new ArrayList<>();

    VaultLocation vault;
    Path mountPoint;

    @Option(names = "--cache-size", paramLabel = "SIZE", defaultValue = "256M",
            description = "Memory for decoded blocks, e.g. 64M, 1G (default: ${DEFAULT-VALUE}).")
    String cacheSize;

    @Option(names = "--umask", paramLabel = "OCTAL", defaultValue = "0277",
            description = "Masks permission bits; default ${DEFAULT-VALUE} gives files 0400 and directories 0500. Write bits are never granted.")
    String umask;

    @Option(names = "--allow-other", description = "Let other users (root included) see the mount; needs user_allow_other in /etc/fuse.conf for non-root.")
    boolean allowOther;

    @Option(names = "--background", description = "Return once mounted, leaving a background process serving it.")
    boolean background;

    @Option(names = "--no-repair", description = {"Fail reads of damaged blocks with EIO instead of rebuilding them in memory",
        "from the vault's parity (embedded or VAULT.aerocorrect). The vault is never written either way."})
    boolean noRepair;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE ('-': standard input; else $VAULT_PASSWORD_FILE, $VAULT_PASSWORD_COMMAND, $VAULT_PASSWORD, else a prompt).")
    Path passwordFile;

    @Option(names = MountDaemon.CHILD_FLAG, hidden = true, description = "Internal: the re-executed background process.")
    boolean daemonChild;

    @Option(names = "--ready-fd", hidden = true, defaultValue = "-1",
            description = "Internal: with --background, this JVM was started in the background by the ./vault launcher,"
                    + " which waits for a READY line on this descriptor instead of a second JVM being started.")
    int readyFd;

    private final PrintStream err;

    public MountCommand() {
        this(System.err);
    }

    MountCommand(PrintStream err) {
        this.err = err;
    }

    /** Entry point of the background child (and usable standalone). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MountCommand()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (VaultException e) {
            err.println("vault: " + e.getMessage().replace('\n', ' '));
            return e.failure().exitCode();
        }
    }

    private int run() throws VaultException {
        resolvePlaces();
        long cacheBytes = parseSize(cacheSize);
        int mask = parseUmask(umask);
        MountConfig config = applyOptions(MountConfig.forCurrentUser().withUmask(mask).withAllowOther(allowOther));
        // Everything that can be checked without the password fails before the prompt (the
        // libfuse probe, still running, is waited for only if a file it needs is missing).
        FuseSupport.unavailableReasonUnlessLikely().ifPresent(why -> {
            throw new VaultException(Failure.IO, why);
        });
        if (!vault.isRemote() && !Files.isRegularFile(vault.local())) {
            throw new VaultException(Failure.NOT_FOUND, "vault " + vault + " does not exist");
        }
        FuseMount.checkMountPoint(mountPoint);
        boolean reexecutes = background && !daemonChild && readyFd < 0; // a child JVM will mount, not this one
        // A remote vault is reached (HEAD: it exists, the credentials work) before the prompt.
        S3Source remote = vault.isRemote() && !reexecutes
                ? s3.open(vault.remote(), CliEnv.system()) : null;
        if (!reexecutes && (daemonChild || background)) {
            Detach.prepareInBackground();
        }
        if (!reexecutes && remote == null) {
            Vault.prefetch(vault.local()); // during the prompt and the key derivation
        }
        byte[] password;
        try {
            password = daemonChild ? readStdinPassword() : Passwords.current(CliEnv.system(), passwordFile);
        } catch (RuntimeException e) {
            if (remote != null) {
                remote.close();
            }
            throw e;
        }
        if (reexecutes) {
            return MountDaemon.launch(childArgs(), password);
        }
        Vault opened;
        try {
            // A wrong password fails here, before any mount. Repairs and damage go to stderr, which
            // a detached daemon keeps only when it is a terminal or a file.
            OpenOptions options = OpenOptions.DEFAULT.withRepairFromParity(!noRepair)
                    .withListener(e -> err.println("vaultfs: " + e.message()));
            opened = remote != null ? Vault.open(remote, password, options) : Vault.open(vault.local(), password, options);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        VaultFileSystem fs = opened.toFileSystem(cacheBytes);
        FuseMount mount;
        try {
            mount = FuseMount.mount(fs, mountPoint, config);
        } catch (RuntimeException e) {
            fs.close();
            throw e;
        }
        try (MountSession session = new MountSession(fs, mount)) {
            int ready = daemonChild ? 1 : background ? readyFd : -1;
            // The same line in the foreground and the background (there, before stderr is let go).
            err.println("vault: mounted " + vault + " on " + mountPoint + " (read-only); "
                    + (ready >= 0 ? "" : "Ctrl-C or ") + "'vault umount " + mountPoint + "' to unmount");
            err.flush();
            if (ready >= 0) {
                Detach.signalReady(ready);
            }
            session.awaitUnmounted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** [VAULT] MOUNTPOINT: with one path, the vault comes from $VAULT_FILE. */
    private void resolvePlaces() {
        if (places.size() == 2) {
            vault = VaultLocation.of(places.get(0));
            mountPoint = Path.of(places.get(1));
            return;
        }
        String fromEnv = System.getenv(VAULT_FILE_ENV);
        if (fromEnv == null || fromEnv.isEmpty()) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "no vault: give VAULT MOUNTPOINT, or set $" + VAULT_FILE_ENV);
        }
        vault = VaultLocation.of(fromEnv);
        mountPoint = Path.of(places.get(0));
    }

    /** {@code -o uid=N,gid=N,allow_other,ro}; anything else is refused rather than ignored. */
    MountConfig applyOptions(MountConfig base) {
        MountConfig c = base;
        Integer uid = null;
        Integer gid = null;
        for (String o : mountOptions) {
            String opt = o.trim();
            if (opt.isEmpty() || opt.equals("ro")) {
                continue;
            }
            if (opt.equals("allow_other")) {
                c = c.withAllowOther(true);
            } else if (opt.equals("stored_owners")) {
                c = c.withStoredOwners(true);
            } else if (opt.startsWith("uid=")) {
                uid = parseId(opt);
            } else if (opt.startsWith("gid=")) {
                gid = parseId(opt);
            } else {
                throw new VaultException(Failure.INVALID_ARGUMENT, "unknown mount option -o " + opt
                        + " (known: uid=N, gid=N, stored_owners, allow_other, ro)");
            }
        }
        return uid == null && gid == null ? c : c.withOwner(uid == null ? c.uid() : uid, gid == null ? c.gid() : gid);
    }

    private static int parseId(String opt) {
        try {
            int v = Integer.parseInt(opt.substring(4));
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VaultException(Failure.INVALID_ARGUMENT, "invalid mount option -o " + opt + " (expected a number)");
    }

    /** The background child's password arrives on stdin from its parent, never as an argument (visible in ps). */
    private byte[] readStdinPassword() {
        return Passwords.firstLine(System.in, "the password from the parent process");
    }

    private List<String> childArgs() {
        List<String> a = new ArrayList<>();
        a.add(vault.isRemote() ? vault.toString() : vault.local().toAbsolutePath().toString());
        if (s3.endpoint != null) {
            a.add("--endpoint=" + s3.endpoint);
        }
        if (Boolean.TRUE.equals(s3.pathStyle)) {
            a.add("--path-style");
        }
        a.add(mountPoint.toAbsolutePath().toString());
        a.add("--cache-size=" + cacheSize);
        for (String o : mountOptions) {
            a.add("-o");
            a.add(o);
        }
        a.add("--umask=" + umask);
        if (allowOther) {
            a.add("--allow-other");
        }
        if (noRepair) {
            a.add("--no-repair");
        }
        return a;
    }

    /** Bytes, or a number with K/M/G (binary units), optional trailing B or iB. */
    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                default -> shift = -1;
            }
            if (shift >= 0) {
                t = t.substring(0, t.length() - 1);
            } else {
                shift = 0;
            }
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "invalid --cache-size " + s + " (expected e.g. 256M or 1G)");
        }
    }

    static int parseUmask(String s) {
        try {
            int m = Integer.parseInt(s.trim(), 8);
            if (m >= 0 && m <= 0777) {
                return m;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VaultException(Failure.INVALID_ARGUMENT, "invalid --umask " + s + " (expected an octal value such as 0277)");
    }
}
