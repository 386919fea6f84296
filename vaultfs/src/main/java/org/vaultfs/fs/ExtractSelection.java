package org.vaultfs.fs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Resolves user-given vault paths to the entries to extract. A directory selects its whole
 * subtree; that includes directories that exist only implicitly as parents of files (the
 * manifest need not list them). The result keeps manifest order, so parents come first.
 * Public because the CLI lists with the same selection rules it extracts with.
 */
public final class ExtractSelection {
    private ExtractSelection() {
    }

    public static List<Entry> select(List<Entry> entries, List<String> userPaths) {
        if (userPaths.isEmpty()) {
            return List.copyOf(entries);
        }
        Set<String> roots = new LinkedHashSet<>();
        for (String p : userPaths) {
            roots.add(VaultPaths.normalize(p));
        }
        List<Entry> out = new ArrayList<>();
        Set<String> matched = new LinkedHashSet<>();
        for (Entry e : entries) {
            boolean selected = false;
            for (String r : roots) {
                if (e.path().equals(r) || VaultPaths.isDescendant(e.path(), r)) {
                    matched.add(r);
                    selected = true;
                }
            }
            if (selected) {
                out.add(e);
            }
        }
        for (String r : roots) {
            if (!matched.contains(r)) {
                throw new VaultException(Failure.NOT_FOUND, "no such entry in vault: " + VaultPaths.printable(r));
            }
        }
        return out;
    }

    /**
     * The entries under {@code paths} (all when empty) where some requested paths may name
     * special nodes of {@code metadata} (symlinks, FIFOs, devices: no manifest entry): those are
     * left to the caller, and when only such paths were named, no entry is selected.
     */
    public static List<Entry> selectEntries(List<Entry> entries, List<String> paths,
                                            org.vaultfs.metadata.TreeMetadata metadata, java.util.function.Predicate<String> isEntry) {
        List<String> entryPaths = new java.util.ArrayList<>();
        for (String p : paths) {
            String n = VaultPaths.normalize(p);
            if (metadata.special(n) == null || isEntry.test(n)) {
                entryPaths.add(p);
            }
        }
        return !paths.isEmpty() && entryPaths.isEmpty() ? List.of() : select(entries, entryPaths);
    }
}
