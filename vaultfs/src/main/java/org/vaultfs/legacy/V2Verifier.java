package org.vaultfs.legacy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.Entry;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.container.VerifyReport;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ChunkSource;

/**
 * Authenticates every chunk of an AEROVAULT2 vault through its AEAD tags (the format has no
 * other hash), naming each damaged chunk and the file it belongs to.
 */
public final class V2Verifier {
    private V2Verifier() {
    }

    public static VerifyReport verify(V2Reader reader, ChunkSource chunks, ProgressListener progress) {
        long blocks = 0;
        long bytes = 0;
        List<VerifyReport.Damage> damaged = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        for (Entry e : reader.entries()) {
            if (e.isDir()) {
                continue;
            }
            EntryLayout layout = reader.layout(e);
            for (int i = 0; i < layout.chunkCount(); i++) {
                ChunkRecord r = layout.chunk(i);
                blocks++;
                try {
                    byte[] plain = chunks.decode(r);
                    java.util.Arrays.fill(plain, (byte) 0);
                    bytes += r.plaintextLen();
                } catch (VaultException ex) {
                    damaged.add(new VerifyReport.Damage(r.id(), r.blockIndex(), e.path() + ": chunk " + i + ": " + ex.getMessage()));
                    files.add(e.path());
                }
                progress.advanced(r.plaintextLen());
            }
        }
        return new VerifyReport(blocks, bytes, damaged, List.copyOf(files));
    }
}
