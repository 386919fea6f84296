package org.vaultfs.compression;

import java.util.Locale;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Named presets from the reference spec's profile table (AEROVAULT-V3-SPEC section 3).
 * Only the level is recorded in a vault; the bounds follow from it.
 */
public enum CompressionProfile {
    FAST(3),
    BALANCED(9),
    ARCHIVE(19);

    public static final CompressionProfile DEFAULT = BALANCED;

    private final int level;

    CompressionProfile(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    public CdcBounds bounds() {
        return CdcBounds.forLevel(level);
    }

    /** The lowercase name used on the command line and in the spec. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CompressionProfile fromId(String id) {
        for (CompressionProfile p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new VaultException(Failure.INVALID_ARGUMENT,
                "unknown compression profile '" + id + "' (expected fast, balanced or archive)");
    }
}
