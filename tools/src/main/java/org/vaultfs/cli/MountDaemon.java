package org.vaultfs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * --background: the JVM cannot fork, so it re-executes itself (same java, same classpath)
 * as a detached child that mounts in the foreground. The password travels over the child's
 * stdin, never argv or the environment. The child prints one READY line once the mount
 * serves requests; the parent relays any earlier failure's exit code. The ./vault launcher
 * avoids this second JVM (see --ready-fd); this path serves direct java invocations and
 * in-process callers.
 */
final class MountDaemon {
    static final String CHILD_FLAG = "--daemon-child";

    private MountDaemon() {
    }

    static int launch(List<String> childArgs, byte[] password) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // own session: the terminal's Ctrl-C and hangup do not reach it
        }
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms")) {
                cmd.add(a);
            }
        }
        // The jar manifest's Add-Opens does not apply to -cp; keep the intrinsic GHASH path.
        cmd.add("--add-opens");
        cmd.add("java.base/com.sun.crypto.provider=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MountCommand.class.getName());
        cmd.addAll(childArgs);
        cmd.add(CHILD_FLAG);
        Process child;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().remove(Passwords.ENV); // it arrives on stdin; the child's environment is readable in /proc
            pb.environment().remove(Passwords.NEW_ENV);
            child = pb.start();
        } catch (IOException e) {
            throw VaultException.io("cannot start the background mount process", e);
        }
        try (OutputStream in = child.getOutputStream()) {
            in.write(password);
            in.write('\n');
        } catch (IOException e) {
            child.destroy();
            throw VaultException.io("cannot hand the password to the background mount process", e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine(); // READY, or null when the child exits having failed
            if (Detach.READY.equals(line)) {
                return 0;
            }
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroy();
                throw new VaultException(Failure.IO, "the background mount process neither mounted nor exited");
            }
            return child.exitValue() == 0 ? Failure.IO.exitCode() : child.exitValue();
        } catch (IOException e) {
            throw VaultException.io("lost contact with the background mount process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return Failure.IO.exitCode();
        }
    }
}
