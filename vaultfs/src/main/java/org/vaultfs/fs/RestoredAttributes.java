package org.vaultfs.fs;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.vaultfs.metadata.Xattr;

/**
 * What extraction sets on one node beyond its bytes, already decided (umask, root or not):
 * {@code mode} -1 leaves the mode the creation gave; {@code chown} false leaves the owner.
 */
record RestoredAttributes(int mode, boolean chown, long uid, long gid, List<Xattr> xattrs, long mtimeSeconds, int mtimeNanos) {
    FileTime mtime() {
        return FileTime.from(Instant.ofEpochSecond(mtimeSeconds, mtimeNanos));
    }

    /** Only a time, from the manifest (a vault without metadata). */
    static RestoredAttributes timeOnly(FileTime t) {
        Instant i = t.toInstant();
        return new RestoredAttributes(-1, false, 0, 0, List.of(), i.getEpochSecond(), i.getNano());
    }
}
