package org.vaultfs.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.Entry;
import org.vaultfs.container.PathOrder;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.VaultException;

/**
 * Reads, authenticates and decompresses every block of an open vault (the header MAC and the
 * manifest were authenticated by opening it) and names the files each damaged block belongs
 * to. Blocks are visited in file order so the read is one sequential pass.
 */
final class BlockCheck {
    /** One damaged block and why. */
    record Damage(ChunkRecord chunk, String reason) {
    }

    record Report(long blocks, long storedBytes, List<Damage> damage, Set<String> damagedFiles) {
        boolean intact() {
            return damage.isEmpty();
        }
    }

    private BlockCheck() {
    }

    static long storedBytes(VaultReader r) {
        long n = 0;
        for (ChunkRecord c : r.manifest().chunks.values()) {
            n += c.recordLen();
        }
        return n;
    }

    static Report run(VaultReader r, LongConsumer progress) {
        List<ChunkRecord> order = new ArrayList<>(r.manifest().chunks.values());
        order.sort(Comparator.comparingLong(ChunkRecord::dataOffset));
        Map<String, Damage> damaged = new LinkedHashMap<>();
        long stored = 0;
        for (ChunkRecord c : order) {
            try {
                byte[] plain = r.readChunk(c);
                java.util.Arrays.fill(plain, (byte) 0);
            } catch (VaultException e) {
                damaged.put(c.id(), new Damage(c, e.getMessage()));
            }
            stored += c.recordLen();
            progress.accept(c.recordLen());
        }
        Set<String> files = new TreeSet<>(PathOrder::compare);
        for (Entry e : r.entries()) {
            for (String id : e.chunks()) {
                if (damaged.containsKey(id)) {
                    files.add(e.path());
                    break;
                }
            }
        }
        return new Report(order.size(), stored, new ArrayList<>(damaged.values()), files);
    }
}
