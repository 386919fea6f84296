package org.vaultfs.metadata;

/**
 * Fuzz-only bridge to the metadata payload's two readers, so one target can hold the canonical
 * fast path to the general reader. Lives in the fuzz module's test sources.
 */
public final class MetadataFuzzAccess {
    private MetadataFuzzAccess() {
    }

    /** The canonical fast path: null where it leaves the payload to the general reader. */
    public static TreeMetadata canonical(byte[] json) {
        return CanonicalMetadataReader.read(json);
    }

    /** The general (Jackson) reader, the one that decides every refusal. */
    public static TreeMetadata general(byte[] json) {
        return MetadataJson.readGeneral(json);
    }
}
