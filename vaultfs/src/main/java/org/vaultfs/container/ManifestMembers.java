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

    /** Something a member enum can say about each constant. */
    interface Member {
        int ordinal();

        boolean required();
    }

    /** The top-level manifest object. */
    enum Top implements Member {
        FORMAT, CREATED, MODIFIED, WRAPPERS, ENTRIES, CHUNKS, ERROR_CORRECTION_PCT(false);

        static final long REQUIRED = JsonMembers.requiredMask(values());
        private final boolean required;

        Top() {
            this(true);
        }

        Top(boolean required) {
            this.required = required;
        }

        @Override
        public boolean required() {
            return required;
        }
    }

    /** A wrapper's algorithm spec. */
    enum Spec implements Member {
        ALGORITHM_ID, ALGORITHM_VERSION, LEVEL(false), BOUNDS(false);

        static final long REQUIRED = JsonMembers.requiredMask(values());
        private final boolean required;

        Spec() {
            this(true);
        }

        Spec(boolean required) {
            this.required = required;
        }

        @Override
        public boolean required() {
            return required;
        }
    }

    /** The chunking wrapper's CDC bounds. */
    enum Bounds implements Member {
        MIN, AVG, MAX;

        static final long REQUIRED = JsonMembers.requiredMask(values());

        @Override
        public boolean required() {
            return true;
        }
    }

    /** One entry of {@code entries}. */
    enum EntryMember implements Member {
        PATH, SIZE, MODIFIED, IS_DIR, CHUNKS, PACK_OFFSET(false);

        static final long REQUIRED = JsonMembers.requiredMask(values());
        private final boolean required;

        EntryMember() {
            this(true);
        }

        EntryMember(boolean required) {
            this.required = required;
        }

        @Override
        public boolean required() {
            return required;
        }
    }

    /** One record of {@code chunks}; {@code stored_raw} absent means false, as the reference's serde default. */
    enum Chunk implements Member {
        ID, BLOCK_INDEX, DATA_OFFSET, BLOCK_LEN, PLAINTEXT_LEN, COMPRESSED_LEN, CIPHER_HASH, STORED_RAW(false);

        static final long REQUIRED = JsonMembers.requiredMask(values());
        private final boolean required;

        Chunk() {
            this(true);
        }

        Chunk(boolean required) {
            this.required = required;
        }

        @Override
        public boolean required() {
            return required;
        }
    }

    /** One entry of the extension directory. */
    enum Extension implements Member {
        EXTENSION_ID, ALGORITHM_ID, ALGORITHM_VERSION, CRITICAL, OFFSET, LENGTH;

        static final long REQUIRED = JsonMembers.requiredMask(values());

        @Override
        public boolean required() {
            return true;
        }
    }
}
