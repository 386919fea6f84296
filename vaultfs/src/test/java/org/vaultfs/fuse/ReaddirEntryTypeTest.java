package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.VaultReader;
import org.vaultfs.event.VaultListener;
import org.vaultfs.fs.ReaderChunkSource;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fs.VaultFileSystems;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * A directory listing hands the kernel each entry's inode and file type (getdents' d_type), so a
 * walker such as find learns which names are directories without a LOOKUP and GETATTR per name.
 */
class ReaddirEntryTypeTest {
    record Entry(String name, long inode, int type) {}

    VaultFileSystem fs;
    VaultFuse fuse;

    @BeforeEach
    void open() throws Exception {
        MountedVault.assumeFuse(); // the adapter links libfuse when constructed
        VaultReader reader = VaultReader.open(Fixtures.require("aerovault3_golden.av3"),
                Fixtures.GOLDEN_PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE);
        fs = VaultFileSystems.of(reader, new ReaderChunkSource(reader), 1 << 20, VaultListener.IGNORE);
        fuse = new VaultFuse(fs, MountConfig.forCurrentUser());
    }

    @AfterEach
    void close() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void everyEntryCarriesTheInodeAndTypeThatGetattrReports() {
        List<Entry> root = list("/");
        assertEquals(List.of(".", "..", "data", "emptydir", "readme.txt"), root.stream().map(Entry::name).toList());
        assertEquals(List.of(FileStat.S_IFDIR, FileStat.S_IFDIR, FileStat.S_IFREG),
                root.subList(2, 5).stream().map(Entry::type).toList());
        List<Entry> data = list("/data");
        assertEquals(List.of("big.bin", "small.bin"), data.subList(2, 4).stream().map(Entry::name).toList());
        for (String dir : List.of("/", "/data")) {
            for (Entry e : list(dir).subList(2, list(dir).size())) {
                FileStat st = getattr((dir.equals("/") ? "" : dir) + "/" + e.name());
                assertEquals(st.st_ino.longValue(), e.inode(), e.name());
                assertEquals(st.st_mode.intValue() & FileStat.S_IFMT, e.type(), e.name());
            }
        }
    }

    private FileStat getattr(String path) {
        FileStat st = new FileStat(jnr.ffi.Runtime.getSystemRuntime());
        assertEquals(0, fuse.getattr(path, st), path);
        return st;
    }

    private List<Entry> list(String path) {
        List<Entry> out = new ArrayList<>();
        FuseFillDir recorder = new FuseFillDir() {
            @Override
            public int apply(Pointer buf, ByteBuffer name, Pointer stbuf, long off) {
                byte[] bytes = new byte[name.remaining()];
                name.duplicate().get(bytes);
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
                if (stbuf == null) {
                    out.add(new Entry(text, 0, 0));
                } else {
                    FileStat st = FileStat.of(stbuf);
                    out.add(new Entry(text, st.st_ino.longValue(), st.st_mode.intValue() & FileStat.S_IFMT));
                }
                return 0;
            }
        };
        assertEquals(0, fuse.readdir(path, null, recorder, 0, null), path);
        return out;
    }
}
