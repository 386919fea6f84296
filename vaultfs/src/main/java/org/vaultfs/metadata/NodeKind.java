package org.vaultfs.metadata;

/** What a path is; files and directories are also manifest entries, the others live only in the extension. */
public enum NodeKind {
    FILE("file", 0100000),
    DIR("dir", 0040000),
    SYMLINK("symlink", 0120000),
    FIFO("fifo", 0010000),
    CHAR_DEVICE("char", 0020000),
    BLOCK_DEVICE("block", 0060000);

    private final String json;
    private final int typeBits;

    NodeKind(String json, int typeBits) {
        this.json = json;
        this.typeBits = typeBits;
    }

    /** The name the payload uses. */
    public String json() {
        return json;
    }

    /** The {@code S_IFMT} bits of {@code st_mode}, as {@code ls -l} and FUSE want them. */
    public int typeBits() {
        return typeBits;
    }

    /** Not a manifest entry: the reference (and any reader without the extension) never sees it. */
    public boolean special() {
        return this != FILE && this != DIR;
    }

    public static NodeKind ofJson(String s) {
        for (NodeKind k : values()) {
            if (k.json.equals(s)) {
                return k;
            }
        }
        return null;
    }
}
