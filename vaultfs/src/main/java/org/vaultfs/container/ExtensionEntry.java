package org.vaultfs.container;

/** One extension-directory record; offset and length are relative to the payload area. */
public record ExtensionEntry(String extensionId, String algorithmId, long algorithmVersion, boolean critical,
                             long offset, long length) {

    public static final String EC_DATA = "error-correction.reed-solomon";
    public static final String EC_METADATA = "error-correction-metadata.reed-solomon";

    public ExtensionEntry withSlice(long newOffset, long newLength) {
        return new ExtensionEntry(extensionId, algorithmId, algorithmVersion, critical, newOffset, newLength);
    }
}
