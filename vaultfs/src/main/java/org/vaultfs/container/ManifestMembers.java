package org.vaultfs.container;

/**
 * The members each JSON object of the manifest (SPEC.md §7) and the extension directory
 * (§12.1) may hold, and which of them are required. A reader marks each member it meets in
 * a bit set ({@link JsonMembers#known}), which refuses repeats, and checks the required ones
 * at the end ({@link JsonMembers#hasRequired}).
 */
final class ManifestMembers {
    private ManifestMembers() {
    }

    /** A member of one JSON object kind; required unless its constant says otherwise. */
    interface Member {
        int ordinal();

        default boolean required() {
            return true;
        }
    }

    /** The top-level manifest object. */
    enum Top implements Member {
        FORMAT, CREATED, MODIFIED, WRAPPERS, ENTRIES, CHUNKS,
        ERROR_CORRECTION_PCT {
            @Override
            public boolean required() {
                return false;
            }
        };

        static final long REQUIRED = JsonMembers.requiredMask(values());
    }

    /** A wrapper's algorithm spec. */
    enum Spec implements Member {
        ALGORITHM_ID, ALGORITHM_VERSION,
        LEVEL {
            @Override
            public boolean required() {
                return false;
            }
        },
        BOUNDS {
            @Override
            public boolean required() {
                return false;
            }
        };

        static final long REQUIRED = JsonMembers.requiredMask(values());
    }

    /** The chunking wrapper's CDC bounds. */
    enum Bounds implements Member {
        MIN, AVG, MAX;

        static final long REQUIRED = JsonMembers.requiredMask(values());
    }

    /** One entry of {@code entries}. */
    enum EntryMember implements Member {
        PATH, SIZE, MODIFIED, IS_DIR, CHUNKS,
        PACK_OFFSET {
            @Override
            public boolean required() {
                return false;
            }
        };

        static final long REQUIRED = JsonMembers.requiredMask(values());
    }

    /** One record of {@code chunks}; {@code stored_raw} absent means false, as the reference's serde default. */
    enum Chunk implements Member {
        ID, BLOCK_INDEX, DATA_OFFSET, BLOCK_LEN, PLAINTEXT_LEN, COMPRESSED_LEN, CIPHER_HASH,
        STORED_RAW {
            @Override
            public boolean required() {
                return false;
            }
        };

        static final long REQUIRED = JsonMembers.requiredMask(values());
    }

    /** One entry of the extension directory. */
    enum Extension implements Member {
        EXTENSION_ID, ALGORITHM_ID, ALGORITHM_VERSION, CRITICAL, OFFSET, LENGTH;

        static final long REQUIRED = JsonMembers.requiredMask(values());
    }
}
