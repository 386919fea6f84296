package org.vaultfs.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;

/**
 * The extraction directory, written so that nothing lands outside it whatever the archive or
 * the directory contain, and whatever another process does to the directory while we run:
 * every directory is opened component by component with {@code openat(O_NOFOLLOW|O_DIRECTORY)}
 * from the root's descriptor (created with {@code mkdirat} when missing), and every file is
 * created, stamped and renamed relative to its directory's descriptor. A symlink met on the way
 * is refused rather than followed; a directory swapped for a symlink after we opened it does
 * not redirect anything, because we keep writing into the directory we opened. Files are
 * written to a fresh temp file (O_EXCL) and renamed over the leaf, which replaces a planted
 * symlink instead of writing through it.
 *
 * <p>Longer than most classes here on purpose: it is the one security boundary between a
 * hostile vault and the user's disk, and every system call that writes below the target sits
 * in it, so that it can be reviewed (and attacked, {@code ExtractRaceTest}) as one unit.
 */
final class ExtractTarget {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** fsync waits on the device, not the CPU: many in flight let the journal batch them. */
    private static final int COMMIT_THREADS = 16;
    /** Directory descriptors kept open; one evicted is reopened by a fresh no-follow walk. */
    private static final int OPEN_DIRECTORIES = 64;
    /**
     * Longest path (bytes, with the root) we create. Relative to descriptors the kernel would
     * go deeper, but nothing could then reach the result by name (PATH_MAX is 4096): a
     * hostile vault of 100,000 nested directories is refused, as path-based tools refuse it.
     */
    private static final int PATH_MAX = 4095;
    /** Files at least this large are written with {@code O_DIRECT} in a durable extraction ({@link #create(String, long)}). */
    static final long DIRECT_MIN = 1 << 20;
    /** The block {@code O_DIRECT} writes align to: -1 not asked yet, 0 not used. */
    private volatile int directAlign = -1;

    private final Path root;
    private final Directory rootDir;
    /** Open directories by vault path (the root is separate), least recently used first. */
    private final LinkedHashMap<String, Directory> open = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * Directories (vault paths) whose entries changed, with the filesystem they are on (-1
     * unknown): each filesystem's must be synced for the renames to be durable.
     */
    private final java.util.Map<String, Long> dirty = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * Finished files are fsynced, stamped and renamed on these threads: one fsync per file is
     * what makes extraction crash-safe, and doing them one after another on the decoding
     * thread made it several times slower than the decoding itself.
     */
    private final java.util.concurrent.ExecutorService committer = java.util.concurrent.Executors.newFixedThreadPool(COMMIT_THREADS, r -> {
        Thread t = new Thread(r, "vaultfs-extract-commit");
        t.setDaemon(true);
        return t;
    });
    /** Bounds files between create and rename: two full batches, plus those being written. */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(1100);
    /**
     * Durable mode renames files in batches: one {@code syncfs} makes a whole batch's data
     * durable, then its files are renamed into place, so no name ever points at bytes a crash
     * could lose, at one flush per batch instead of one fsync per file. 512 files or 256 MiB:
     * on a loop-mounted ext4 the 44,000-file corpus took 350 syncfs calls (3.82 s in them,
     * strace -c) at 128 files / 64 MiB, 89 calls (3.33 s) now; the rest is the data's own
     * writeback. A waiting file holds a directory descriptor, not an open file.
     */
    private static final int BATCH_FILES = 512;
    private static final long BATCH_BYTES = 256L << 20;
    private final Object batchLock = new Object();
    private List<PendingFile> batch = new java.util.ArrayList<>();
    private long batchBytes;
    private final java.util.List<java.util.concurrent.Future<?>> commits = new java.util.ArrayList<>();

    private final boolean durable;

    /**
     * Per filesystem: whether the nodes this process creates there get the mode and owner it
     * predicts (the mode asked for less the umask; the process's user and the group the
     * directory gives). Most filesystems do; a FAT mount or an NFS export squashing root shows
     * another owner or mode whatever is asked, and there the chown and chmod must still be made
     * so that their refusal is reported. Decided from the first file created on each.
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, Boolean> creationPredictable =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** syncfs of the filesystem holding an open directory: 0 or a negative errno (a test watches it). */
    private java.util.function.IntUnaryOperator filesystemSync = DirectoryFds::syncFilesystem;

    /** How a temp file is opened: {@link FileChannel#open}, or a test's stand-in for a filesystem that refuses an option. */
    interface ChannelOpener {
        FileChannel open(Path path, java.util.Set<? extends java.nio.file.OpenOption> options,
                         java.nio.file.attribute.FileAttribute<?>... attrs)
                throws IOException;
    }

    private ChannelOpener opener = FileChannel::open;

    /** For tests: open every temp file through {@code o}. */
    void openChannelsWith(ChannelOpener o) {
        this.opener = o;
    }

    /** For tests: observe (and pass on) every filesystem sync a durable extraction makes. */
    void syncFilesystemsWith(java.util.function.IntUnaryOperator sync) {
        this.filesystemSync = sync;
    }

    private final int rootBytes;

    /**
     * An open directory descriptor shared by the cache and the pending files in it: closed when
     * the last of them lets go, so an eviction never closes a descriptor a commit still uses.
     */
    private static final class Directory {
        final int fd;
        /** Made by this run, so empty when made: nothing in it can be an older local file. */
        final boolean createdHere;
        /** No default ACL: a file created here gets the mode asked for less the umask. */
        final boolean umaskApplies;
        /** The filesystem this directory is on (-1 unknown): a mount point inside the target is another. */
        final long device;
        /** The group a node created here gets (-1 unknown, or not root: only root restores owners). */
        final long newNodeGid;
        private int users = 1;

        Directory(int fd, boolean createdHere) {
            this.fd = fd;
            this.createdHere = createdHere;
            this.umaskApplies = !DirectoryFds.hasDefaultAcl(fd);
            DirectoryFds.NewNodes n = DirectoryFds.newNodes(fd);
            this.device = n.device();
            this.newNodeGid = EUID == 0 ? n.gid() : -1;
        }

        /** A node this process just created here is already owned by {@code uid:gid}: no chown needed. */
        boolean createsOwnedBy(long uid, long gid) {
            return newNodeGid >= 0 && uid == EUID && gid == newNodeGid;
        }

        synchronized Directory acquire() {
            users++;
            return this;
        }

        synchronized void release() {
            if (--users == 0) {
                DirectoryFds.close(fd);
            }
        }
    }

    private final boolean overwrite;
    /** Directories already opened in this run (and so swept of leftovers); guarded by {@code open}. */
    private final Set<String> swept = new java.util.HashSet<>();
    /** Temp files of an earlier, killed extraction that this one removed (vault-relative), for the user to hear of. */
    private final List<String> removedLeftovers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /**
     * A temp file untouched this long belongs to no running extraction (one being written is
     * touched by every write): only such leftovers are removed, so a concurrent extraction into
     * the same tree keeps its own.
     */
    private static final long LEFTOVER_AGE_MILLIS = 60_000;

    private ExtractTarget(Path root, int rootFd, boolean durable, boolean overwrite) {
        this.root = root;
        this.overwrite = overwrite;
        this.rootDir = new Directory(rootFd, false);
        this.rootBytes = root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        this.durable = durable;
    }

    /** Opens (creating if needed) the target. The user chose this path, so links in it are followed. */
    static ExtractTarget open(Path dir) {
        return open(dir, true, true);
    }

    static ExtractTarget open(Path dir, boolean durable, boolean overwrite) {
        Path real;
        try {
            Files.createDirectories(dir);
            real = dir.toRealPath();
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.CONFLICT, "extraction target is not a directory: " + dir);
        } catch (IOException e) {
            throw VaultException.io("cannot create extraction directory " + dir, e);
        }
        int fd = DirectoryFds.openDirectory(DirectoryFds.AT_FDCWD, real.toString());
        if (fd == -DirectoryFds.ENOTDIR) {
            throw new VaultException(Failure.CONFLICT, "extraction target is not a directory: " + dir);
        }
        if (fd < 0) {
            throw new VaultException(Failure.IO, "cannot open extraction directory " + dir + ": " + DirectoryFds.describe(fd));
        }
        ExtractTarget t = new ExtractTarget(real, fd, durable, overwrite);
        t.removeLeftovers(t.rootDir, "");
        return t;
    }

    Path root() {
        return root;
    }

    /** Ensures the directory for vault path {@code dir} exists inside the root. */
    void directory(String dir) {
        directoryRef(dir);
    }

    /**
     * Vault directory {@code dir}, opened and created as needed. Valid until the next call (it
     * may be evicted then); a caller that keeps it longer acquires it.
     */
    private Directory directoryRef(String dir) {
        if (dir.isEmpty()) {
            return rootDir;
        }
        // Whole small files are created on the commit threads (writeWhole) while the extracting
        // thread opens directories: the cache and the walk that fills it are one at a time.
        synchronized (open) {
            return openDirectory(dir);
        }
    }

    private Directory openDirectory(String dir) {
        VaultPaths.requireCanonical(dir);
        Directory cached = open.get(dir);
        if (cached != null) {
            return cached;
        }
        requireReachable(dir);
        // From the deepest ancestor still open, one component at a time, iteratively: a hostile
        // path may have any number of segments; the OS name-length limit stops a deep one.
        int start = 0;
        Directory d = rootDir;
        for (int slash = dir.lastIndexOf('/'); slash > 0; slash = dir.lastIndexOf('/', slash - 1)) {
            Directory a = open.get(dir.substring(0, slash));
            if (a != null) {
                d = a;
                start = slash + 1;
                break;
            }
        }
        while (true) {
            int slash = dir.indexOf('/', start);
            int end = slash < 0 ? dir.length() : slash;
            String sub = dir.substring(0, end);
            boolean[] made = new boolean[1];
            d = new Directory(openOrCreate(d, dir.substring(start, end), sub, made), made[0]);
            // Once per directory per run, when first opened: before any temp file of this run
            // is in it. Sweeping again after the cache evicted and reopened it would take this
            // run's own temp files, whose mtime is already the vault's (old) one, for leftovers.
            if (swept.add(sub) && !made[0]) {
                removeLeftovers(d, sub);
            }
            remember(sub, d);
            if (slash < 0) {
                return d;
            }
            start = slash + 1;
        }
    }

    private void requireReachable(String vaultPath) {
        if (rootBytes + 1 + 3L * vaultPath.length() <= PATH_MAX) {
            return; // even all-three-byte characters fit
        }
        if (rootBytes + 1 + vaultPath.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PATH_MAX) {
            throw new VaultException(Failure.IO, "cannot extract " + VaultPaths.printable(vaultPath.substring(0, 64)) + "...: "
                    + "the path would be longer than " + PATH_MAX + " bytes (File name too long)");
        }
    }

    private int openOrCreate(Directory parent, String name, String vaultPath, boolean[] createdHere) {
        int parentFd = parent.fd;
        int fd = DirectoryFds.openDirectory(parentFd, name);
        if (fd == -DirectoryFds.ENOENT) {
            int made = DirectoryFds.makeDirectory(parentFd, name);
            if (made == 0) {
                createdHere[0] = true;
                dirty.put(VaultPaths.parent(vaultPath), parent.device);
            } else if (made != -DirectoryFds.EEXIST) {
                throw new VaultException(Failure.IO, "cannot create directory " + root.resolve(vaultPath) + ": " + DirectoryFds.describe(made));
            }
            fd = DirectoryFds.openDirectory(parentFd, name);
        }
        if (fd == -DirectoryFds.ELOOP) {
            throw new VaultException(Failure.PATH_ESCAPE, "refusing to extract " + VaultPaths.printable(vaultPath)
                    + ": " + root.resolve(vaultPath) + " is a symbolic link");
        }
        if (fd == -DirectoryFds.ENOTDIR || fd == -DirectoryFds.ENOENT) {
            throw new VaultException(Failure.PATH_ESCAPE, "refusing to extract " + VaultPaths.printable(vaultPath)
                    + ": " + root.resolve(vaultPath) + " exists and is not a directory");
        }
        if (fd < 0) {
            throw new VaultException(Failure.IO, "cannot open directory " + root.resolve(vaultPath) + ": " + DirectoryFds.describe(fd));
        }
        return fd;
    }

    /** Removes a killed extraction's temp files from a directory that already existed (once per directory per run). */
    private void removeLeftovers(Directory d, String vaultDir) {
        long cutoff = System.currentTimeMillis() - LEFTOVER_AGE_MILLIS;
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(DirectoryFds.self(d.fd), ".vault-extract-*.tmp")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
                        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().toMillis() < cutoff && DirectoryFds.unlink(d.fd, name) == 0) {
                    removedLeftovers.add(vaultDir.isEmpty() ? name : vaultDir + "/" + name);
                }
            }
        } catch (IOException e) {
            // Leftovers only waste space; they never block an extraction.
        }
    }

    /** What could not be restored (a device node without root, xattrs the filesystem refuses), one line each. */
    private final List<String> warnings = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final Set<String> warned = java.util.Collections.synchronizedSet(new java.util.HashSet<>());

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Once per kind of problem, so a tree of 10,000 files on a filesystem without xattrs says it once. */
    private void warnOnce(String kind, String line) {
        if (warned.add(kind)) {
            warnings.add(line);
        }
    }

    List<String> removedLeftovers() {
        return List.copyOf(removedLeftovers);
    }

    private void remember(String vaultPath, Directory d) {
        open.put(vaultPath, d);
        if (open.size() > OPEN_DIRECTORIES) {
            var it = open.entrySet().iterator();
            Directory evicted = it.next().getValue();
            it.remove();
            evicted.release();
        }
    }

    /** A hidden, random name in the directory for a node that is renamed over its leaf once complete. */
    private String tempName() {
        return tempPrefix + Long.toHexString(tempCounter.incrementAndGet()) + ".tmp";
    }

    /** Unpredictable once per run, then counted: a SecureRandom draw per file serialised the
     *  threads that create files on its lock. O_EXCL, not the name, is what makes the create safe. */
    private final String tempPrefix = ".vault-extract-" + Long.toHexString(RANDOM.nextLong()) + "-";
    private final java.util.concurrent.atomic.AtomicLong tempCounter = new java.util.concurrent.atomic.AtomicLong();

    /** A failed chown or chmod ({@code rc} a negative errno) is one warning per attribute, never an abort. */
    private void warnIfFailed(int rc, String attribute, String vaultPath) {
        if (rc != 0) {
            warnOnce(attribute, "cannot set the " + attribute + " of " + root.resolve(vaultPath) + " (and maybe others): "
                    + DirectoryFds.describe(rc));
        }
    }

    /**
     * Owner, then xattrs, then mode of {@code name} in {@code fd}; what fails is a warning, never
     * an abort. {@code createdMode}: the mode the node was created with, when known (else -1); a
     * chmod to it is skipped.
     */
    private void applyOwnerXattrsMode(Directory d, String name, RestoredAttributes a, boolean symlink, String vaultPath,
                                      int createdMode) {
        int fd = d.fd;
        boolean asPredicted = createdAsPredicted(d, name, createdMode);
        // A restore as root of a tree root owns needs no chown: one call per file saved.
        if (a.chown() && !(asPredicted && d.createsOwnedBy(a.uid(), a.gid()))) {
            warnIfFailed(DirectoryFds.chown(fd, name, a.uid(), a.gid()), "owner", vaultPath);
        }
        if (!symlink && !a.xattrs().isEmpty()) {
            setXattrs(DirectoryFds.inside(fd, name), java.nio.file.LinkOption.NOFOLLOW_LINKS, a, vaultPath);
        }
        // A chown clears only setuid and setgid, which a created mode never has; glibc makes this
        // one chmod four calls (open O_PATH, fstat, chmod through /proc, close) per file.
        if (!symlink && a.mode() >= 0 && !(asPredicted && a.mode() == createdMode)) {
            warnIfFailed(DirectoryFds.chmod(fd, name, a.mode()), "mode", vaultPath);
        }
    }

    /** Whether {@code name}, just created in {@code d} with {@code createdMode} (-1: unknown), is on a filesystem that gives what was asked. */
    private boolean createdAsPredicted(Directory d, String name, int createdMode) {
        if (d.device < 0) {
            return false;
        }
        Boolean known = creationPredictable.get(d.device);
        if (known != null || createdMode < 0) {
            return Boolean.TRUE.equals(known);
        }
        boolean predicted = DirectoryFds.hasModeAndOwner(d.fd, name, createdMode, EUID, d.newNodeGid);
        creationPredictable.putIfAbsent(d.device, predicted);
        return predicted;
    }

    private void setXattrs(Path at, java.nio.file.LinkOption follow, RestoredAttributes a, String vaultPath) {
        java.nio.file.attribute.UserDefinedFileAttributeView v = follow == null
                ? Files.getFileAttributeView(at, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                : Files.getFileAttributeView(at, java.nio.file.attribute.UserDefinedFileAttributeView.class, follow);
        for (org.vaultfs.metadata.Xattr x : a.xattrs()) {
            if (!x.name().startsWith("user.")) {
                warnOnce("xattr-ns", "extended attribute " + x.name() + " of " + root.resolve(vaultPath)
                        + " is outside the user. namespace and was not restored");
                continue;
            }
            try {
                v.write(x.name().substring(5), ByteBuffer.wrap(x.value()));
            } catch (IOException | UnsupportedOperationException | NullPointerException e) {
                warnOnce("xattr", "cannot set extended attributes on " + root.resolve(vaultPath) + " (and maybe others): "
                        + (e.getMessage() == null ? "not supported here" : e.getMessage()));
                return;
            }
        }
    }

    /**
     * Creates a symlink ({@code target} non-null) or a FIFO/device node ({@code stMode} with its
     * type bits) at {@code path}: made under a temp name in the directory's descriptor, given its
     * owner, mode and time, and renamed over the leaf, so nothing at the leaf is ever followed.
     * An existing node there is replaced only when identical in kind or with --overwrite.
     */
    void special(String path, String target, int stMode, long dev, RestoredAttributes a) {
        requireReachable(path);
        String dir = VaultPaths.parent(path);
        Directory d = directoryRef(dir).acquire();
        try {
            String leaf = path.substring(path.lastIndexOf('/') + 1);
            java.nio.file.attribute.BasicFileAttributes here = null;
            try {
                here = Files.readAttributes(DirectoryFds.inside(d.fd, leaf), java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // Nothing there.
            }
            if (here != null && here.isDirectory()) {
                throw new VaultException(Failure.CONFLICT, "cannot extract " + VaultPaths.printable(path) + ": "
                        + root.resolve(path) + " is an existing directory");
            }
            if (here != null && !overwrite && !d.createdHere && (target != null) != here.isSymbolicLink()) {
                throw new VaultException(Failure.CONFLICT, "not replacing " + root.resolve(path)
                        + ": it exists and is another kind of file (--overwrite replaces it)");
            }
            String tmp = tempName();
            int rc = target != null ? DirectoryFds.symlink(target, d.fd, tmp) : DirectoryFds.mknod(d.fd, tmp, stMode, dev);
            if (rc != 0) {
                warnOnce("mknod:" + (stMode & 0170000), "cannot create " + root.resolve(path) + (target == null && (stMode & 0170000) != 0010000
                        ? " (device nodes need root)" : "") + ": " + DirectoryFds.describe(rc) + "; left out");
                return;
            }
            applyOwnerXattrsMode(d, tmp, a, target != null, path, -1);
            DirectoryFds.setModifiedTime(d.fd, tmp, a.mtimeSeconds(), a.mtimeNanos());
            rc = DirectoryFds.rename(d.fd, tmp, leaf);
            if (rc != 0) {
                DirectoryFds.unlink(d.fd, tmp);
                throw new VaultException(Failure.IO, "cannot write " + root.resolve(path) + ": " + DirectoryFds.describe(rc));
            }
            dirty.put(dir, d.device);
        } finally {
            d.release();
        }
    }

    /** Makes {@code path} a hard link of the already extracted {@code first}, replacing the copy written there. */
    void hardLink(String first, String path) {
        requireReachable(path);
        Directory from = directoryRef(VaultPaths.parent(first)).acquire();
        Directory d = directoryRef(VaultPaths.parent(path)).acquire();
        try {
            String tmp = tempName();
            int rc = DirectoryFds.link(from.fd, first.substring(first.lastIndexOf('/') + 1), d.fd, tmp);
            if (rc == 0) {
                rc = DirectoryFds.rename(d.fd, tmp, path.substring(path.lastIndexOf('/') + 1));
                if (rc != 0) {
                    DirectoryFds.unlink(d.fd, tmp);
                }
            }
            if (rc != 0) {
                warnOnce("link", "cannot hard-link " + root.resolve(path) + " to " + root.resolve(first)
                        + " (kept as a copy): " + DirectoryFds.describe(rc));
                return;
            }
            dirty.put(VaultPaths.parent(path), d.device);
        } finally {
            d.release();
            from.release();
        }
    }

    /** Owner, xattrs, mode and time of directory {@code dir}, through its open descriptor. */
    void setDirectoryAttributes(String dir, RestoredAttributes a) {
        Directory d = directoryRef(dir);
        if (a.chown()) {
            warnIfFailed(DirectoryFds.chownOpen(d.fd, a.uid(), a.gid()), "owner", dir);
        }
        if (!a.xattrs().isEmpty()) {
            setXattrs(DirectoryFds.self(d.fd), null, a, dir);
        }
        if (a.mode() >= 0) {
            warnIfFailed(DirectoryFds.chmodOpen(d.fd, a.mode()), "mode", dir);
        }
        setDirectoryTime(dir, a.mtime());
    }

    /** Starts writing the file at vault path {@code file}; nothing is visible until commit. */
    PendingFile create(String file) {
        return create(file, 0);
    }

    /**
     * As {@link #create(String)} for a file of {@code size} bytes: in a durable extraction one
     * of at least {@link #DIRECT_MIN} bytes is written with {@code O_DIRECT} where the target's
     * filesystem takes it ({@link DirectIoStage}). Its bytes then go to the device as they are
     * written instead of being copied into the page cache and written back at the batch's
     * flush: on a loop-mounted ext4 here, 512 MiB written and synced took 1.3-2.7 s buffered
     * (0.9-2.3 s of it in the kernel) and 0.44-0.49 s direct. The flush still makes them durable.
     */
    PendingFile create(String file, long size) {
        Directory d = parentOf(file);
        int align = durable && size >= DIRECT_MIN && d.device >= 0 && d.device == rootDir.device ? directAlignment() : 0;
        return createIn(d, file, -1, align);
    }

    /** The target filesystem's block for {@code O_DIRECT}, or 0 where it is not used. */
    private int directAlignment() {
        int a = directAlign;
        if (a < 0) {
            a = org.vaultfs.container.DirectIo.blockOf(root);
            directAlign = a;
        }
        return a;
    }

    /** The open directory {@code file} goes into, acquired: held until the file's commit ran (the cache may evict it meanwhile). */
    private Directory parentOf(String file) {
        VaultPaths.requireCanonical(file);
        requireReachable(file);
        synchronized (open) {
            return directoryRef(VaultPaths.parent(file)).acquire();
        }
    }

    /**
     * Creates {@code file}'s temp file in {@code d}, which it then owns (released on failure here,
     * else by the file). A {@code mode} (-1: none) is given at creation, so the file is no more
     * open while written than it will be; the owner keeps write permission until the final chmod
     * (restoring user xattrs needs it), and setuid, setgid and sticky come with that chmod, after
     * the chown that would clear them.
     */
    private PendingFile createIn(Directory d, String file, int mode) {
        return createIn(d, file, mode, 0);
    }

    /** {@code align}: above 0, the file is opened with {@code O_DIRECT} and written in blocks of that size. */
    private PendingFile createIn(Directory d, String file, int mode, int align) {
        Slot slot = Slot.of(d, file, mode);
        String dir = slot.dir();
        int createMode = slot.createMode();
        for (int attempt = 0; ; attempt++) {
            String tmp = tempName();
            Path named = registerBeforeCreate(d, dir, tmp);
            FileChannel ch;
            try {
                // CREATE_NEW is O_CREAT|O_EXCL: fails on any existing name, symlinks included.
                java.util.Set<? extends java.nio.file.OpenOption> options = align > 0 ? CREATE_NEW_WRITE_DIRECT : CREATE_NEW_WRITE;
                ch = createMode >= 0
                        ? opener.open(DirectoryFds.inside(d.fd, tmp), options, permissions(createMode))
                        : opener.open(DirectoryFds.inside(d.fd, tmp), options);
            } catch (IOException | UnsupportedOperationException e) {
                if (align > 0 && !(e instanceof FileAlreadyExistsException)) {
                    // A filesystem without O_DIRECT may refuse it after the file was created.
                    DirectoryFds.unlink(d.fd, tmp);
                    InterruptCleanup.createFailed(named);
                    directAlign = 0;
                    align = 0;
                    continue;
                }
                InterruptCleanup.createFailed(named);
                if (e instanceof FileAlreadyExistsException && attempt <= 8) {
                    continue;
                }
                d.release();
                // Only the direct option is ever unsupported, and that case went on above.
                throw VaultException.io("cannot create a temp file in " + root.resolve(dir), (IOException) e);
            }
            try {
                InterruptCleanup.afterCreate(named);
            } catch (RuntimeException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // stopping: the file is already removed
                }
                d.release();
                throw e;
            }
            return new PendingFile(ch, align > 0 ? new DirectIoStage(align) : null, d, dir, tmp, slot.leaf(), file, slot.createdMode());
        }
    }

    /**
     * Where a file's temp goes and the mode it is created with: its final permission bits plus
     * the owner's write bit (-1: the default), and the mode that creation is known to give
     * (-1: unknown, so the finish sets it).
     */
    private record Slot(String dir, String leaf, int createMode, int createdMode) {
        static Slot of(Directory d, String file, int mode) {
            int createMode = mode < 0 ? -1 : (mode & 0777) | 0200;
            int createdMode = createMode >= 0 && UMASK >= 0 && d.umaskApplies ? createMode & ~UMASK : -1;
            return new Slot(VaultPaths.parent(file), file.substring(file.lastIndexOf('/') + 1), createMode, createdMode);
        }
    }

    /**
     * Registers the temp {@code tmp} in {@code dir} with the shutdown hook before it is created
     * (by name, for Ctrl-C's hook only: the random name cannot be anyone else's file); lets go
     * of {@code d} when the process is already stopping.
     */
    private Path registerBeforeCreate(Directory d, String dir, String tmp) {
        Path named = root.resolve(dir).resolve(tmp);
        try {
            InterruptCleanup.beforeCreate(named);
        } catch (RuntimeException e) {
            d.release();
            throw e;
        }
        return named;
    }

    /**
     * {@link #createIn}, the write and the modification time in one native call
     * ({@link NativeFileWrite}): the file comes back written, stamped and closed, to be finished
     * (owner, attributes, mode, rename) like any other.
     */
    private PendingFile createWrittenIn(Directory d, String file, byte[] content, int len, RestoredAttributes attrs) {
        Slot slot = Slot.of(d, file, attrs == null ? -1 : attrs.mode());
        String dir = slot.dir();
        int createMode = slot.createMode();
        boolean stamp = attrs != null && attrs.mtime() != null;
        for (int attempt = 0; ; attempt++) {
            String tmp = tempName();
            Path named = registerBeforeCreate(d, dir, tmp);
            int rc = NativeFileWrite.create(d.fd, tmp, createMode < 0 ? 0666 : createMode, content, len,
                    stamp ? attrs.mtimeSeconds() : -1, stamp ? attrs.mtimeNanos() : 0);
            if (rc == 0) {
                try {
                    InterruptCleanup.afterCreate(named);
                } catch (RuntimeException e) {
                    d.release();
                    throw e;
                }
                return new PendingFile(null, d, dir, tmp, slot.leaf(), file, slot.createdMode(), len, stamp);
            }
            InterruptCleanup.createFailed(named); // nothing of ours there: the create failed or was undone
            if (rc == -DirectoryFds.EEXIST && attempt <= 8) {
                continue;
            }
            d.release();
            boolean created = (-rc & NativeFileWrite.AFTER_CREATE) != 0;
            String why = DirectoryFds.describe(-(-rc & ~NativeFileWrite.AFTER_CREATE));
            throw new VaultException(Failure.IO, created ? "cannot write " + root.resolve(file) + ": " + why
                    : "cannot create a temp file in " + root.resolve(dir) + ": " + why);
        }
    }

    private static final java.util.Set<StandardOpenOption> CREATE_NEW_WRITE =
            java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final java.util.Set<java.nio.file.OpenOption> CREATE_NEW_WRITE_DIRECT =
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
    private static final java.nio.file.attribute.PosixFilePermission[] PERMISSION_BITS = {
        java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE, java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
        java.nio.file.attribute.PosixFilePermission.GROUP_WRITE, java.nio.file.attribute.PosixFilePermission.GROUP_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
    };
    /** The process's umask (Linux 4.7+ reports it without changing it), or -1 when unknown: every mode is then set by chmod. */
    private static final int UMASK = readUmask();
    private static final long EUID = DirectoryFds.effectiveUid();

    private static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8) & 0777;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an older kernel.
        }
        return -1;
    }

    private static java.nio.file.attribute.FileAttribute<?> permissions(int mode) {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> set =
                java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(PERMISSION_BITS[bit]);
            }
        }
        return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(set);
    }

    /** Sets a directory's mtime: through its open descriptor, so a name swapped since is never followed. */
    void setDirectoryTime(String dir, FileTime time) {
        Directory d = directoryRef(dir);
        try {
            Files.getFileAttributeView(DirectoryFds.self(d.fd), BasicFileAttributeView.class).setTimes(time, null, null);
        } catch (IOException e) {
            throw VaultException.io("cannot set the time of " + root.resolve(dir), e);
        }
    }

    /** Waits for every queued commit; rethrows the first failure once all have finished. */
    void awaitCommits() {
        RuntimeException first = null;
        List<java.util.concurrent.Future<?>> all;
        synchronized (commits) {
            all = List.copyOf(commits);
            commits.clear();
        }
        for (java.util.concurrent.Future<?> f : all) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                RuntimeException r = c instanceof RuntimeException re ? re
                        : new VaultException(Failure.IO, "extraction failed: " + c, c);
                first = first == null ? r : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = first == null ? new VaultException(Failure.IO, "extraction interrupted") : first;
            }
        }
        try {
            flushBatch();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    private void track(java.util.concurrent.Future<?> f) {
        synchronized (commits) {
            commits.add(f);
        }
    }

    /** Bytes of whole small files handed to the commit threads and not yet written. */
    private static final int WHOLE_FILE_BYTES = 32 << 20;
    private final java.util.concurrent.Semaphore wholeFileBytes = new java.util.concurrent.Semaphore(WHOLE_FILE_BYTES);
    private final java.util.concurrent.atomic.AtomicReference<RuntimeException> wholeFileFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Creates, writes and commits a small file on the commit threads, so that creating tens of
     * thousands of inodes (the kernel's share of extracting small files) runs beside the
     * decoding instead of after it. Same promise as {@link #create}: a temp file, renamed once
     * complete (after the batch's flush when durable). {@code content[0, len)} is wiped once
     * written. A failure is thrown by the next call, or by {@link #awaitCommits()}.
     */
    void writeWhole(String file, byte[] content, int len, RestoredAttributes attrs) {
        RuntimeException failed = wholeFileFailure.get();
        if (failed != null) {
            java.util.Arrays.fill(content, (byte) 0);
            throw failed;
        }
        int permits = Math.min(len, WHOLE_FILE_BYTES);
        wholeFileBytes.acquireUninterruptibly(permits);
        inFlight.acquireUninterruptibly();
        Directory d;
        try {
            // Here, on the one extracting thread: the commit threads then never queue on the
            // directory cache's lock (3.6 s of their time went there in a 44,000-file extract).
            d = parentOf(file);
        } catch (RuntimeException e) {
            inFlight.release();
            wholeFileBytes.release(permits);
            java.util.Arrays.fill(content, (byte) 0);
            throw e;
        }
        try {
            track(committer.submit(() -> {
                try {
                    writeNow(d, file, content, len, attrs);
                } catch (RuntimeException e) {
                    wholeFileFailure.compareAndSet(null, e);
                    throw e;
                } finally {
                    java.util.Arrays.fill(content, 0, len, (byte) 0);
                    wholeFileBytes.release(permits);
                }
                return null;
            }));
        } catch (RuntimeException e) {
            d.release();
            inFlight.release();
            wholeFileBytes.release(permits);
            java.util.Arrays.fill(content, (byte) 0);
            throw e;
        }
    }

    private void writeNow(Directory d, String file, byte[] content, int len, RestoredAttributes attrs) {
        PendingFile f;
        if (len <= NativeFileWrite.MAX_BYTES && NativeFileWrite.available()) {
            try {
                f = createWrittenIn(d, file, content, len, attrs);
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
            f.commitHere(attrs);
            return;
        }
        try {
            f = createIn(d, file, attrs == null ? -1 : attrs.mode());
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        try {
            f.write(content, 0, len);
        } catch (RuntimeException e) {
            f.close();
            inFlight.release();
            throw e;
        }
        f.commitHere(attrs);
    }

    private void queueDurable(PendingFile f) {
        List<PendingFile> full = null;
        synchronized (batchLock) {
            batch.add(f);
            batchBytes += f.written;
            if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
                full = batch;
                batch = new java.util.ArrayList<>();
                batchBytes = 0;
            }
        }
        if (full != null) {
            flush(full);
        }
    }

    private void flushBatch() {
        List<PendingFile> rest;
        synchronized (batchLock) {
            rest = batch;
            batch = new java.util.ArrayList<>();
            batchBytes = 0;
        }
        if (!rest.isEmpty()) {
            flush(rest);
        }
    }

    /**
     * One syncfs per filesystem the batch wrote to (the target's own, and any mounted inside
     * it), then every rename; each file lets go of its directory and its slot.
     */
    private void flush(List<PendingFile> files) {
        java.util.Map<Long, Integer> synced = new java.util.HashMap<>();
        RuntimeException first = null;
        for (PendingFile f : files) {
            try {
                Directory d = f.directory;
                // An unknown device is synced through the file's own directory, never assumed to be the root's.
                long key = d.device >= 0 ? d.device : -1 - d.fd;
                int rc = synced.computeIfAbsent(key, k -> filesystemSync.applyAsInt(d.fd));
                if (rc != 0) {
                    f.discard();
                    throw new VaultException(Failure.IO, "cannot sync " + root.resolve(f.dir) + ": " + DirectoryFds.describe(rc));
                }
                f.publish();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            } finally {
                f.directory.release();
                inFlight.release();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Lets queued commits finish (they are complete files), stops the commit threads, closes the descriptors. */
    void close() {
        try {
            awaitCommits();
        } catch (RuntimeException ignored) {
            // The caller is already failing with its own error; the files that did commit are whole.
        } finally {
            committer.shutdown();
            for (Directory d : open.values()) {
                d.release();
            }
            open.clear();
            rootDir.release();
        }
    }

    /**
     * Makes every changed directory durable, so created names survive a crash: one syncfs per
     * filesystem they are on (through the root, or one of them, opened again if evicted), an
     * fsync each where the filesystem is unknown. An fsync each took 37-46 ms at the end of the
     * peers corpus' extraction (2,235 directories, most reopened by a walk), on one thread.
     */
    void syncDirectories() {
        awaitCommits();
        if (!durable) {
            dirty.clear();
            return;
        }
        List<java.util.Map.Entry<String, Long>> changed;
        synchronized (dirty) {
            changed = List.copyOf(dirty.entrySet());
        }
        Set<Long> synced = new java.util.HashSet<>();
        for (java.util.Map.Entry<String, Long> e : changed) {
            String d = e.getKey();
            long device = e.getValue();
            int rc;
            if (device < 0) {
                rc = DirectoryFds.sync(directoryRef(d).fd);
            } else if (synced.add(device)) {
                rc = filesystemSync.applyAsInt(device == rootDir.device ? rootDir.fd : directoryRef(d).fd);
            } else {
                continue;
            }
            if (rc < 0) {
                throw new VaultException(Failure.IO, "cannot sync directory " + root.resolve(d) + ": " + DirectoryFds.describe(rc));
            }
        }
        dirty.clear();
    }

    /** A file being extracted: a temp file beside its final name. Close without commit removes it. */
    final class PendingFile implements AutoCloseable {
        private final FileChannel channel;
        /** Non-null when the channel is {@code O_DIRECT}: every write goes through it in whole blocks. */
        private final DirectIoStage stage;
        private final Directory directory;
        private final String dir;
        private final String tmp;
        private final String leaf;
        private final String vaultPath;
        private final int createdMode;
        /** Made by {@link NativeFileWrite}: already written, stamped and closed (the channel is null). */
        private final boolean stamped;
        private long written;
        private boolean done;

        private PendingFile(FileChannel channel, DirectIoStage stage, Directory directory, String dir, String tmp, String leaf,
                            String vaultPath, int createdMode) {
            this(channel, stage, directory, dir, tmp, leaf, vaultPath, createdMode, 0, false);
        }

        private PendingFile(FileChannel channel, Directory directory, String dir, String tmp, String leaf, String vaultPath,
                            int createdMode, long written, boolean stamped) {
            this(channel, null, directory, dir, tmp, leaf, vaultPath, createdMode, written, stamped);
        }

        private PendingFile(FileChannel channel, DirectIoStage stage, Directory directory, String dir, String tmp, String leaf,
                            String vaultPath, int createdMode, long written, boolean stamped) {
            this.stage = stage;
            this.createdMode = createdMode;
            this.written = written;
            this.stamped = stamped;
            this.channel = channel;
            this.directory = directory;
            this.dir = dir;
            this.tmp = tmp;
            this.leaf = leaf;
            this.vaultPath = vaultPath;
        }

        void write(byte[] b, int off, int len) {
            try {
                if (stage != null) {
                    stage.write(channel, b, off, len);
                } else {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                }
                written += len;
            } catch (IOException e) {
                throw VaultException.io("cannot write " + root.resolve(vaultPath), e);
            }
        }

        /** The staged last block written and the length set, on the writing thread, before the commit threads take over. */
        private void flushStage() {
            if (stage == null) {
                return;
            }
            try {
                stage.finish(channel, written);
            } catch (IOException e) {
                throw VaultException.io("cannot write " + root.resolve(vaultPath), e);
            }
        }

        /**
         * Queues fsync, mtime and rename over the leaf (replacing, never following, a link there);
         * {@link ExtractTarget#awaitCommits()} reports the outcome.
         */
        void commit(FileTime mtime) {
            commit(mtime == null ? null : RestoredAttributes.timeOnly(mtime));
        }

        /** As {@link #commit(FileTime)}, setting owner, xattrs and mode (in that order: chown clears setuid) first. */
        void commit(RestoredAttributes attrs) {
            flushStage();
            done = true;
            inFlight.acquireUninterruptibly();
            try {
                track(committer.submit(() -> {
                    finishAndRelease(attrs);
                    return null;
                }));
            } catch (RuntimeException e) {
                inFlight.release();
                done = false;
                throw e;
            }
        }

        /** As {@link #commit(RestoredAttributes)}, on this thread (already a commit thread). */
        private void commitHere(RestoredAttributes attrs) {
            flushStage();
            done = true;
            finishAndRelease(attrs);
        }

        /** Finishes the file; lets go of its directory and slot now, or the batch's flush does after the rename. */
        private void finishAndRelease(RestoredAttributes attrs) {
            boolean queue = false;
            try {
                queue = finish(attrs);
            } finally {
                if (!queue) {
                    directory.release();
                    inFlight.release();
                }
            }
            if (queue) {
                queueDurable(this); // the batch's flush renames it and lets go of its slot
            }
        }

        /**
         * Closes, checks, stamps; renames now, or says (true) that the rename waits for the batch's
         * flush. Every step is relative to the directory's descriptor: no path is resolved again,
         * so no link swapped in is followed.
         */
        private boolean finish(RestoredAttributes attrs) {
            FileTime mtime = attrs == null ? null : attrs.mtime();
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                discard();
                throw VaultException.io("cannot write " + root.resolve(vaultPath), e);
            }
            if (!overwrite && !directory.createdHere && differsFromLocalFile(mtime)) {
                discard();
                throw new VaultException(Failure.CONFLICT, "not replacing " + root.resolve(vaultPath)
                        + ": it exists and differs from the vault's copy (--overwrite replaces it)");
            }
            if (attrs != null) {
                applyOwnerXattrsMode(directory, tmp, attrs, false, vaultPath, createdMode);
            }
            int rc = mtime == null || stamped ? 0 : DirectoryFds.setModifiedTime(directory.fd, tmp, attrs.mtimeSeconds(), attrs.mtimeNanos());
            if (rc != 0) {
                discard();
                throw new VaultException(Failure.IO, "cannot write " + root.resolve(vaultPath) + ": " + DirectoryFds.describe(rc));
            }
            if (durable) {
                return true;
            }
            publish();
            return false;
        }

        /** Renames the finished temp over the leaf, relative to the directory's descriptor. */
        private void publish() {
            int rc = DirectoryFds.rename(directory.fd, tmp, leaf);
            InterruptCleanup.done(root.resolve(dir).resolve(tmp));
            if (rc != 0) {
                discard();
                if (rc == -DirectoryFds.EISDIR) {
                    throw new VaultException(Failure.CONFLICT, "cannot extract " + VaultPaths.printable(vaultPath)
                            + ": " + root.resolve(vaultPath) + " is an existing directory");
                }
                throw new VaultException(Failure.IO, "cannot write " + root.resolve(vaultPath) + ": " + DirectoryFds.describe(rc));
            }
            dirty.put(dir, directory.device);
        }

        /** An existing regular file at the leaf whose size or mtime is not the vault's; links and the like are replaced. */
        private boolean differsFromLocalFile(FileTime mtime) {
            java.nio.file.attribute.BasicFileAttributes a;
            try {
                a = Files.readAttributes(DirectoryFds.inside(directory.fd, leaf), java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return false; // nothing there (or nothing we can see): the rename decides
            }
            if (!a.isRegularFile()) {
                return false;
            }
            long localSeconds = a.lastModifiedTime().toMillis() / 1000;
            return a.size() != written || mtime != null && localSeconds != mtime.toMillis() / 1000;
        }

        @Override
        public void close() {
            if (!done) {
                discard();
                directory.release();
            }
        }

        private void discard() {
            if (stage != null) {
                stage.wipe();
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // Being discarded anyway; the unlink below is what matters.
            }
            // Best effort: the temp name is hidden and random, it cannot shadow extracted data.
            DirectoryFds.unlink(directory.fd, tmp);
            InterruptCleanup.done(root.resolve(dir).resolve(tmp));
        }
    }
}
