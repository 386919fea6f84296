package org.vaultfs.cli;

import org.vaultfs.container.MetadataCapture;
import picocli.CommandLine.Option;

/** seal and add: what is recorded beyond plain files (README "Metadata"). */
public final class MetadataOptions {
    @Option(names = "--no-metadata", description = {"Store plain files only, as the reference does: no modes, owners,"
            + " nanosecond times, symlinks, hard links, FIFOs, device nodes or xattrs."})
    boolean none;

    @Option(names = "--no-xattrs", description = "Record everything but extended attributes.")
    boolean noXattrs;

    MetadataCapture capture() {
        return none ? MetadataCapture.NONE : noXattrs ? MetadataCapture.WITHOUT_XATTRS : MetadataCapture.ALL;
    }
}
