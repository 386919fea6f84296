package org.vaultfs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fuse.MountTable;
import org.vaultfs.fuse.Unmounter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vault umount MOUNTPOINT}: unmounts a vault mounted with {@code vault mount}. */
@Command(name = "umount", description = "Unmount a mounted vault.")
public final class UmountCommand implements Callable<Integer> {
    private static final String TYPE = "fuse.vaultfs";

    @Parameters(index = "0", paramLabel = "MOUNTPOINT")
    Path mountPoint;

    @Option(names = "--lazy", description = "Detach now even if files are still open in it (they keep working until closed).")
    boolean lazy;

    private final PrintStream err;

    public UmountCommand() {
        this(System.err);
    }

    UmountCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            String type = MountTable.typeAt(mountPoint);
            if (type == null) {
                throw new VaultException(Failure.NOT_FOUND, "nothing is mounted on " + mountPoint);
            }
            if (!TYPE.equals(type)) {
                // Refuse to unmount someone else's filesystem by mistyping a path.
                throw new VaultException(Failure.CONFLICT, mountPoint + " is a " + type + " mount, not a vault");
            }
            try {
                Unmounter.unmount(mountPoint, lazy);
            } catch (VaultException e) {
                if (e.failure() == Failure.CONFLICT) {
                    throw new VaultException(Failure.CONFLICT, mountPoint + " is busy (a file is open or a shell is inside it); close it or use --lazy");
                }
                throw e;
            }
            return 0;
        } catch (VaultException e) {
            err.println("vault: " + e.getMessage().replace('\n', ' '));
            return e.failure().exitCode();
        }
    }
}
