package org.vaultfs.container;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Refuses a member name repeated within any JSON object of the manifest or extension
 * directory. Jackson's own strict detection does this with a hash set per object, which was
 * a third of the time to parse a 100,000-entry manifest; here the members a reader knows are
 * bits of a long, and only names it does not know (rare) go into a set.
 */
final class JsonMembers {
    private JsonMembers() {
    }

    /** {@code seen} with {@code member} added; refuses a member met before in the same object. */
    static long known(long seen, ManifestMembers.Member member, String name) {
        return known(seen, 1L << member.ordinal(), name);
    }

    /** {@code seen} with {@code bit} added (members without an enum: the wrapper slots); refuses a repeat. */
    static long known(long seen, long bit, String name) {
        if ((seen & bit) != 0) {
            throw duplicate(name);
        }
        return seen | bit;
    }

    /** The bits of the required members among {@code all}. */
    static long requiredMask(ManifestMembers.Member[] all) {
        long mask = 0;
        for (ManifestMembers.Member m : all) {
            if (m.required()) {
                mask |= 1L << m.ordinal();
            }
        }
        return mask;
    }

    /** Whether every required member (bits of {@code required}) was met. */
    static boolean hasRequired(long seen, long required) {
        return (seen & required) == required;
    }

    /**
     * Skips the value of a member the reader does not know, after checking its name against
     * the other unknown names of the same object; returns that set, created on first use.
     */
    static Set<String> skipUnknown(JsonParser p, String name, Set<String> unknown) throws IOException {
        Set<String> names = unknown == null ? new HashSet<>() : unknown;
        if (!names.add(name)) {
            throw duplicate(name);
        }
        skipValue(p);
        return names;
    }

    /** Skips the value at the current token, refusing repeated names in every object within it. */
    private static void skipValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Set<String> names = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                names = skipUnknown(p, name, names);
            }
        } else if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                skipValue(p);
            }
        }
    }

    static VaultException duplicate(String name) {
        return new VaultException(Failure.MALFORMED, "duplicate key " + VaultPaths.printable(name) + " in a JSON object");
    }
}
