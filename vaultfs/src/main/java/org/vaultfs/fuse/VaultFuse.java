package org.vaultfs.fuse;

import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.Xattr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;
import org.vaultfs.error.VaultException;
import org.vaultfs.event.VaultEvent;
import org.vaultfs.fs.DirNode;
import org.vaultfs.fs.FileNode;
import org.vaultfs.fs.FsNode;
import org.vaultfs.fs.OpenFile;
import org.vaultfs.fs.VaultFileSystem;

/**
 * The FUSE callbacks: translates kernel requests to the filesystem view and errors to errno.
 * Every write-type call answers EROFS. No exception may escape into native code, so each
 * callback catches everything and answers EIO.
 */
public final class VaultFuse extends FuseStubFS {
    private static final int O_ACCMODE = 03;
    private static final int O_TRUNC = 01000;
    private static final int BLOCK = 4096;
    /** READ requests answered past libfuse's high-level layer ({@link DirectRead}); false: all through it. */
    private static final boolean DIRECT_READ = Boolean.parseBoolean(System.getProperty("vaultfs.fuse.directRead", "true"));
    private volatile DirectRead directRead;

    // Set once by attach, before the mount starts the threads that read them (Thread.start orders it).
    private VaultFileSystem fs;
    private MountConfig config;

    public VaultFuse(VaultFileSystem fs, MountConfig config) {
        attach(fs, config);
    }

    /**
     * Unattached: binding libfuse and making the callbacks' native closures is most of a
     * mount's start after the key derivation, and needs neither the vault nor the options, so
     * {@link FuseSupport} builds this while the password is read and the vault opened.
     */
    VaultFuse() {
    }

    // A strong reference: libfuse holds only the native closure made from it.
    private final ru.serce.jnrfuse.FuseCallbacks.ReaddirCallback nativeReaddir = this::readdirNative;

    // The per-request callbacks, registered directly: they take libfuse's pointers as they come
    // (FuseStructs) rather than through the struct views jnr-fuse would build per call.
    private final ru.serce.jnrfuse.FuseCallbacks.GetAttrCallback rawGetattr = this::getattrRaw;
    private final ru.serce.jnrfuse.FuseCallbacks.OpenCallback rawOpen = this::openRaw;
    private final ru.serce.jnrfuse.FuseCallbacks.ReadCallback rawRead = this::readRaw;
    private final ru.serce.jnrfuse.FuseCallbacks.ReleaseCallback rawRelease = this::releaseRaw;

    {
        fuseOperations.getattr.set(rawGetattr);
        fuseOperations.open.set(rawOpen);
        fuseOperations.read.set(rawRead);
        fuseOperations.release.set(rawRelease);
    }

    /** Gives an unattached adapter the view it serves; once, before {@link #mount}. */
    void attach(VaultFileSystem view, MountConfig mountConfig) {
        if (fs != null) {
            throw new IllegalStateException("this adapter already serves a filesystem");
        }
        this.config = Objects.requireNonNull(mountConfig);
        this.fs = Objects.requireNonNull(view);
        // Decided here, not at construction: the C library is loaded by the vault's unlock,
        // which a prepared adapter may not have waited for, and libfuse copies the callbacks
        // only when it mounts.
        if (NativeDirectoryFill.available()) {
            fuseOperations.readdir.set(nativeReaddir);
        }
    }

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            FsNode node = fs.lookup(path);
            if (node == null) {
                return -ErrorCodes.ENOENT();
            }
            fill(node, stat);
            return 0;
        } catch (RuntimeException e) {
            return internal("getattr", path, e);
        }
    }

    private void fill(FsNode node, FileStat stat) {
        NodeMetadata m = node.meta();
        stat.st_ino.set(node.inode());
        stat.st_uid.set(m != null && config.storedOwners() ? m.uid() : config.uid());
        stat.st_gid.set(m != null && config.storedOwners() ? m.gid() : config.gid());
        stat.st_nlink.set(node.linkCount());
        if (m != null) {
            stat.st_mode.set(typeBits(node) | (m.kind() == NodeKind.SYMLINK ? 0777 : config.storedMode(m.mode())));
            if (m.kind() == NodeKind.CHAR_DEVICE || m.kind() == NodeKind.BLOCK_DEVICE) {
                stat.st_rdev.set(m.rdev());
            }
        } else {
            stat.st_mode.set(typeBits(node) | (node instanceof DirNode ? config.dirMode() : config.fileMode()));
        }
        stat.st_size.set(node.size());
        stat.st_blksize.set(128 * 1024); // cat/cp size their reads by this
        stat.st_blocks.set((node.size() + 511) / 512);
        int nanos = m == null ? 0 : m.mtimeNanos();
        setTime(stat.st_mtim, node.mtimeSeconds(), nanos);
        setTime(stat.st_atim, node.mtimeSeconds(), nanos);
        setTime(stat.st_ctim, node.mtimeSeconds(), nanos);
    }

    private static int typeBits(FsNode node) {
        NodeMetadata m = node.meta();
        if (m != null) {
            return m.kind().typeBits();
        }
        return node instanceof DirNode ? FileStat.S_IFDIR : FileStat.S_IFREG;
    }

    /** UTF-8 whatever the locale (JDK 17's default charset follows it), NUL-terminated for C. */
    private static void setTime(Timespec t, long seconds, int nanos) {
        t.tv_sec.set(seconds);
        t.tv_nsec.set(nanos);
    }

    @Override
    public int readlink(String path, Pointer buf, long size) {
        try {
            FsNode node = fs.lookup(path);
            if (node == null) {
                return -ErrorCodes.ENOENT();
            }
            if (node.meta() == null || node.meta().target() == null) {
                return -ErrorCodes.EINVAL();
            }
            byte[] t = node.meta().target().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int n = (int) Math.min(t.length, Math.max(0, size - 1));
            buf.put(0, t, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (RuntimeException e) {
            return internal("readlink", path, e);
        }
    }

    @Override
    public int getxattr(String path, String name, Pointer value, long size) {
        try {
            FsNode node = fs.lookup(path);
            if (node == null) {
                return -ErrorCodes.ENOENT();
            }
            if (node.meta() != null) {
                for (Xattr x : node.meta().xattrs()) {
                    if (x.name().equals(name)) {
                        if (size == 0) {
                            return x.value().length;
                        }
                        if (size < x.value().length) {
                            return -ErrorCodes.ERANGE();
                        }
                        value.put(0, x.value(), 0, x.value().length);
                        return x.value().length;
                    }
                }
            }
            return -ErrorCodes.ENODATA();
        } catch (RuntimeException e) {
            return internal("getxattr", path, e);
        }
    }

    @Override
    public int listxattr(String path, Pointer list, long size) {
        try {
            FsNode node = fs.lookup(path);
            if (node == null) {
                return -ErrorCodes.ENOENT();
            }
            java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
            if (node.meta() != null) {
                for (Xattr x : node.meta().xattrs()) {
                    names.writeBytes(x.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    names.write(0);
                }
            }
            byte[] b = names.toByteArray();
            if (size == 0) {
                return b.length;
            }
            if (size < b.length) {
                return -ErrorCodes.ERANGE();
            }
            list.put(0, b, 0, b.length);
            return b.length;
        } catch (RuntimeException e) {
            return internal("listxattr", path, e);
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, long offset, FuseFileInfo fi) {
        DirectoryFill fill = DirectoryFill.current();
        return list(path, (name, inode, typeBits) -> fill.add(filter, buf, name, inode, typeBits) == 0, () -> true);
    }

    /** Registered instead of {@link #readdir} when the C filler is there: no per-entry downcall. */
    private int readdirNative(String path, Pointer buf, Pointer filler, long offset, Pointer fi) {
        NativeDirectoryFill fill = NativeDirectoryFill.start(filler.address(), buf.address());
        return list(path, fill, fill::finish);
    }

    /** Receives a directory's entries for libfuse's filler; false once its buffer is full. */
    interface EntrySink {
        boolean add(byte[] utf8Name, long inode, int typeBits);
    }

    private static final byte[] DOT = {'.'};
    private static final byte[] DOT_DOT = {'.', '.'};

    private int list(String path, EntrySink sink, java.util.function.BooleanSupplier finish) {
        try {
            FsNode node = fs.lookup(path);
            if (node == null) {
                return -ErrorCodes.ENOENT();
            }
            if (!(node instanceof DirNode dir)) {
                return -ErrorCodes.ENOTDIR();
            }
            // "." and ".." go without a stat (inode and type 0: libfuse then marks their inode
            // unknown; an inode of 0 would make readdir(3) skip them). Every other entry carries its
            // inode and type: the kernel hands the type to getdents (d_type), so find, ls and
            // fts walk the tree without a LOOKUP + GETATTR per file; libfuse reads only st_ino
            // and the type bits of st_mode. Offset 0 mode: libfuse buffers the whole listing
            // and pages it to the kernel.
            boolean taken = sink.add(DOT, 0, 0) && sink.add(DOT_DOT, 0, 0);
            for (int i = 0; taken && i < dir.childCount(); i++) {
                FsNode child = dir.child(i);
                taken = sink.add(child.name().getBytes(java.nio.charset.StandardCharsets.UTF_8), child.inode(), typeBits(child));
            }
            return taken && finish.getAsBoolean() ? 0 : -ErrorCodes.ENOMEM();
        } catch (RuntimeException e) {
            return internal("readdir", path, e);
        }
    }

    private int openRaw(String path, Pointer fi) {
        long fh = open(path, FuseStructs.flags(fi));
        if (fh > 0) {
            FuseStructs.setFh(fi, fh);
        }
        return fh > 0 ? 0 : (int) fh;
    }

    /** A new handle (positive) for reading {@code path}, or -errno. */
    private long open(String path, int flags) {
        try {
            FsNode node = fs.lookup(path);
            if (node == null) {
                return -ErrorCodes.ENOENT();
            }
            if (!(node instanceof FileNode file)) {
                return -ErrorCodes.EISDIR();
            }
            if ((flags & O_ACCMODE) != 0 || (flags & O_TRUNC) != 0) {
                return -ErrorCodes.EROFS();
            }
            return fs.open(file);
        } catch (RuntimeException e) {
            return internal("open", path, e);
        }
    }

    private int readRaw(String path, Pointer buf, long size, long offset, Pointer fi) {
        return read(path, buf, size, offset, FuseStructs.fh(fi));
    }

    /** {@code path} may be null (a read answered by {@link DirectRead}): the open file names itself then. */
    private int read(String path, Pointer buf, long size, long offset, long fh) {
        OpenFile file = null;
        try {
            file = fs.handle(fh);
            if (file == null) {
                return -ErrorCodes.EBADF();
            }
            int len = (int) Math.min(size, Integer.MAX_VALUE);
            return fs.read(file, offset, new KernelBufferSink(buf, len), len);
        } catch (VaultException e) {
            return -ErrorCodes.EIO(); // already reported once by the filesystem view
        } catch (RuntimeException e) {
            return internal("read", path != null ? path : file != null ? file.node().path() : "(handle " + fh + ")", e);
        }
    }

    private int releaseRaw(String path, Pointer fi) {
        fs.release(FuseStructs.fh(fi));
        return 0;
    }

    private int getattrRaw(String path, Pointer stbuf) {
        FuseStructs.StatScratch scratch = FuseStructs.stat();
        int r = getattr(path, scratch.view);
        if (r == 0) {
            scratch.copyTo(stbuf);
        }
        return r;
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        try {
            long blocks = (fs.tree().totalFileBytes() + BLOCK - 1) / BLOCK;
            stbuf.f_bsize.set(BLOCK);
            stbuf.f_frsize.set(BLOCK);
            stbuf.f_blocks.set(blocks);
            stbuf.f_bfree.set(0);
            stbuf.f_bavail.set(0);
            stbuf.f_files.set(fs.tree().nodeCount());
            stbuf.f_ffree.set(0);
            stbuf.f_favail.set(0);
            stbuf.f_flag.set(Statvfs.ST_RDONLY);
            stbuf.f_namemax.set(255);
            return 0;
        } catch (RuntimeException e) {
            return internal("statfs", path, e);
        }
    }

    private int internal(String op, String path, RuntimeException e) {
        fs.listener().on(new VaultEvent.RequestFailed(op, path, op + " " + path + " failed: " + e));
        return -ErrorCodes.EIO();
    }

    // ---- every call that would change the tree or a file: read-only filesystem ----

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int mknod(String path, long mode, long rdev) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int mkdir(String path, long mode) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int rmdir(String path) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int unlink(String path) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int link(String oldpath, String newpath) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int truncate(String path, long size) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int ftruncate(String path, long size, FuseFileInfo fi) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int chmod(String path, long mode) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int chown(String path, long uid, long gid) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int setxattr(String path, String name, Pointer value, long size, int flags) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int removexattr(String path, String name) {
        return -ErrorCodes.EROFS();
    }

    @Override
    public int fallocate(String path, int mode, long off, long length, FuseFileInfo fi) {
        return -ErrorCodes.EROFS();
    }

    /** READ requests answered past libfuse's high-level layer so far. */
    long directReads() {
        DirectRead d = directRead;
        return d == null ? 0 : d.answered();
    }

    // ---- lifecycle ----

    /**
     * Mounts and serves requests until unmounted, like jnr-fuse's own {@code mount} with
     * {@code blocking} set, but on {@link SessionLoop}'s Java threads rather than libfuse's.
     */
    @Override
    public void mount(Path mountPoint, boolean blocking, boolean debug, String[] options) {
        if (!blocking) {
            throw new IllegalArgumentException("vaultfs mounts only in the calling thread (FuseMount runs it on its own)");
        }
        if (fs == null) {
            throw new IllegalStateException("no filesystem attached");
        }
        if (!mounted.compareAndSet(false, true)) {
            throw new IllegalStateException("already mounted");
        }
        this.mountPoint = mountPoint;
        List<String> argv = new ArrayList<>(List.of(getFSName(), "-f"));
        if (debug) {
            argv.add("-d");
        }
        argv.addAll(List.of(options));
        argv.add(mountPoint.toAbsolutePath().toString());
        try {
            // libfuse's -d trace would not show the reads answered past it, so none are then.
            DirectRead direct = debug || !DIRECT_READ ? null : new DirectRead((fh, offset, dest, size) -> read(null, dest, size, offset, fh));
            directRead = direct;
            SessionLoop.run(argv.toArray(String[]::new), Struct.getMemory(fuseOperations), Struct.size(fuseOperations),
                    SessionLoop.threadsFor(fs.readsLocalFile()), this::umount, direct);
        } finally {
            mounted.set(false);
        }
    }

    /**
     * Called by FuseMount.close (the CLI's shutdown hook goes through it) and by the session
     * loop when it stops without an unmount. jnr-fuse's stock version starts fusermount without
     * waiting and throws when the mount is already gone; ours waits and is idempotent, so the
     * JVM exits only once the mount has really disappeared.
     */
    @Override
    public synchronized void umount() {
        if (mountPoint != null && mounted.get() && MountTable.isMounted(mountPoint)) {
            try {
                Unmounter.unmountLazy(mountPoint);
            } catch (VaultException e) {
                fs.listener().on(new VaultEvent.Notice(e.getMessage()));
                return; // still mounted: a later call may retry
            }
        }
        mounted.set(false);
    }

    /** Called when the FUSE loop has returned: nothing is mounted any more. */
    void markUnmounted() {
        mounted.set(false);
    }
}
