package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.VaultSource;

/**
 * The container families the AeroVault reference writes, told apart by their first ten bytes.
 * A reader is chosen by lineage before anything else is parsed, so a second lineage plugs in
 * beside the first without its callers knowing which one they hold.
 */
public enum ContainerLineage {
    /** SPEC.md: the AEROVAULT3 container ("v3"; "v4" with Reed-Solomon parity). */
    AEROVAULT3("AEROVAULT3"),
    /** The legacy container the reference CLI's top-level commands still write. */
    AEROVAULT2("AEROVAULT2");

    private static final int MAGIC_LEN = 10;

    private final byte[] magic;

    ContainerLineage(String magic) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The lineage whose magic {@code source} starts with, or empty: a short or foreign file is
     * left to the AEROVAULT3 reader, whose ordered checks (SPEC.md §3.4) name its failure.
     */
    public static Optional<ContainerLineage> detect(VaultSource source) {
        ByteBuffer b = ByteBuffer.allocate(MAGIC_LEN);
        try {
            while (b.hasRemaining() && source.read(b, b.position()) >= 0) {
                // keep reading: a source may return fewer bytes than asked
            }
        } catch (IOException e) {
            throw VaultException.io("cannot read " + source.name(), e);
        }
        return of(b.array(), b.position());
    }

    /** The lineage whose whole magic the first {@code n} bytes of {@code head} hold. */
    public static Optional<ContainerLineage> of(byte[] head, int n) {
        for (ContainerLineage l : values()) {
            if (n >= MAGIC_LEN && Arrays.equals(head, 0, MAGIC_LEN, l.magic, 0, MAGIC_LEN)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The failure for a vault of a lineage this version recognises but cannot open yet. */
    public VaultException notYetSupported(String sourceName) {
        return new VaultException(Failure.UNSUPPORTED_VERSION, sourceName + " is an " + magic()
                + " vault (the legacy AeroVault lineage), which this version of vaultfs cannot open yet");
    }

    /** The magic as text ("AEROVAULT3"). */
    public String magic() {
        return new String(magic, StandardCharsets.US_ASCII);
    }
}
