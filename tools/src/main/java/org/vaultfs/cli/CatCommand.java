package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Streams one file's raw bytes to stdout, one block in memory at a time. Like extract and
 * mount, a block the vault's parity can rebuild is served repaired (one line on stderr).
 */
@Command(name = "cat", description = {"Write a file's contents to standard output.",
        "Blocks the vault's parity (embedded or VAULT.aerocorrect) can rebuild are repaired in memory."})
final class CatCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (read in place with ranged requests).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Mixin
    PasswordOptions password;

    /** Cat writes one file's bytes, never its metadata, so its open does not read that ahead. */
    @Override
    boolean readsMetadata() {
        return false;
    }

    @Override
    public Integer call() throws IOException {
        try (Vault v = openVault(vault, password, s3)) {
            Entry e = v.require(path);
            PrintStream out = env().out();
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = v.newInputStream(e.path())) {
                int n;
                while ((n = readNamed(in, buf, e)) >= 0) {
                    out.write(buf, 0, n);
                    // PrintStream swallows write errors: ask after every block, or a closed pipe
                    // would have us decode to the end of a file of any (deduplicated) size.
                    if (out.checkError()) {
                        return writeFailed();
                    }
                }
            } finally {
                Arrays.fill(buf, (byte) 0);
            }
            out.flush();
            if (out.checkError()) {
                return writeFailed();
            }
        }
        return 0;
    }

    /** A block that cannot be read is reported under the file's name, with what to try. */
    private static int readNamed(InputStream in, byte[] buf, Entry e) throws IOException {
        try {
            return in.read(buf);
        } catch (VaultException ve) {
            String hint = ve.failure().exitCode() == Failure.BLOCK_AUTH.exitCode()
                    ? "; damaged beyond the parity ('vault extract --salvage' extracts every intact file)" : "";
            throw new VaultException(ve.failure(), VaultPaths.printable(e.path()) + ": " + ve.getMessage() + hint, ve);
        }
    }

    /**
     * A reader that went away (`vault cat ... | head`) ends the command quietly, as SIGPIPE
     * would; any other failed write (a full disk behind a redirection) is an error.
     */
    private int writeFailed() {
        if (stdoutIsPipe()) {
            return ExitCodes.BROKEN_PIPE;
        }
        throw new VaultException(Failure.IO, "cannot write to standard output");
    }

    private static boolean stdoutIsPipe() {
        try {
            return java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
