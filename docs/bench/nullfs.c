/*
 * nullfs: the floor of a FUSE read on this machine. One read-only 256 MiB file, "null.bin",
 * whose reads are answered from a static zeroed buffer: no storage, no cipher, no cache, so a
 * 4 KiB O_DIRECT read through it costs the kernel's round trip to a daemon and nothing else.
 * fio against it bounds what any FUSE daemon (vaultfs, gocryptfs) can reach with one job.
 *
 * Benchmark tool only (docs/bench/fuse-floor.sh builds it); libfuse 2's low-level API.
 *   nullfs MOUNTPOINT [spin]
 * "spin": the device is read non-blocking and polled, as vaultfs' workers do for 50 µs after
 * each answer; without it one thread sleeps in read(2) between requests, as libfuse does.
 */
#define FUSE_USE_VERSION 26
#include <errno.h>
#include <fcntl.h>
#include <fuse/fuse_lowlevel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FILE_INO 2
#define FILE_SIZE ((off_t)256 << 20)
static const char FILE_NAME[] = "null.bin";
static char zeros[1 << 20];

static void attr_of(fuse_ino_t ino, struct stat *st) {
    memset(st, 0, sizeof *st);
    st->st_ino = ino;
    if (ino == FUSE_ROOT_ID) {
        st->st_mode = S_IFDIR | 0555;
        st->st_nlink = 2;
    } else {
        st->st_mode = S_IFREG | 0444;
        st->st_nlink = 1;
        st->st_size = FILE_SIZE;
    }
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
    if (parent != FUSE_ROOT_ID || strcmp(name, FILE_NAME) != 0) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    struct fuse_entry_param e;
    memset(&e, 0, sizeof e);
    e.ino = FILE_INO;
    e.attr_timeout = 3600;
    e.entry_timeout = 3600;
    attr_of(FILE_INO, &e.attr);
    fuse_reply_entry(req, &e);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)fi;
    if (ino != FUSE_ROOT_ID && ino != FILE_INO) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    struct stat st;
    attr_of(ino, &st);
    fuse_reply_attr(req, &st, 3600);
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    if (ino != FILE_INO) {
        fuse_reply_err(req, EISDIR);
    } else if ((fi->flags & O_ACCMODE) != O_RDONLY) {
        fuse_reply_err(req, EROFS);
    } else {
        fuse_reply_open(req, fi);
    }
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)ino;
    (void)fi;
    size_t n = off >= FILE_SIZE ? 0 : (size_t)(FILE_SIZE - off < (off_t)size ? FILE_SIZE - off : (off_t)size);
    if (n > sizeof zeros) {
        n = sizeof zeros;
    }
    fuse_reply_buf(req, zeros, n);
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: nullfs MOUNTPOINT [spin]\n");
        return 2;
    }
    int spin = argc == 3 && strcmp(argv[2], "spin") == 0;
    char *fargv[] = {argv[0], "-o", "ro,fsname=nullfs,default_permissions", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
    struct fuse_chan *ch = fuse_mount(argv[1], &args);
    if (ch == NULL) {
        return 1;
    }
    struct fuse_lowlevel_ops ops;
    memset(&ops, 0, sizeof ops);
    ops.lookup = op_lookup;
    ops.getattr = op_getattr;
    ops.open = op_open;
    ops.read = op_read;
    struct fuse_session *se = fuse_lowlevel_new(&args, &ops, sizeof ops, NULL);
    if (se == NULL || fuse_set_signal_handlers(se) != 0) {
        fuse_unmount(argv[1], ch);
        return 1;
    }
    fuse_session_add_chan(se, ch);
    int fd = fuse_chan_fd(ch);
    if (spin) {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    size_t bufsize = fuse_chan_bufsize(ch);
    char *buf = malloc(bufsize);
    while (buf != NULL && !fuse_session_exited(se)) {
        struct fuse_chan *from = ch;
        int n = fuse_chan_recv(&from, buf, bufsize);
        if (n == -EAGAIN || n == -EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        fuse_session_process(se, buf, (size_t)n, from);
    }
    free(buf);
    fuse_remove_signal_handlers(se);
    fuse_session_remove_chan(ch);
    fuse_session_destroy(se);
    fuse_unmount(argv[1], ch);
    return 0;
}
